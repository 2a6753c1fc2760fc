import Foundation
import Logging
import ReelayCore
import Synchronization

extension RoutingProvider {
    /// Whether any channel sends tasks upstream (so tasks may be parked).
    public var hasUpstreamChannels: Bool { channels.values.contains { $0.polled != nil } }

    /// The poller of this router's upstream channels' parked tasks, or nil when no upstream
    /// channel is configured (then nothing is ever parked). Callbacks the router receives wake it.
    /// - Parameter handedOff: wakes idle workers when finished tasks wait for one.
    public func makePoller(store: any TaskStore & UpstreamParking, events: any TaskEvents, startGate: StartGate? = nil,
                           tick: Duration = .milliseconds(500), handedOff: @escaping @Sendable () -> Void = {},
                           logger: Logger) -> UpstreamPoller? {
        let polled = channels.values.compactMap(\.polled)
        guard !polled.isEmpty else { return nil }
        let poller = UpstreamPoller(store: store, channels: polled, events: events, tick: tick, startGate: startGate,
                                    handedOff: handedOff, logger: logger)
        pollerLink.poller = poller
        return poller
    }
}

/// Lets the router, made before the poller, hand callbacks to it.
final class PollerLink: Sendable {
    private let value = Mutex<UpstreamPoller?>(nil)

    var poller: UpstreamPoller? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
