import Foundation
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The PostgreSQL database several instances share: a connection pool (`PostgresClient`). The
/// server runs it as a service of its service group, first in it so that it closes last (after
/// the engine has handed its tasks back), and migrates it before the HTTP server starts; the
/// CLI and tests `open` it, which runs the pool in a task of its own until `close()`. Instances
/// may start together: the migrations run under an advisory lock, so one applies them and the
/// others find them done.
public final class PostgresDatabase: Service, Sendable {
    let client: PostgresClient
    let logger: Logger
    let location: PostgresURL
    /// The task running the pool when no service group does (`open`).
    private let runner = Mutex<Task<Void, Never>?>(nil)

    /// The schema, one migration per entry; `schema_migrations` lists the versions applied.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE tasks (
                id text PRIMARY KEY,
                owner text NOT NULL,
                dialect text NOT NULL,
                model text NOT NULL,
                status text NOT NULL,
                progress integer NOT NULL DEFAULT 0,
                attempts integer NOT NULL DEFAULT 0,
                worker text,
                lease_until timestamptz,
                spec jsonb NOT NULL,
                result jsonb,
                failure jsonb,
                callback_url text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                started_at timestamptz,
                finished_at timestamptz
            )
            """,
            "CREATE INDEX tasks_queue ON tasks (status, created_at, id)",
            "CREATE INDEX tasks_owner ON tasks (owner, created_at, id)",
            """
            CREATE TABLE api_keys (
                id text PRIMARY KEY,
                name text NOT NULL,
                hash text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL,
                revoked_at timestamptz
            )
            """,
            """
            CREATE TABLE assets (
                id text PRIMARY KEY,
                owner text NOT NULL,
                kind text NOT NULL,
                content_type text NOT NULL,
                file_name text NOT NULL,
                bytes bigint NOT NULL,
                created_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX assets_owner ON assets (owner, created_at)",
        ],
        [
            """
            CREATE TABLE idempotency_keys (
                owner text NOT NULL,
                key text NOT NULL,
                fingerprint text NOT NULL,
                task_id text NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (owner, key)
            )
            """,
        ],
        // Fair claims walk the owners with queued work, and count each one's running tasks.
        ["CREATE INDEX tasks_fair ON tasks (status, owner, created_at, id)"],
        // Inline media kept in the blob store count against their key's storage; keys carry
        // their own limits (NULL: the server's default).
        [
            "ALTER TABLE tasks ADD COLUMN input_bytes bigint NOT NULL DEFAULT 0",
            """
            ALTER TABLE api_keys ADD COLUMN max_queued bigint, ADD COLUMN max_storage_bytes bigint,
                                 ADD COLUMN requests_per_minute bigint, ADD COLUMN daily_video_seconds bigint
            """,
        ],
        // What was sent upstream, in the store rather than a folder, so any instance can resume it.
        [
            """
            CREATE TABLE upstream_ledger (
                task_id text PRIMARY KEY,
                channel text NOT NULL,
                upstream_id text,
                created_at timestamptz NOT NULL
            )
            """,
        ],
        // Every change to a task row is announced, so each instance can keep the tasks it read in
        // memory and drop one the moment another instance changes it (`TaskChangeListener`).
        [
            """
            CREATE FUNCTION reelay_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('\(TaskChangeListener.channel)', OLD.id);
                RETURN NULL;
            END
            $$
            """,
            "CREATE TRIGGER tasks_changed AFTER UPDATE OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION reelay_task_changed()",
        ],
        // Tasks waiting on an upstream without a worker (`UpstreamParking`): `wait_state` is
        // `parked` while pollers look at them, `ready` once finished upstream and waiting for a
        // worker to download the result.
        [
            """
            ALTER TABLE tasks ADD COLUMN wait_state text, ADD COLUMN wait_channel text, ADD COLUMN wait_upstream_id text,
                              ADD COLUMN wait_since timestamptz, ADD COLUMN next_look_at timestamptz,
                              ADD COLUMN look_interval double precision, ADD COLUMN look_misses integer NOT NULL DEFAULT 0,
                              ADD COLUMN look_refusals integer NOT NULL DEFAULT 0, ADD COLUMN look_phase text
            """,
            "CREATE INDEX tasks_waiting ON tasks (wait_state, wait_channel, next_look_at) WHERE wait_state IS NOT NULL",
            "CREATE INDEX tasks_upstream ON tasks (wait_channel, wait_upstream_id) WHERE wait_state IS NOT NULL",
        ],
        // Money (`SpendStore`): one row per task, reserved at create and settled or released once
        // when it ends; each key's budgets and markup.
        [
            """
            CREATE TABLE spend (
                task_id text PRIMARY KEY,
                owner text NOT NULL,
                model text NOT NULL,
                state text NOT NULL,
                day text NOT NULL,
                month text NOT NULL,
                reserved_micros bigint NOT NULL,
                cost_micros bigint NOT NULL DEFAULT 0,
                list_micros bigint NOT NULL DEFAULT 0,
                tokens bigint NOT NULL DEFAULT 0,
                seconds bigint NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL,
                ended_at timestamptz
            )
            """,
            "CREATE INDEX spend_owner ON spend (owner, day)",
            "CREATE INDEX spend_open ON spend (state, created_at)",
            """
            CREATE TABLE key_budgets (owner text PRIMARY KEY, total_micros bigint, daily_micros bigint, monthly_micros bigint,
                                      markup double precision)
            """,
        ],
        // Who made a task's video (`local` or a channel's name), shown with the task.
        ["ALTER TABLE tasks ADD COLUMN provider text"],
    ]

    /// "Reel" in ASCII: with the schema's name, the advisory lock migrations hold. Instances of
    /// one deployment (one schema) take turns; deployments in other schemas do not wait.
    static let migrationLock: Int32 = 0x5265_656C

    /// `postgres://user:password@host:port/database?sslmode=disable` (see `PostgresURL` for the
    /// options). Nothing connects until `run()` runs the pool.
    public init(url: String, logger: Logger) throws {
        location = try PostgresURL(url)
        client = PostgresClient(configuration: location.configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the pool until the service group shuts down (or the task is cancelled).
    public func run() async {
        await client.run()
    }

    /// For callers without a service group (the CLI, tests): the pool running in a task of its
    /// own until `close()`, and the schema up to date.
    public static func open(url: String, logger: Logger) async throws -> PostgresDatabase {
        let database = try PostgresDatabase(url: url, logger: logger)
        // Detached: the pool must not inherit a graceful-shutdown context from whoever opened it.
        database.runner.withLock { $0 = Task.detached { await database.client.run() } }
        do {
            try await database.migrate()
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Brings the schema up to date once the pool runs. The pool retries a server it cannot
    /// reach forever; this waits only so long.
    public func migrate() async throws {
        let patience = location.configuration.options.connectTimeout * 2
        let location = location
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.migrate(schema: location.schema) }
            group.addTask {
                try await Task.sleep(for: patience)
                throw ConfigurationError("PostgreSQL at \(location) did not answer within \(patience) (the log above says why).")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Runs SQL without parameters (schema statements, tests' set-up).
    func execute(_ sql: String) async throws {
        try await query(PostgresQuery(unsafeSQL: sql))
    }

    /// Closes every connection of an `open`ed database. Queries after this fail. (In a service
    /// group the pool closes when the group shuts down.)
    public func close() async {
        guard let runner = runner.withLock({ $0 }) else { return }
        runner.cancel()
        await runner.value
    }

    private func migrate(schema: String?) async throws {
        let logger = logger
        try await client.withTransaction(logger: logger) { connection in
            // A transaction-scoped lock: released by COMMIT or ROLLBACK, even when a migration fails.
            let lockName = schema ?? ""
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock), hashtext(\(lockName)))", logger: logger)
            // With none of the URL's search_path schemas there yet, tables would have nowhere to go.
            if let schema, try await connection.query("SELECT 1 WHERE current_schema() IS NULL", logger: logger).collect().count == 1 {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(Self.quoted(schema))"), logger: logger)
            }
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                logger: logger)
            var applied = 0
            for try await version in try await connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations",
                                                                logger: logger).decode(Int.self) {
                applied = version
            }
            for (index, statements) in Self.migrations.enumerated().dropFirst(applied) {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (version) VALUES (\(index + 1))", logger: logger)
                logger.info("Applied PostgreSQL schema migration \(index + 1)")
            }
        }
    }

    /// An identifier in double quotes, safe to splice into SQL.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
