import Foundation
import SQLiteNIO

/// `KeyStore` on the embedded SQLite database.
public struct SQLiteKeyStore: KeyStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func create(name: String, now: Date) async throws -> (key: APIKey, secret: String) {
        let secret = APIKey.newSecret()
        let key = APIKey(id: "key_" + String(APIKey.hash(secret).prefix(16)), name: name, createdAt: now)
        try await database.query(
            "INSERT INTO api_keys (id, name, hash, created_at) VALUES (?, ?, ?, ?)",
            [.text(key.id), .text(name), .text(APIKey.hash(secret)), .init(now)])
        return (key, secret)
    }

    public func list() async throws -> [APIKey] {
        try await database.query("SELECT * FROM api_keys ORDER BY created_at").map(Self.decode)
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

    static func decode(_ row: SQLiteRow) -> APIKey {
        APIKey(id: row.column("id")?.string ?? "", name: row.column("name")?.string ?? "",
               createdAt: row.column("created_at")?.date ?? .distantPast, revokedAt: row.column("revoked_at")?.date)
    }
}
