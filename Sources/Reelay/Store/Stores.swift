import Foundation
import Logging
import ServiceLifecycle

/// The stores one instance works with, opened from the configuration: the embedded SQLite
/// database by default, or a PostgreSQL database several instances share.
public struct Stores: Sendable {
    public var tasks: any TaskStore
    public var keys: any KeyStore
    public var assets: any AssetStore
    public var idempotency: any IdempotencyStore
    public var upstreamLedger: any UpstreamLedger
    /// Every task's cost and each key's budget.
    public var spend: any SpendStore
    /// True when no other instance can share the store (SQLite): tasks found running at start
    /// were left by a dead process and are recovered at once.
    public var isSingleInstance: Bool
    /// Closes connections; called once at shutdown.
    public var close: @Sendable () async -> Void
    /// What must run in the service group for the stores to work (the PostgreSQL pool and the
    /// listener that keeps the task cache true).
    public var services: [any Service] = []
    /// Brings the schema up to date once `service` runs (SQLite migrates when it opens).
    public var migrate: @Sendable () async throws -> Void = {}

    /// The stores for `reelay serve`: SQLite opened and migrated; PostgreSQL ready to run as
    /// `service`, then `migrate`, before the HTTP server starts (as the application does).
    public static func make(_ configuration: AppConfiguration, logger: Logger) async throws -> Stores {
        guard let url = configuration.databaseURL else { return try await sqlite(configuration, logger: logger) }
        let database = try PostgresDatabase(url: url, logger: logger)
        var stores = postgres(database)
        stores.services = [database]
        // The listener holds one of the pool's connections for good; a pool of one keeps it for queries.
        if database.location.configuration.options.maximumConnections > 1 {
            let cache = CachingTaskStore(stores.tasks, filling: false)
            stores.tasks = cache
            stores.services.append(TaskChangeListener(database: database, cache: cache, logger: logger))
        }
        stores.migrate = { try await database.migrate() }
        return stores
    }

    /// The stores ready to use at once, for callers without a service group (the CLI, tests).
    public static func open(_ configuration: AppConfiguration, logger: Logger) async throws -> Stores {
        guard let url = configuration.databaseURL else { return try await sqlite(configuration, logger: logger) }
        return postgres(try await PostgresDatabase.open(url: url, logger: logger))
    }

    private static func postgres(_ database: PostgresDatabase) -> Stores {
        Stores(tasks: PostgresTaskStore(database: database), keys: PostgresKeyStore(database: database),
               assets: PostgresAssetStore(database: database), idempotency: PostgresIdempotencyStore(database: database),
               upstreamLedger: PostgresUpstreamLedger(database: database), spend: PostgresSpendStore(database: database),
               isSingleInstance: false, close: { await database.close() })
    }

    private static func sqlite(_ configuration: AppConfiguration, logger: Logger) async throws -> Stores {
        let database = try await SQLiteDatabase.open(path: configuration.databasePath, logger: logger)
        // One process holds a SQLite database (the data directory's lock), so every write to its
        // tasks passes here and recently read tasks can be served from memory.
        return Stores(tasks: CachingTaskStore(SQLiteTaskStore(database: database)), keys: SQLiteKeyStore(database: database),
                      assets: SQLiteAssetStore(database: database), idempotency: SQLiteIdempotencyStore(database: database),
                      upstreamLedger: SQLiteUpstreamLedger(database: database), spend: SQLiteSpendStore(database: database),
                      isSingleInstance: true,
                      close: { try? await database.close() })
    }
}
