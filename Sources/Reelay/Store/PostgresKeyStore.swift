import Foundation
import PostgresNIO

/// `KeyStore` on the shared PostgreSQL database.
public struct PostgresKeyStore: KeyStore {
    let database: PostgresDatabase
    static let columns = "id, name, created_at, revoked_at, max_queued, max_storage_bytes, requests_per_minute, daily_video_seconds"

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func create(name: String, limits: KeyLimitOverrides, now: Date) async throws -> (key: APIKey, secret: String) {
        let secret = APIKey.newSecret()
        let hash = APIKey.hash(secret)
        let key = APIKey(id: "key_" + String(hash.prefix(16)), name: name, createdAt: now, limits: limits)
        try await database.query(
            """
            INSERT INTO api_keys (id, name, hash, created_at, max_queued, max_storage_bytes, requests_per_minute, daily_video_seconds)
            VALUES (\(key.id), \(name), \(hash), \(now), \(limits.maxQueued), \(limits.maxStorageBytes), \(limits.requestsPerMinute),
                    \(limits.dailyVideoSeconds))
            """)
        return (key, secret)
    }

    public func list() async throws -> [APIKey] {
        try await database.query("SELECT \(unescaped: Self.columns) FROM api_keys ORDER BY created_at").map(Self.decode)
    }

    public func update(_ idOrName: String, limits: KeyLimitOverrides) async throws -> APIKey? {
        try await database.query(
            """
            UPDATE api_keys SET max_queued = \(limits.maxQueued), max_storage_bytes = \(limits.maxStorageBytes),
                                requests_per_minute = \(limits.requestsPerMinute), daily_video_seconds = \(limits.dailyVideoSeconds)
            WHERE id = (SELECT id FROM api_keys WHERE (id = \(idOrName) OR name = \(idOrName)) AND revoked_at IS NULL
                        ORDER BY created_at LIMIT 1)
            RETURNING \(unescaped: Self.columns)
            """
        ).first.map(Self.decode)
    }

    public func rename(_ id: String, to name: String) async throws -> APIKey? {
        try await database.query(
            "UPDATE api_keys SET name = \(name) WHERE id = \(id) AND revoked_at IS NULL RETURNING \(unescaped: Self.columns)"
        ).first.map(Self.decode)
    }

    public func revoke(_ idOrName: String, now: Date) async throws -> Bool {
        let rows = try await database.query(
            "UPDATE api_keys SET revoked_at = \(now) WHERE (id = \(idOrName) OR name = \(idOrName)) AND revoked_at IS NULL RETURNING id")
        return !rows.isEmpty
    }

    public func key(hash: String) async throws -> APIKey? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM api_keys WHERE hash = \(hash) AND revoked_at IS NULL")
            .first.map(Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> APIKey {
        let (id, name, createdAt, revokedAt, maxQueued, maxStorage, perMinute, dailySeconds)
            = try row.decode((String, String, Date, Date?, Int?, Int?, Int?, Int?).self)
        return APIKey(id: id, name: name, createdAt: createdAt, revokedAt: revokedAt,
                      limits: KeyLimitOverrides(maxQueued: maxQueued, maxStorageBytes: maxStorage, requestsPerMinute: perMinute,
                                                dailyVideoSeconds: dailySeconds))
    }
}
