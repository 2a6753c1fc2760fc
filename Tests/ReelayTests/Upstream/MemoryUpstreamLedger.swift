import Foundation
import Synchronization
@testable import Reelay

/// An upstream ledger in memory, for tests of the runners and the router: a "restart" is a new
/// provider given the same ledger. The stores' own ledgers have contract tests of their own.
final class MemoryUpstreamLedger: UpstreamLedger {
    private let notes = Mutex<[String: UpstreamLedgerEntry]>([:])

    func entry(for taskID: String) async throws -> UpstreamLedgerEntry? { notes.withLock { $0[taskID] } }
    func record(_ entry: UpstreamLedgerEntry, for taskID: String) async throws { notes.withLock { $0[taskID] = entry } }
    func remove(_ taskID: String) async throws { _ = notes.withLock { $0.removeValue(forKey: taskID) } }
    func prune(olderThan cutoff: Date) async throws { notes.withLock { $0 = $0.filter { $0.value.createdAt >= cutoff } } }

    /// Every note, by task id.
    var all: [String: UpstreamLedgerEntry] { notes.withLock { $0 } }
}
