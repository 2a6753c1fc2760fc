import Foundation
import ReelayCore
import Synchronization

/// Requests per minute per key, counted in a sliding window of the last 60 seconds (six
/// 10-second slots). Kept in memory: with several instances each enforces the limit for the
/// requests it receives.
final class RequestRateLimiter: Sendable {
    private struct Window {
        var slots: [Int: Int] = [:]

        mutating func count(at slot: Int) -> Int {
            slots = slots.filter { $0.key > slot - 6 }
            return slots.values.reduce(0, +)
        }
    }

    /// The limit of `record` and `retryAfter`; `admit` is given each key's own.
    let limit: Int?
    private let windows = Mutex<[String: Window]>([:])
    private let prunedSlot = Atomic<Int>(0)

    init(limit: Int? = nil) {
        self.limit = limit
    }

    /// Counts a request of `owner`, or throws a rate-limit error saying when to retry.
    func admit(_ owner: String, limit: Int?, now: Date = Date()) throws(APIError) {
        guard let limit, let retryAfter = attempt(owner, limit: limit, now: now, counting: true) else { return }
        throw APIError(.rateLimited, "Rate limit reached: \(limit) requests per minute for this key. Retry after \(retryAfter) s.",
                       retryAfter: retryAfter)
    }

    /// Counts one event of `key` when it is under the limit (nothing otherwise).
    func record(_ key: String, now: Date = Date()) {
        _ = attempt(key, limit: limit, now: now, counting: true)
    }

    /// Seconds until `key` is under the limit again, or nil when it is now; counts nothing.
    func retryAfter(_ key: String, now: Date = Date()) -> Int? {
        attempt(key, limit: limit, now: now, counting: false)
    }

    /// The seconds to wait when `key` is at the limit; else nil, having counted the event if asked.
    private func attempt(_ key: String, limit: Int?, now: Date, counting: Bool) -> Int? {
        guard let limit else { return nil }
        let seconds = Int(now.timeIntervalSince1970)
        let slot = seconds / 10
        return windows.withLock { windows -> Int? in
            // Keys come and go (client addresses): forget the quiet ones before the table grows
            // large, at most once a slot, so a table of live keys is not walked on every call.
            if windows.count > Self.forgetAbove, prunedSlot.exchange(slot, ordering: .relaxed) != slot {
                windows = windows.filter { $0.value.slots.keys.contains { $0 > slot - 6 } }
            }
            var window = windows[key] ?? Window()
            defer { windows[key] = window }
            guard window.count(at: slot) < limit else {
                // The oldest slot leaves the window at the start of slot (oldest + 6).
                let oldest = window.slots.keys.min() ?? slot
                return max(1, (oldest + 6) * 10 - seconds)
            }
            if counting { window.slots[slot, default: 0] += 1 }
            return nil
        }
    }

    static let forgetAbove = 10_000
}
