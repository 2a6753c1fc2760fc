import Foundation
import SQLiteNIO

/// `IdempotencyStore` on the embedded SQLite database.
public struct SQLiteIdempotencyStore: IdempotencyStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func reserve(_ record: IdempotencyRecord) async throws -> IdempotencyRecord {
        try await database.query(
            "INSERT INTO idempotency_keys (owner, key, fingerprint, task_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [.text(record.owner), .text(record.key), .text(record.fingerprint), .text(record.taskID), .init(record.createdAt)])
        return try await self.record(owner: record.owner, key: record.key) ?? record
    }

    public func record(owner: String, key: String) async throws -> IdempotencyRecord? {
        guard let row = try await database.query("SELECT * FROM idempotency_keys WHERE owner = ? AND key = ?",
                                                  [.text(owner), .text(key)]).first,
              let fingerprint = row.column("fingerprint")?.string, let taskID = row.column("task_id")?.string
        else { return nil }
        return IdempotencyRecord(owner: owner, key: key, fingerprint: fingerprint, taskID: taskID,
                                 createdAt: row.column("created_at")?.date ?? Date())
    }

    public func release(owner: String, key: String, taskID: String) async throws {
        try await database.query("DELETE FROM idempotency_keys WHERE owner = ? AND key = ? AND task_id = ?",
                                 [.text(owner), .text(key), .text(taskID)])
    }
}
