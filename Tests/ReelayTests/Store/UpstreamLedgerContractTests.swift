import Foundation
import Logging
import Testing
@testable import Reelay

/// What every store's `UpstreamLedger` promises, on SQLite and on PostgreSQL: a note written by
/// one instance is read by another (so any instance resumes a task sent upstream), the upstream
/// id replaces the "sending" note, and notes go when removed or too old.
@Suite struct UpstreamLedgerContractTests {
    @Test(arguments: StoreKind.allCases) func notesAreSharedReplacedRemovedAndPruned(_ kind: StoreKind) async throws {
        try await TestStores.with(kind) { database in
            try await database.withOpened { stores in
                let ledger = stores.upstreamLedger
                let sent = Date(timeIntervalSince1970: 1_800_000_000.25)
                #expect(try await ledger.entry(for: "cgt-1") == nil)
                try await ledger.record(UpstreamLedgerEntry(channel: "ark-a", upstreamID: nil, createdAt: sent), for: "cgt-1")
                try await database.withOpened { other in
                    let sending = try await other.upstreamLedger.entry(for: "cgt-1")
                    #expect(sending?.channel == "ark-a" && sending?.upstreamID == nil)
                    #expect(sending.map { abs($0.createdAt.timeIntervalSince(sent)) < 0.001 } == true)
                    try await other.upstreamLedger.record(UpstreamLedgerEntry(channel: "ark-a", upstreamID: "cgt-up-9", createdAt: sent),
                                                          for: "cgt-1")
                }
                #expect(try await ledger.entry(for: "cgt-1")?.upstreamID == "cgt-up-9")

                try await ledger.record(UpstreamLedgerEntry(channel: "ark-b", upstreamID: "old", createdAt: sent - 86_400 * 3), for: "cgt-2")
                try await ledger.prune(olderThan: sent - 86_400)
                #expect(try await ledger.entry(for: "cgt-2") == nil)
                #expect(try await ledger.entry(for: "cgt-1") != nil)
                try await ledger.remove("cgt-1")
                #expect(try await ledger.entry(for: "cgt-1") == nil)
            }
        }
    }

    /// Notes an earlier version kept as files in `<data dir>/upstream` move into the store, so
    /// a task sent upstream before an upgrade is resumed rather than sent again.
    @Test func notesFromTheOldLedgerFolderMoveIntoTheStore() async throws {
        try await TestDatabase.with { database, directory in
            let folder = directory.url.appending(path: "upstream")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let old = UpstreamLedgerEntry(channel: "ark-a", upstreamID: "cgt-up-1", createdAt: Date(timeIntervalSince1970: 1_800_000_000))
            try JSONEncoder().encode(old).write(to: folder.appending(path: "cgt-20260101000000-abcde.json"))
            try Data("not json".utf8).write(to: folder.appending(path: "cgt-broken.json"))
            let ledger = SQLiteUpstreamLedger(database: database)
            try await LegacyUpstreamNotes.move(from: folder, into: ledger, logger: Logger(label: "test"))
            #expect(try await ledger.entry(for: "cgt-20260101000000-abcde") == old)
            #expect(try await ledger.entry(for: "cgt-broken") == nil)
            // The moved note's file is gone; the unreadable one is left for the operator.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["cgt-broken.json"])
        }
    }
}
