import Foundation
import PostgresNIO
import ReelayCore

/// `TaskStore` on a PostgreSQL database that several instances share. It behaves exactly like
/// `SQLiteTaskStore`; where instances may race, row locks decide: a claim skips rows another
/// claim holds (`FOR UPDATE SKIP LOCKED`), and every transition re-checks its condition on the
/// row it locked, so a task is claimed, failed or finished by one instance only.
public struct PostgresTaskStore: TaskStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func insert(_ task: GenerationTask) async throws {
        try await database.query(
            """
            INSERT INTO tasks (id, owner, dialect, model, status, progress, attempts, spec, result, failure,
                               callback_url, created_at, updated_at, started_at, finished_at, input_bytes, provider)
            VALUES (\(task.id), \(task.owner), \(task.dialect.rawValue), \(task.spec.model), \(task.status.rawValue),
                    \(task.progress), \(task.attempts), \(try Self.json(task.spec))::jsonb, \(try task.result.map(Self.json))::jsonb,
                    \(try task.failure.map(Self.json))::jsonb, \(task.callbackURL), \(task.createdAt), \(task.updatedAt),
                    \(task.startedAt), \(task.finishedAt), \(task.inputBytes), \(task.provider))
            """)
    }

    public func task(id: String) async throws -> GenerationTask? {
        try await database.query("SELECT * FROM tasks WHERE id = \(id)").first.map(Self.decode)
    }

    public func tasks(owner: String, query: TaskQuery) async throws -> TaskPage {
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var conditions = ["owner = \(bind(owner))"]
        if !query.statuses.isEmpty {
            conditions.append("status = ANY(\(bind(query.statuses.map(\.rawValue))))")
        }
        if !query.ids.isEmpty {
            conditions.append("id = ANY(\(bind(query.ids)))")
        }
        if let model = query.model {
            let parameter = bind(model)
            conditions.append("(model = \(parameter) OR spec->>'requestedModel' = \(parameter))")
        }
        let filter = conditions.joined(separator: " AND ")
        let total = try await database.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM tasks WHERE \(filter)", binds: binds))
            .first?.decode(Int.self) ?? 0

        let order = query.ascending ? "ASC" : "DESC"
        var pageConditions = filter
        var offset = max(0, query.page - 1) * query.limit
        if let after = query.after {
            // Cursor paging: rows beyond the cursor row in the listing order.
            let comparison = query.ascending ? ">" : "<"
            pageConditions += " AND (created_at, id) \(comparison) (SELECT created_at, id FROM tasks WHERE id = \(bind(after)))"
            offset = 0
        }
        let sql = "SELECT * FROM tasks WHERE \(pageConditions) ORDER BY created_at \(order), id \(order) "
            + "LIMIT \(bind(query.limit + 1)) OFFSET \(bind(offset))"
        let rows = try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        let tasks = try rows.prefix(query.limit).map(Self.decode)
        return TaskPage(tasks: tasks, total: total, hasMore: rows.count > query.limit)
    }

    /// Fair between keys, as on SQLite: the owner with the fewest running tasks first, then the
    /// one whose oldest queued task is oldest; within an owner the oldest task. Owners are walked
    /// in that order and each one's oldest task taken with `SKIP LOCKED`, so an instance skips a
    /// task another instance is claiming and goes on to the next owner instead of waiting.
    public func claimNext(worker: String, leaseUntil: Date, now: Date) async throws -> GenerationTask? {
        if let ready = try await claimReady(worker: worker, leaseUntil: leaseUntil, now: now) { return ready }
        return try await database.query(
            """
            UPDATE tasks SET status = 'running', worker = \(worker), lease_until = \(leaseUntil), attempts = attempts + 1,
                             started_at = coalesce(started_at, \(now)), updated_at = \(now)
            WHERE id = (
                WITH RECURSIVE owners(owner) AS (
                    SELECT min(owner) FROM tasks WHERE status = 'queued'
                    UNION ALL
                    SELECT (SELECT min(t.owner) FROM tasks t WHERE t.status = 'queued' AND t.owner > o.owner)
                    FROM owners o WHERE o.owner IS NOT NULL
                ), ranked AS (
                    SELECT o.owner,
                           (SELECT count(*) FROM tasks r WHERE r.status = 'running' AND r.owner = o.owner) AS running,
                           (SELECT min(q.created_at) FROM tasks q WHERE q.status = 'queued' AND q.owner = o.owner) AS first
                    FROM owners o WHERE o.owner IS NOT NULL
                    ORDER BY running, first, o.owner
                )
                SELECT head.id FROM ranked, LATERAL (
                    SELECT id FROM tasks WHERE status = 'queued' AND owner = ranked.owner
                    ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
                ) head
                LIMIT 1)
            RETURNING *
            """
        ).first.map(Self.decode)
    }

    public func heartbeat(id: String, worker: String, progress: Int, leaseUntil: Date, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET progress = greatest(progress, \(progress)), lease_until = \(leaseUntil), updated_at = \(now)
            WHERE id = \(id) AND worker = \(worker) AND status = 'running'
            RETURNING id
            """)
        return !rows.isEmpty
    }

    public func finish(id: String, worker: String?, from: Set<TaskStatus>, to status: TaskStatus,
                       result: TaskResult?, failure: TaskFailure?, provider: String?, now: Date) async throws -> GenerationTask? {
        try await database.query(
            """
            UPDATE tasks SET status = \(status.rawValue), progress = CASE WHEN \(status == .succeeded) THEN 100 ELSE progress END,
                             result = \(try result.map(Self.json))::jsonb, failure = \(try failure.map(Self.json))::jsonb,
                             provider = coalesce(\(provider)::text, provider),
                             finished_at = \(now), updated_at = \(now), worker = NULL, lease_until = NULL,
                             wait_state = CASE WHEN \(status == .cancelled) AND wait_state = 'parked' THEN 'parked' END,
                             next_look_at = CASE WHEN \(status == .cancelled) AND wait_state = 'parked' THEN \(now) END
            WHERE id = \(id) AND status = ANY(\(from.map(\.rawValue))) AND (\(worker)::text IS NULL OR worker = \(worker))
            RETURNING *
            """
        ).first.map(Self.decode)
    }

    public func release(id: String, worker: String, now: Date) async throws {
        try await database.query(
            """
            UPDATE tasks SET status = 'queued', worker = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0),
                             progress = 0, updated_at = \(now)
            WHERE id = \(id) AND worker = \(worker) AND status = 'running'
            """)
    }

    public func recoverOrphans(now: Date, maxAttempts: Int, all: Bool) async throws -> [GenerationTask] {
        let failure = TaskFailure.workerLost(attempts: maxAttempts)
        let failed = try await database.query(
            """
            UPDATE tasks SET status = 'failed', failure = \(try Self.json(failure))::jsonb, finished_at = \(now), updated_at = \(now),
                             worker = NULL, lease_until = NULL
            WHERE status = 'running' AND wait_state IS NULL AND (\(all) OR lease_until < \(now)) AND attempts >= \(maxAttempts)
            RETURNING *
            """
        ).map(Self.decode)
        // `attempts <` keeps a task another instance claimed in between from running once too often.
        try await database.query(
            """
            UPDATE tasks SET status = 'queued', worker = NULL, lease_until = NULL, progress = 0, updated_at = \(now)
            WHERE status = 'running' AND wait_state IS NULL AND (\(all) OR lease_until < \(now)) AND attempts < \(maxAttempts)
            """)
        return failed
    }

    public func expireQueued(createdBefore cutoff: Date, now: Date) async throws -> [GenerationTask] {
        let failure = TaskFailure.expiredInQueue
        return try await database.query(
            """
            UPDATE tasks SET status = 'expired', failure = \(try Self.json(failure))::jsonb, finished_at = \(now), updated_at = \(now)
            WHERE status = 'queued' AND created_at < \(cutoff)
            RETURNING *
            """
        ).map(Self.decode)
    }

    public func delete(id: String) async throws {
        try await database.query("DELETE FROM tasks WHERE id = \(id)")
    }

    public func counts() async throws -> [TaskStatus: Int] {
        var counts: [TaskStatus: Int] = [:]
        for row in try await database.query("SELECT status, count(*) FROM tasks GROUP BY status") {
            let (status, count) = try row.decode((String, Int).self)
            if let status = TaskStatus(rawValue: status) { counts[status] = count }
        }
        return counts
    }

    public func usage(owner: String?, since: Date) async throws -> [String: TaskUsage] {
        let rows = try await database.query(
            """
            SELECT owner,
                   count(*) FILTER (WHERE status IN ('queued', 'running')),
                   count(*) FILTER (WHERE created_at >= \(since) AND status IN ('queued', 'running', 'succeeded')),
                   coalesce(sum(greatest(coalesce((result->>'duration')::numeric, (spec->>'duration')::numeric), 0))
                                FILTER (WHERE created_at >= \(since) AND status IN ('queued', 'running', 'succeeded')), 0)::bigint
            FROM tasks
            WHERE (\(owner)::text IS NULL OR owner = \(owner)) AND (status IN ('queued', 'running') OR created_at >= \(since))
            GROUP BY owner
            """)
        var usage: [String: TaskUsage] = [:]
        for row in rows {
            let (owner, active, created, seconds) = try row.decode((String, Int, Int, Int).self)
            usage[owner] = TaskUsage(activeTasks: active, tasks: created, videoSeconds: seconds)
        }
        return usage
    }

    public func inputBytes(owner: String?) async throws -> [String: Int] {
        let rows = try await database.query(
            "SELECT owner, sum(input_bytes)::bigint FROM tasks WHERE (\(owner)::text IS NULL OR owner = \(owner)) AND input_bytes > 0 GROUP BY owner")
        return Dictionary(try rows.map { try $0.decode((String, Int).self) }, uniquingKeysWith: +)
    }

    public func deleteFinished(before cutoff: Date) async throws -> [String] {
        try await database.query(
            "DELETE FROM tasks WHERE status NOT IN ('queued', 'running') AND finished_at < \(cutoff) RETURNING id"
        ).map { try $0.decode(String.self) }
    }

    // MARK: Rows

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode(_ row: PostgresRow) throws -> GenerationTask {
        let row = row.makeRandomAccess()
        func decodeJSON<T: Decodable>(_ type: T.Type, _ name: String) throws -> T? {
            guard let text = try row[name].decode(String?.self) else { return nil }
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        }
        guard let dialect = DialectID(rawValue: try row["dialect"].decode(String.self)),
              let status = TaskStatus(rawValue: try row["status"].decode(String.self)),
              let spec = try decodeJSON(RenderSpec.self, "spec")
        else { throw StoreError.corruptRow("tasks") }
        let createdAt = try row["created_at"].decode(Date.self)
        var task = GenerationTask(id: try row["id"].decode(String.self), owner: try row["owner"].decode(String.self),
                                  dialect: dialect, spec: spec, callbackURL: try row["callback_url"].decode(String?.self),
                                  createdAt: createdAt, status: status)
        task.progress = try row["progress"].decode(Int.self)
        task.attempts = try row["attempts"].decode(Int.self)
        task.result = try decodeJSON(TaskResult.self, "result")
        task.failure = try decodeJSON(TaskFailure.self, "failure")
        task.updatedAt = try row["updated_at"].decode(Date.self)
        task.startedAt = try row["started_at"].decode(Date?.self)
        task.finishedAt = try row["finished_at"].decode(Date?.self)
        task.inputBytes = try row["input_bytes"].decode(Int.self)
        task.provider = try row["provider"].decode(String?.self)
        return task
    }
}
