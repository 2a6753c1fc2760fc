/// Jittered exponential backoff for upstream calls that may safely run again (polls, downloads,
/// deletes, and creates the upstream certainly refused).
public struct RetryPolicy: Sendable, Equatable {
    /// Tries in all, the first included.
    public var attempts: Int
    /// The pause after the first failure, doubled after each further one up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(attempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(10)) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The pause after failed try number `attempt` (1-based): half the exponential step plus a
    /// random half, so that many callers that failed together do not come back together. A
    /// server's `Retry-After` is honoured up to `maxDelay`.
    public func delay(after attempt: Int, retryAfter: Duration? = nil) -> Duration {
        let step = min(maxDelay, baseDelay * (1 << min(max(0, attempt - 1), 20)))
        let jittered = step / 2 + step / 2 * Double.random(in: 0...1)
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, maxDelay))
    }

    /// One try's outcome: a value, or a transient failure worth another try.
    enum Attempt<Value: Sendable>: Sendable {
        case success(Value)
        case transient(String, retryAfter: Duration? = nil)
    }

    /// Thrown when every try failed transiently; `reason` is the last failure's.
    struct Exhausted: Error, Sendable {
        var reason: String
    }

    /// Runs `body` until it succeeds, throws, or has failed transiently `attempts` times.
    func run<Value: Sendable>(_ body: () async throws -> Attempt<Value>) async throws -> Value {
        var attempt = 0
        while true {
            attempt += 1
            switch try await body() {
            case .success(let value):
                return value
            case .transient(let reason, let retryAfter):
                guard attempt < attempts else { throw Exhausted(reason: reason) }
                try await Task.sleep(for: delay(after: attempt, retryAfter: retryAfter))
            }
        }
    }
}
