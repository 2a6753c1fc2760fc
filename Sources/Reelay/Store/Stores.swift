import Foundation
import Logging

/// The stores one instance works with, opened from the configuration: the embedded SQLite
/// database by default, or a PostgreSQL database several instances share.
public struct Stores: Sendable {
    public var tasks: any TaskStore
    public var keys: any KeyStore
    public var assets: any AssetStore
    public var idempotency: any IdempotencyStore
    /// True when no other instance can share the store (SQLite): tasks found running at start
    /// were left by a dead process and are recovered at once.
    public var isSingleInstance: Bool
    /// Closes connections; called once at shutdown.
    public var close: @Sendable () async -> Void

    public static func open(_ configuration: AppConfiguration, logger: Logger) async throws -> Stores {
        if let url = configuration.databaseURL {
            let database = try await PostgresDatabase.open(url: url, logger: logger)
            return Stores(tasks: PostgresTaskStore(database: database), keys: PostgresKeyStore(database: database),
                          assets: PostgresAssetStore(database: database), idempotency: PostgresIdempotencyStore(database: database),
                          isSingleInstance: false,
                          close: { await database.close() })
        }
        let database = try await SQLiteDatabase.open(path: configuration.databasePath, logger: logger)
        // One process holds a SQLite database (the data directory's lock), so every write to its
        // tasks passes here and recently read tasks can be served from memory.
        return Stores(tasks: CachingTaskStore(SQLiteTaskStore(database: database)), keys: SQLiteKeyStore(database: database),
                      assets: SQLiteAssetStore(database: database), idempotency: SQLiteIdempotencyStore(database: database),
                      isSingleInstance: true,
                      close: { try? await database.close() })
    }
}
