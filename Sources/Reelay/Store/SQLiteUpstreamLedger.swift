import Foundation
import SQLiteNIO

/// `UpstreamLedger` on the embedded SQLite database.
public struct SQLiteUpstreamLedger: UpstreamLedger {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func entry(for taskID: String) async throws -> UpstreamLedgerEntry? {
        guard let row = try await database.query("SELECT channel, upstream_id, created_at FROM upstream_ledger WHERE task_id = ?",
                                                  [.text(taskID)]).first,
              let channel = row.column("channel")?.string, let createdAt = row.column("created_at")?.date
        else { return nil }
        return UpstreamLedgerEntry(channel: channel, upstreamID: row.column("upstream_id")?.string, createdAt: createdAt)
    }

    public func record(_ entry: UpstreamLedgerEntry, for taskID: String) async throws {
        try await database.query("""
            INSERT INTO upstream_ledger (task_id, channel, upstream_id, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (task_id) DO UPDATE SET channel = excluded.channel, upstream_id = excluded.upstream_id,
                                                created_at = excluded.created_at
            """, [.text(taskID), .text(entry.channel), entry.upstreamID.map(SQLiteData.text) ?? .null, .init(entry.createdAt)])
    }

    public func remove(_ taskID: String) async throws {
        try await database.query("DELETE FROM upstream_ledger WHERE task_id = ?", [.text(taskID)])
    }

    public func prune(olderThan cutoff: Date) async throws {
        try await database.query("DELETE FROM upstream_ledger WHERE created_at < ?", [.init(cutoff)])
    }
}
