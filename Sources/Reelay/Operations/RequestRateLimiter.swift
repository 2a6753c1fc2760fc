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

    let limit: Int?
    private let windows = Mutex<[String: Window]>([:])

    init(limit: Int?) {
        self.limit = limit
    }

    /// Counts a request of `owner`, or throws a rate-limit error saying when to retry.
    func admit(_ owner: String, now: Date = Date()) throws(APIError) {
        guard let limit else { return }
        let seconds = Int(now.timeIntervalSince1970)
        let slot = seconds / 10
        let refused = windows.withLock { windows -> Int? in
            var window = windows[owner] ?? Window()
            defer { windows[owner] = window }
            guard window.count(at: slot) < limit else {
                // The oldest slot leaves the window at the start of slot (oldest + 6).
                let oldest = window.slots.keys.min() ?? slot
                return max(1, (oldest + 6) * 10 - seconds)
            }
            window.slots[slot, default: 0] += 1
            return nil
        }
        if let retryAfter = refused {
            throw APIError(.rateLimited, "Rate limit reached: \(limit) requests per minute for this key. Retry after \(retryAfter) s.",
                           retryAfter: retryAfter)
        }
    }
}
