import Foundation
import PostgresNIO

/// `KeyStore` on the shared PostgreSQL database.
public struct PostgresKeyStore: KeyStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func create(name: String, now: Date) async throws -> (key: APIKey, secret: String) {
        let secret = APIKey.newSecret()
        let hash = APIKey.hash(secret)
        let key = APIKey(id: "key_" + String(hash.prefix(16)), name: name, createdAt: now)
        try await database.query("INSERT INTO api_keys (id, name, hash, created_at) VALUES (\(key.id), \(name), \(hash), \(now))")
        return (key, secret)
    }

    public func list() async throws -> [APIKey] {
        try await database.query("SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY created_at").map(Self.decode)
    }

    public func revoke(_ idOrName: String, now: Date) async throws -> Bool {
        let rows = try await database.query(
            "UPDATE api_keys SET revoked_at = \(now) WHERE (id = \(idOrName) OR name = \(idOrName)) AND revoked_at IS NULL RETURNING id")
        return !rows.isEmpty
    }

    public func key(hash: String) async throws -> APIKey? {
        try await database.query("SELECT id, name, created_at, revoked_at FROM api_keys WHERE hash = \(hash) AND revoked_at IS NULL")
            .first.map(Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> APIKey {
        let (id, name, createdAt, revokedAt) = try row.decode((String, String, Date, Date?).self)
        return APIKey(id: id, name: name, createdAt: createdAt, revokedAt: revokedAt)
    }
}
