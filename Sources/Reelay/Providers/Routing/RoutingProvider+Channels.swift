import Foundation

/// The channels as the admin channel report shows them.
extension RoutingProvider {
    public struct ChannelState: Sendable {
        public var name: String
        /// Nil for the local renderer, which has no circuit, slots or failure record.
        public var breaker: CircuitBreaker?
        public var maxConcurrent: Int?
        public var activity: ChannelActivity?
    }

    /// Every configured channel, `local` included, by name.
    public var channelStates: [ChannelState] {
        channels.keys.sorted().map { name in
            let gate = channels[name]?.gate
            return ChannelState(name: name, breaker: gate?.breaker, maxConcurrent: gate?.slots?.limit, activity: gate?.activity)
        }
    }
}
