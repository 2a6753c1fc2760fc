import Foundation
import ReelayCore
import SQLiteNIO

/// `TaskStore` on the embedded SQLite database. The queue is the `tasks` table itself: a claim
/// is one `UPDATE ... RETURNING` on the oldest queued row.
public struct SQLiteTaskStore: TaskStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static let active = "('queued', 'running')"

    public func insert(_ task: GenerationTask) async throws {
        try await database.query(
            """
            INSERT INTO tasks (id, owner, dialect, model, status, progress, attempts, spec, result, failure,
                               callback_url, created_at, updated_at, started_at, finished_at, input_bytes, provider)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(task.id), .text(task.owner), .text(task.dialect.rawValue), .text(task.spec.model),
                .text(task.status.rawValue), .integer(task.progress), .integer(task.attempts),
                .text(try Self.json(task.spec)), .init(try task.result.map(Self.json)),
                .init(try task.failure.map(Self.json)), .init(task.callbackURL),
                .init(task.createdAt), .init(task.updatedAt), .init(task.startedAt), .init(task.finishedAt),
                .integer(task.inputBytes), .init(task.provider),
            ])
    }

    public func task(id: String) async throws -> GenerationTask? {
        try await database.query("SELECT * FROM tasks WHERE id = ?", [.text(id)]).first.map(Self.decode)
    }

    public func tasks(owner: String, query: TaskQuery) async throws -> TaskPage {
        var conditions = ["owner = ?"]
        var binds: [SQLiteData] = [.text(owner)]
        if !query.statuses.isEmpty {
            conditions.append("status IN (\(query.statuses.map { _ in "?" }.joined(separator: ", ")))")
            binds += query.statuses.map { .text($0.rawValue) }
        }
        if !query.ids.isEmpty {
            conditions.append("id IN (\(query.ids.map { _ in "?" }.joined(separator: ", ")))")
            binds += query.ids.map { .text($0) }
        }
        if let model = query.model {
            conditions.append("(model = ? OR json_extract(spec, '$.requestedModel') = ?)")
            binds += [.text(model), .text(model)]
        }
        let filter = conditions.joined(separator: " AND ")
        let total = try await database.query("SELECT count(*) AS n FROM tasks WHERE \(filter)", binds)
            .first?.column("n")?.integer ?? 0

        let order = query.ascending ? "ASC" : "DESC"
        var pageConditions = filter
        var pageBinds = binds
        var offset = max(0, query.page - 1) * query.limit
        if let after = query.after {
            // Cursor paging: rows beyond the cursor row in the listing order.
            let comparison = query.ascending ? ">" : "<"
            pageConditions += " AND (created_at, id) \(comparison) (SELECT created_at, id FROM tasks WHERE id = ?)"
            pageBinds.append(.text(after))
            offset = 0
        }
        let rows = try await database.query(
            "SELECT * FROM tasks WHERE \(pageConditions) ORDER BY created_at \(order), id \(order) LIMIT ? OFFSET ?",
            pageBinds + [.integer(query.limit + 1), .integer(offset)])
        let tasks = try rows.prefix(query.limit).map(Self.decode)
        return TaskPage(tasks: tasks, total: total, hasMore: rows.count > query.limit)
    }

    /// Fair between keys: the owner with the fewest running tasks goes first (the one whose
    /// oldest queued task is oldest, on a tie), and within an owner the oldest task. The owners
    /// with queued work are walked through the `tasks_fair` index one by one (a loose index
    /// scan), so a claim costs a few lookups per owner, not a pass over the whole queue.
    public func claimNext(worker: String, leaseUntil: Date, now: Date) async throws -> GenerationTask? {
        if let ready = try await claimReady(worker: worker, leaseUntil: leaseUntil, now: now) { return ready }
        return try await database.query(
            """
            UPDATE tasks SET status = 'running', worker = ?, lease_until = ?, attempts = attempts + 1,
                             started_at = coalesce(started_at, ?), updated_at = ?
            WHERE id = (
                WITH RECURSIVE owners(owner) AS (
                    SELECT (SELECT min(owner) FROM tasks WHERE status = 'queued')
                    UNION ALL
                    SELECT (SELECT min(owner) FROM tasks WHERE status = 'queued' AND owner > owners.owner)
                    FROM owners WHERE owners.owner IS NOT NULL
                )
                SELECT (SELECT id FROM tasks WHERE status = 'queued' AND owner = o.owner ORDER BY created_at, id LIMIT 1)
                FROM owners o WHERE o.owner IS NOT NULL
                ORDER BY (SELECT count(*) FROM tasks WHERE status = 'running' AND owner = o.owner),
                         (SELECT min(created_at) FROM tasks WHERE status = 'queued' AND owner = o.owner), o.owner
                LIMIT 1)
            RETURNING *
            """,
            [.text(worker), .init(leaseUntil), .init(now), .init(now)]
        ).first.map(Self.decode)
    }

    public func heartbeat(id: String, worker: String, progress: Int, leaseUntil: Date, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET progress = max(progress, ?), lease_until = ?, updated_at = ?
            WHERE id = ? AND worker = ? AND status = 'running'
            RETURNING id
            """,
            [.integer(progress), .init(leaseUntil), .init(now), .text(id), .text(worker)])
        return !rows.isEmpty
    }

    public func finish(id: String, worker: String?, from: Set<TaskStatus>, to status: TaskStatus,
                       result: TaskResult?, failure: TaskFailure?, provider: String?, now: Date) async throws -> GenerationTask? {
        var binds: [SQLiteData] = [
            .text(status.rawValue), .integer(status == .succeeded ? 1 : 0),
            .init(try result.map(Self.json)), .init(try failure.map(Self.json)), .init(provider), .init(now), .init(now), .text(id),
        ]
        binds += from.map { .text($0.rawValue) }
        var workerCondition = ""
        if let worker {
            workerCondition = " AND worker = ?"
            binds.append(.text(worker))
        }
        return try await database.query(
            """
            UPDATE tasks SET status = ?, progress = CASE WHEN ? THEN 100 ELSE progress END, result = ?, failure = ?,
                             provider = coalesce(?, provider), finished_at = ?, updated_at = ?, worker = NULL, lease_until = NULL,
                             \(Self.unparking(to: status, now: now))
            WHERE id = ? AND status IN (\(from.map { _ in "?" }.joined(separator: ", ")))\(workerCondition)
            RETURNING *
            """,
            binds
        ).first.map(Self.decode)
    }

    public func release(id: String, worker: String, now: Date) async throws {
        try await database.query(
            """
            UPDATE tasks SET status = 'queued', worker = NULL, lease_until = NULL, attempts = max(attempts - 1, 0),
                             progress = 0, updated_at = ?
            WHERE id = ? AND worker = ? AND status = 'running'
            """,
            [.init(now), .text(id), .text(worker)])
    }

    public func recoverOrphans(now: Date, maxAttempts: Int, all: Bool) async throws -> [GenerationTask] {
        // Parked tasks have no worker to lose (a poller's lease running out just lets another poll them).
        let orphaned = all ? "status = 'running' AND wait_state IS NULL" : "status = 'running' AND wait_state IS NULL AND lease_until < ?"
        let leaseBind: [SQLiteData] = all ? [] : [.init(now)]
        let failure = TaskFailure.workerLost(attempts: maxAttempts)
        let failed = try await database.query(
            """
            UPDATE tasks SET status = 'failed', failure = ?, finished_at = ?, updated_at = ?, worker = NULL, lease_until = NULL
            WHERE \(orphaned) AND attempts >= ?
            RETURNING *
            """,
            [.text(try Self.json(failure)), .init(now), .init(now)] + leaseBind + [.integer(maxAttempts)]
        ).map(Self.decode)
        try await database.query(
            "UPDATE tasks SET status = 'queued', worker = NULL, lease_until = NULL, progress = 0, updated_at = ? WHERE \(orphaned)",
            [.init(now)] + leaseBind)
        return failed
    }

    public func expireQueued(createdBefore cutoff: Date, now: Date) async throws -> [GenerationTask] {
        let failure = TaskFailure.expiredInQueue
        return try await database.query(
            """
            UPDATE tasks SET status = 'expired', failure = ?, finished_at = ?, updated_at = ?
            WHERE status = 'queued' AND created_at < ?
            RETURNING *
            """,
            [.text(try Self.json(failure)), .init(now), .init(now), .init(cutoff)]
        ).map(Self.decode)
    }

    public func delete(id: String) async throws {
        try await database.query("DELETE FROM tasks WHERE id = ?", [.text(id)])
    }

    public func counts() async throws -> [TaskStatus: Int] {
        var counts: [TaskStatus: Int] = [:]
        for row in try await database.query("SELECT status, count(*) AS n FROM tasks GROUP BY status") {
            if let status = row.column("status")?.string.flatMap(TaskStatus.init(rawValue:)) {
                counts[status] = row.column("n")?.integer ?? 0
            }
        }
        return counts
    }

    public func usage(owner: String?, since: Date) async throws -> [String: TaskUsage] {
        let rows = try await database.query(
            """
            SELECT owner,
                   sum(CASE WHEN status IN ('queued', 'running') THEN 1 ELSE 0 END) AS active,
                   sum(CASE WHEN created_at >= ?1 AND status IN ('queued', 'running', 'succeeded') THEN 1 ELSE 0 END) AS created,
                   sum(CASE WHEN created_at >= ?1 AND status IN ('queued', 'running', 'succeeded')
                       THEN max(coalesce(json_extract(result, '$.duration'), json_extract(spec, '$.duration')), 0) ELSE 0 END) AS seconds
            FROM tasks
            WHERE (?2 IS NULL OR owner = ?2) AND (status IN ('queued', 'running') OR created_at >= ?1)
            GROUP BY owner
            """,
            [.init(since), .init(owner)])
        var usage: [String: TaskUsage] = [:]
        for row in rows {
            guard let owner = row.column("owner")?.string else { continue }
            usage[owner] = TaskUsage(activeTasks: row.column("active")?.integer ?? 0, tasks: row.column("created")?.integer ?? 0,
                                     videoSeconds: row.column("seconds")?.integer ?? 0)
        }
        return usage
    }

    public func inputBytes(owner: String?) async throws -> [String: Int] {
        let rows = try await database.query(
            "SELECT owner, sum(input_bytes) AS bytes FROM tasks WHERE (?1 IS NULL OR owner = ?1) AND input_bytes > 0 GROUP BY owner",
            [.init(owner)])
        return Dictionary(rows.compactMap { row in row.column("owner")?.string.map { ($0, row.column("bytes")?.integer ?? 0) } },
                          uniquingKeysWith: +)
    }

    public func deleteFinished(before cutoff: Date) async throws -> [String] {
        try await database.query(
            "DELETE FROM tasks WHERE status NOT IN ('queued', 'running') AND finished_at < ? RETURNING id", [.init(cutoff)]
        ).compactMap { $0.column("id")?.string }
    }

    // MARK: Rows

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode(_ row: SQLiteRow) throws -> GenerationTask {
        func column(_ name: String) throws -> SQLiteData {
            guard let value = row.column(name) else { throw StoreError.corruptRow(name) }
            return value
        }
        func decodeJSON<T: Decodable>(_ type: T.Type, _ name: String) throws -> T? {
            guard let text = try column(name).string else { return nil }
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        }
        guard let id = try column("id").string, let owner = try column("owner").string,
              let dialect = try column("dialect").string.flatMap(DialectID.init(rawValue:)),
              let status = try column("status").string.flatMap(TaskStatus.init(rawValue:)),
              let spec = try decodeJSON(RenderSpec.self, "spec"),
              let createdAt = try column("created_at").date
        else { throw StoreError.corruptRow("tasks") }
        var task = GenerationTask(id: id, owner: owner, dialect: dialect, spec: spec,
                                  callbackURL: try column("callback_url").string, createdAt: createdAt, status: status)
        task.progress = try column("progress").integer ?? 0
        task.attempts = try column("attempts").integer ?? 0
        task.result = try decodeJSON(TaskResult.self, "result")
        task.failure = try decodeJSON(TaskFailure.self, "failure")
        task.updatedAt = try column("updated_at").date ?? createdAt
        task.startedAt = try column("started_at").date
        task.finishedAt = try column("finished_at").date
        task.inputBytes = row.column("input_bytes")?.integer ?? 0
        task.provider = row.column("provider")?.string
        return task
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case corruptRow(String)

    public var description: String {
        switch self {
        case .corruptRow(let what): "A stored row could not be read (\(what))."
        }
    }
}
