import Foundation
import SQLiteNIO

/// `KeyStore` on the embedded SQLite database.
public struct SQLiteKeyStore: KeyStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func create(name: String, limits: KeyLimitOverrides, now: Date) async throws -> (key: APIKey, secret: String) {
        let secret = APIKey.newSecret()
        let key = APIKey(id: "key_" + String(APIKey.hash(secret).prefix(16)), name: name, createdAt: now, limits: limits)
        try await database.query(
            """
            INSERT INTO api_keys (id, name, hash, created_at, max_queued, max_storage_bytes, requests_per_minute, daily_video_seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(key.id), .text(name), .text(APIKey.hash(secret)), .init(now)] + Self.bindings(limits))
        return (key, secret)
    }

    public func list() async throws -> [APIKey] {
        try await database.query("SELECT * FROM api_keys ORDER BY created_at").map(Self.decode)
    }

    public func update(_ idOrName: String, limits: KeyLimitOverrides) async throws -> APIKey? {
        try await database.query(
            """
            UPDATE api_keys SET max_queued = ?, max_storage_bytes = ?, requests_per_minute = ?, daily_video_seconds = ?
            WHERE id = (SELECT id FROM api_keys WHERE (id = ? OR name = ?) AND revoked_at IS NULL ORDER BY created_at LIMIT 1)
            RETURNING *
            """,
            Self.bindings(limits) + [.text(idOrName), .text(idOrName)]
        ).first.map(Self.decode)
    }

    public func rename(_ id: String, to name: String) async throws -> APIKey? {
        try await database.query("UPDATE api_keys SET name = ? WHERE id = ? AND revoked_at IS NULL RETURNING *", [.text(name), .text(id)])
            .first.map(Self.decode)
    }

    public func revoke(_ idOrName: String, now: Date) async throws -> Bool {
        let rows = try await database.query(
            "UPDATE api_keys SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL RETURNING id",
            [.init(now), .text(idOrName), .text(idOrName)])
        return !rows.isEmpty
    }

    public func key(hash: String) async throws -> APIKey? {
        try await database.query("SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL", [.text(hash)])
            .first.map(Self.decode)
    }

    static func bindings(_ limits: KeyLimitOverrides) -> [SQLiteData] {
        [.init(limits.maxQueued), .init(limits.maxStorageBytes), .init(limits.requestsPerMinute), .init(limits.dailyVideoSeconds)]
    }

    static func decode(_ row: SQLiteRow) -> APIKey {
        let limits = KeyLimitOverrides(maxQueued: row.column("max_queued")?.integer, maxStorageBytes: row.column("max_storage_bytes")?.integer,
                                       requestsPerMinute: row.column("requests_per_minute")?.integer,
                                       dailyVideoSeconds: row.column("daily_video_seconds")?.integer)
        return APIKey(id: row.column("id")?.string ?? "", name: row.column("name")?.string ?? "",
                      createdAt: row.column("created_at")?.date ?? .distantPast, revokedAt: row.column("revoked_at")?.date, limits: limits)
    }
}
