import Foundation
import PostgresNIO
import ReelayCore

/// `AssetStore` on the shared PostgreSQL database.
public struct PostgresAssetStore: AssetStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func insert(_ asset: Asset) async throws {
        try await database.query(
            """
            INSERT INTO assets (id, owner, kind, content_type, file_name, bytes, created_at)
            VALUES (\(asset.id), \(asset.owner), \(asset.kind.rawValue), \(asset.contentType), \(asset.fileName), \(asset.bytes),
                    \(asset.createdAt))
            """)
    }

    public func asset(id: String) async throws -> Asset? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM assets WHERE id = \(id)").first.flatMap(Self.decode)
    }

    public func assets(owner: String) async throws -> [Asset] {
        try await database.query("SELECT \(unescaped: Self.columns) FROM assets WHERE owner = \(owner) ORDER BY created_at DESC, id DESC")
            .compactMap(Self.decode)
    }

    public func delete(id: String) async throws {
        try await database.query("DELETE FROM assets WHERE id = \(id)")
    }

    public func bytes(owner: String?) async throws -> [String: Int] {
        let rows = try await database.query(
            "SELECT owner, sum(bytes)::bigint FROM assets WHERE (\(owner)::text IS NULL OR owner = \(owner)) GROUP BY owner")
        return Dictionary(try rows.map { try $0.decode((String, Int).self) }, uniquingKeysWith: +)
    }

    static let columns = "id, owner, kind, content_type, file_name, bytes, created_at"

    /// Nil for a row this version cannot read (an unknown kind), as in `SQLiteAssetStore`.
    static func decode(_ row: PostgresRow) throws -> Asset? {
        let (id, owner, kind, contentType, fileName, bytes, createdAt) = try row.decode((String, String, String, String, String, Int, Date).self)
        guard let kind = MediaInput.Kind(rawValue: kind) else { return nil }
        return Asset(id: id, owner: owner, kind: kind, contentType: contentType, fileName: fileName, bytes: bytes, createdAt: createdAt)
    }
}
