import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// The embedded SQLite database: one connection in WAL mode, migrated on open. Every store
/// statement is a single atomic statement, so one serialized connection is all it needs.
public final class SQLiteDatabase: Sendable {
    let connection: SQLiteConnection

    /// The schema, one migration per entry; `PRAGMA user_version` counts those applied.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE tasks (
                id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                dialect TEXT NOT NULL,
                model TEXT NOT NULL,
                status TEXT NOT NULL,
                progress INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                worker TEXT,
                lease_until REAL,
                spec TEXT NOT NULL,
                result TEXT,
                failure TEXT,
                callback_url TEXT,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL,
                started_at REAL,
                finished_at REAL
            )
            """,
            "CREATE INDEX tasks_queue ON tasks (status, created_at)",
            "CREATE INDEX tasks_owner ON tasks (owner, created_at)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                hash TEXT NOT NULL UNIQUE,
                created_at REAL NOT NULL,
                revoked_at REAL
            )
            """,
        ],
        [
            """
            CREATE TABLE assets (
                id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                kind TEXT NOT NULL,
                content_type TEXT NOT NULL,
                file_name TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                created_at REAL NOT NULL
            )
            """,
            "CREATE INDEX assets_owner ON assets (owner, created_at)",
        ],
        [
            """
            CREATE TABLE idempotency_keys (
                owner TEXT NOT NULL,
                key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                task_id TEXT NOT NULL,
                created_at REAL NOT NULL,
                PRIMARY KEY (owner, key)
            )
            """,
        ],
        // Fair claims walk the owners with queued work, and count each one's running tasks.
        ["CREATE INDEX tasks_fair ON tasks (status, owner, created_at, id)"],
        // Inline media kept in the blob store count against their key's storage; keys carry
        // their own limits (NULL: the server's default).
        [
            "ALTER TABLE tasks ADD COLUMN input_bytes INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE api_keys ADD COLUMN max_queued INTEGER",
            "ALTER TABLE api_keys ADD COLUMN max_storage_bytes INTEGER",
            "ALTER TABLE api_keys ADD COLUMN requests_per_minute INTEGER",
            "ALTER TABLE api_keys ADD COLUMN daily_video_seconds INTEGER",
        ],
        // What was sent upstream, in the store rather than a folder, so any instance can resume it.
        [
            """
            CREATE TABLE upstream_ledger (
                task_id TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                upstream_id TEXT,
                created_at REAL NOT NULL
            )
            """,
        ],
        // Tasks waiting on an upstream without a worker (`UpstreamParking`): `wait_state` is
        // `parked` while pollers look at them, `ready` once finished upstream and waiting for a
        // worker to download the result.
        [
            "ALTER TABLE tasks ADD COLUMN wait_state TEXT",
            "ALTER TABLE tasks ADD COLUMN wait_channel TEXT",
            "ALTER TABLE tasks ADD COLUMN wait_upstream_id TEXT",
            "ALTER TABLE tasks ADD COLUMN wait_since REAL",
            "ALTER TABLE tasks ADD COLUMN next_look_at REAL",
            "ALTER TABLE tasks ADD COLUMN look_interval REAL",
            "ALTER TABLE tasks ADD COLUMN look_misses INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE tasks ADD COLUMN look_refusals INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE tasks ADD COLUMN look_phase TEXT",
            "CREATE INDEX tasks_waiting ON tasks (wait_state, wait_channel, next_look_at) WHERE wait_state IS NOT NULL",
            "CREATE INDEX tasks_upstream ON tasks (wait_channel, wait_upstream_id) WHERE wait_state IS NOT NULL",
        ],
        // Money (`SpendStore`): one row per task, reserved at create and settled or released once
        // when it ends; each key's budgets and markup.
        [
            """
            CREATE TABLE spend (
                task_id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                model TEXT NOT NULL,
                state TEXT NOT NULL,
                day TEXT NOT NULL,
                month TEXT NOT NULL,
                reserved_micros INTEGER NOT NULL,
                cost_micros INTEGER NOT NULL DEFAULT 0,
                list_micros INTEGER NOT NULL DEFAULT 0,
                tokens INTEGER NOT NULL DEFAULT 0,
                seconds INTEGER NOT NULL DEFAULT 0,
                created_at REAL NOT NULL,
                ended_at REAL
            )
            """,
            "CREATE INDEX spend_owner ON spend (owner, day)",
            "CREATE INDEX spend_open ON spend (state, created_at)",
            "CREATE TABLE key_budgets (owner TEXT PRIMARY KEY, total_micros INTEGER, daily_micros INTEGER, monthly_micros INTEGER, markup REAL)",
        ],
        // Who made a task's video (`local` or a channel's name), shown with the task.
        ["ALTER TABLE tasks ADD COLUMN provider TEXT"],
    ]

    public static func open(path: String, logger: Logger) async throws -> SQLiteDatabase {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let database = SQLiteDatabase(connection: connection)
        _ = try await database.query("PRAGMA journal_mode = WAL")
        _ = try await database.query("PRAGMA synchronous = NORMAL")
        _ = try await database.query("PRAGMA foreign_keys = ON")
        try await database.migrate(logger: logger)
        return database
    }

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    @discardableResult
    public func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await connection.query(sql, binds)
    }

    public func close() async throws {
        try await connection.close()
    }

    private func migrate(logger: Logger) async throws {
        let version = try await query("PRAGMA user_version").first?.column("user_version")?.integer ?? 0
        guard version < Self.migrations.count else { return }
        for (index, statements) in Self.migrations.enumerated().dropFirst(version) {
            _ = try await query("BEGIN IMMEDIATE")
            do {
                for statement in statements { _ = try await query(statement) }
                _ = try await query("PRAGMA user_version = \(index + 1)")
                _ = try await query("COMMIT")
            } catch {
                _ = try? await query("ROLLBACK")
                throw error
            }
            logger.info("Applied schema migration \(index + 1)")
        }
    }
}

extension SQLiteData {
    init(_ date: Date?) {
        self = date.map { .float($0.timeIntervalSince1970) } ?? .null
    }

    init(_ string: String?) {
        self = string.map { .text($0) } ?? .null
    }

    init(_ integer: Int?) {
        self = integer.map { .integer($0) } ?? .null
    }

    var date: Date? {
        switch self {
        case .float(let value): Date(timeIntervalSince1970: value)
        case .integer(let value): Date(timeIntervalSince1970: Double(value))
        default: nil
        }
    }
}
