import Synchronization

/// Spaces requests to at most `rate` per second (a generic cell rate algorithm: each caller
/// reserves the next free instant, so concurrent callers queue in order), with a burst of
/// `burst` requests allowed at once after a quiet spell.
final class RateLimiter: Sendable {
    let interval: Duration
    let burst: Int
    /// When the next request may go if no burst credit is left.
    private let theoreticalArrival = Mutex<ContinuousClock.Instant>(.now)

    init(requestsPerSecond rate: Double, burst: Int = 1) {
        interval = .seconds(1 / max(rate, 0.001))
        self.burst = max(1, burst)
    }

    /// Waits for this request's turn.
    func acquire() async throws {
        let wait = theoreticalArrival.withLock { arrival -> Duration in
            let now = ContinuousClock.now
            arrival = max(arrival, now)
            let start = arrival - interval * (burst - 1)
            arrival += interval
            return start > now ? now.duration(to: start) : .zero
        }
        if wait > .zero { try await Task.sleep(for: wait) }
    }
}
