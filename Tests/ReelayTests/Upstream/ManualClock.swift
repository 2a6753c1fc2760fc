import Synchronization

/// A time that stands still until `advance` moves it, for circuit breakers in tests.
final class ManualClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    var now: @Sendable () -> ContinuousClock.Instant { { self.start + self.offset.withLock { $0 } } }

    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}
