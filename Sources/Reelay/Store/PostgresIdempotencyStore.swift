import Foundation
import PostgresNIO

/// `IdempotencyStore` on the shared PostgreSQL database: the primary key on (owner, key) makes
/// concurrent creates on several instances agree on one task.
public struct PostgresIdempotencyStore: IdempotencyStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func reserve(_ record: IdempotencyRecord) async throws -> IdempotencyRecord {
        try await database.query("""
            INSERT INTO idempotency_keys (owner, key, fingerprint, task_id, created_at)
            VALUES (\(record.owner), \(record.key), \(record.fingerprint), \(record.taskID), \(record.createdAt))
            ON CONFLICT DO NOTHING
            """)
        return try await self.record(owner: record.owner, key: record.key) ?? record
    }

    public func record(owner: String, key: String) async throws -> IdempotencyRecord? {
        guard let row = try await database.query(
            "SELECT fingerprint, task_id, created_at FROM idempotency_keys WHERE owner = \(owner) AND key = \(key)").first
        else { return nil }
        let (fingerprint, taskID, createdAt) = try row.decode((String, String, Date).self)
        return IdempotencyRecord(owner: owner, key: key, fingerprint: fingerprint, taskID: taskID, createdAt: createdAt)
    }

    public func release(owner: String, key: String, taskID: String) async throws {
        try await database.query("DELETE FROM idempotency_keys WHERE owner = \(owner) AND key = \(key) AND task_id = \(taskID)")
    }
}
