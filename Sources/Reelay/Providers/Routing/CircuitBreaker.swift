import Synchronization

/// Stops sending creates to a channel that keeps refusing them: after `threshold` definite
/// failures in a row it opens (creates are refused at once, so the router fails over without
/// waiting on a broken upstream); after `coolDown` it lets one trial create through (half-open),
/// whose outcome closes or re-opens it.
public final class CircuitBreaker: Sendable {
    /// Raw values as the admin channel report spells them.
    public enum State: String, Sendable, Equatable { case closed, open, halfOpen = "half_open" }

    private struct Storage {
        var failures = 0
        var openedAt: ContinuousClock.Instant?
        var trialInFlight = false
    }

    public let threshold: Int
    public let coolDown: Duration
    /// The time; tests pass their own to step past the cool-down without waiting for it.
    private let now: @Sendable () -> ContinuousClock.Instant
    private let storage = Mutex(Storage())

    public init(threshold: Int = 5, coolDown: Duration = .seconds(30), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.threshold = max(1, threshold)
        self.coolDown = coolDown
        self.now = now
    }

    public var state: State {
        storage.withLock { storage in
            guard let openedAt = storage.openedAt else { return .closed }
            return now() < openedAt + coolDown ? .open : .halfOpen
        }
    }

    /// Whether a create may be sent now. In the half-open state only one trial is let through.
    func permit() -> Bool {
        storage.withLock { storage in
            guard let openedAt = storage.openedAt else { return true }
            guard now() >= openedAt + coolDown, !storage.trialInFlight else { return false }
            storage.trialInFlight = true
            return true
        }
    }

    /// The upstream accepted a create.
    func succeeded() {
        storage.withLock { $0 = Storage() }
    }

    /// The upstream definitely refused a create for reasons of its own (5xx, 429, unreachable, auth).
    func failed() {
        storage.withLock { storage in
            storage.failures += 1
            if storage.trialInFlight || storage.failures >= threshold { storage.openedAt = now() }
            storage.trialInFlight = false
        }
    }

    /// A permitted create ended without saying anything about the channel's health (a bad
    /// request, an ambiguous timeout, a cancellation): the trial slot is freed.
    func abandoned() {
        storage.withLock { $0.trialInFlight = false }
    }
}
