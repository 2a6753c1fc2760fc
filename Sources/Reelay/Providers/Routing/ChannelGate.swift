/// What stands between a job and one upstream channel: its circuit breaker, its limit of tasks in
/// flight (the upstream account's concurrency quota) and its create rate limit.
struct ChannelGate: Sendable {
    let breaker: CircuitBreaker
    let slots: ConcurrencyLimit?
    let rate: RateLimiter?
    /// Its recent failures, for the admin channel report.
    let activity: ChannelActivity

    init(breaker: CircuitBreaker, maxConcurrent: Int?, requestsPerSecond: Double?, activity: ChannelActivity = ChannelActivity(secret: nil)) {
        self.breaker = breaker
        self.activity = activity
        slots = maxConcurrent.map(ConcurrencyLimit.init(limit:))
        rate = requestsPerSecond.map { RateLimiter(requestsPerSecond: $0) }
    }

    /// Takes a slot for one job: waiting for it, or (when `wait` is false) returning false if
    /// the channel is full so that the router can try another one.
    func enter(wait: Bool) async throws -> Bool {
        guard let slots else { return true }
        if wait {
            try await slots.acquire()
            return true
        }
        return slots.tryAcquire()
    }

    func leave() {
        slots?.release()
    }
}
