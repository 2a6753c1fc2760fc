import Foundation
import ReelayCore
import SQLiteNIO

/// Asset records. The files themselves live in the asset folder (see `AssetLibrary`).
public protocol AssetStore: Sendable {
    func insert(_ asset: Asset) async throws
    func asset(id: String) async throws -> Asset?
    func assets(owner: String) async throws -> [Asset]
    func delete(id: String) async throws
    /// The bytes of each key's assets (one key's, or every key's).
    func bytes(owner: String?) async throws -> [String: Int]
}

/// `AssetStore` on the embedded SQLite database.
public struct SQLiteAssetStore: AssetStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func insert(_ asset: Asset) async throws {
        try await database.query(
            "INSERT INTO assets (id, owner, kind, content_type, file_name, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.text(asset.id), .text(asset.owner), .text(asset.kind.rawValue), .text(asset.contentType), .text(asset.fileName),
             .integer(asset.bytes), .init(asset.createdAt)])
    }

    public func asset(id: String) async throws -> Asset? {
        try await database.query("SELECT * FROM assets WHERE id = ?", [.text(id)]).first.flatMap(Self.decode)
    }

    public func assets(owner: String) async throws -> [Asset] {
        try await database.query("SELECT * FROM assets WHERE owner = ? ORDER BY created_at DESC, id DESC", [.text(owner)])
            .compactMap(Self.decode)
    }

    public func delete(id: String) async throws {
        try await database.query("DELETE FROM assets WHERE id = ?", [.text(id)])
    }

    public func bytes(owner: String?) async throws -> [String: Int] {
        let rows = try await database.query("SELECT owner, sum(bytes) AS bytes FROM assets WHERE (?1 IS NULL OR owner = ?1) GROUP BY owner",
                                            [.init(owner)])
        return Dictionary(rows.compactMap { row in row.column("owner")?.string.map { ($0, row.column("bytes")?.integer ?? 0) } },
                          uniquingKeysWith: +)
    }

    static func decode(_ row: SQLiteRow) -> Asset? {
        guard let id = row.column("id")?.string, let owner = row.column("owner")?.string,
              let kind = row.column("kind")?.string.flatMap(MediaInput.Kind.init(rawValue:)),
              let contentType = row.column("content_type")?.string, let fileName = row.column("file_name")?.string,
              let bytes = row.column("bytes")?.integer, let createdAt = row.column("created_at")?.date
        else { return nil }
        return Asset(id: id, owner: owner, kind: kind, contentType: contentType, fileName: fileName, bytes: bytes, createdAt: createdAt)
    }
}
