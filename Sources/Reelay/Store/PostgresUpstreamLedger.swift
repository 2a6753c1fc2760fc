import Foundation
import PostgresNIO

/// `UpstreamLedger` on the shared PostgreSQL database: an instance that claims a task another
/// one was running finds its note here.
public struct PostgresUpstreamLedger: UpstreamLedger {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func entry(for taskID: String) async throws -> UpstreamLedgerEntry? {
        guard let row = try await database.query(
            "SELECT channel, upstream_id, created_at FROM upstream_ledger WHERE task_id = \(taskID)").first
        else { return nil }
        let (channel, upstreamID, createdAt) = try row.decode((String, String?, Date).self)
        return UpstreamLedgerEntry(channel: channel, upstreamID: upstreamID, createdAt: createdAt)
    }

    public func record(_ entry: UpstreamLedgerEntry, for taskID: String) async throws {
        try await database.query("""
            INSERT INTO upstream_ledger (task_id, channel, upstream_id, created_at)
            VALUES (\(taskID), \(entry.channel), \(entry.upstreamID), \(entry.createdAt))
            ON CONFLICT (task_id) DO UPDATE SET channel = excluded.channel, upstream_id = excluded.upstream_id,
                                                created_at = excluded.created_at
            """)
    }

    public func remove(_ taskID: String) async throws {
        try await database.query("DELETE FROM upstream_ledger WHERE task_id = \(taskID)")
    }

    public func prune(olderThan cutoff: Date) async throws {
        try await database.query("DELETE FROM upstream_ledger WHERE created_at < \(cutoff)")
    }
}
