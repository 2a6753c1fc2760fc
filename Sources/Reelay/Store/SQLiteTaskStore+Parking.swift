import Foundation
import ReelayCore
import SQLiteNIO

/// `UpstreamParking` on SQLite. Every step is one statement, and the one connection runs one
/// statement at a time, so a claim is atomic without locks.
extension SQLiteTaskStore: UpstreamParking {
    /// The `finish` clause for parked tasks: one its owner cancels stays parked, due at once, so
    /// that a poller cancels its upstream task while still queued there; any other end unparks it.
    static func unparking(to status: TaskStatus, now: Date) -> String {
        status == .cancelled
            ? "wait_state = CASE WHEN wait_state = 'parked' THEN 'parked' END, "
                + "next_look_at = CASE WHEN wait_state = 'parked' THEN \(now.timeIntervalSince1970) END"
            : "wait_state = NULL, next_look_at = NULL"
    }

    /// A task whose upstream finished, for a worker: it keeps its attempt (nothing restarts).
    func claimReady(worker: String, leaseUntil: Date, now: Date) async throws -> GenerationTask? {
        try await database.query(
            """
            UPDATE tasks SET worker = ?, lease_until = ?, wait_state = NULL, next_look_at = NULL, updated_at = ?
            WHERE id = (SELECT id FROM tasks WHERE wait_state = 'ready' AND status = 'running' ORDER BY next_look_at, id LIMIT 1)
            RETURNING *
            """,
            [.text(worker), .init(leaseUntil), .init(now)]
        ).first.map(Self.decode)
    }

    public func park(id: String, worker: String, wait: UpstreamWait, progress: Int, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET wait_state = 'parked', wait_channel = ?, provider = ?, wait_upstream_id = ?, wait_since = ?,
                             next_look_at = CASE WHEN status = 'running' THEN ? ELSE ? END, look_interval = ?,
                             look_misses = ?, look_refusals = ?, look_phase = ?,
                             progress = CASE WHEN status = 'running' THEN max(progress, ?) ELSE progress END,
                             worker = NULL, lease_until = NULL
            WHERE id = ? AND ((status = 'running' AND worker = ?) OR (status = 'cancelled' AND wait_state IS NULL))
            RETURNING status
            """,
            [.text(wait.channel), .text(wait.channel), .text(wait.upstreamID), .init(wait.since), .init(wait.nextLook), .init(now), .float(wait.interval),
             .integer(wait.misses), .integer(wait.refusals), .init(wait.phase), .integer(progress), .text(id), .text(worker)])
        return rows.first?.column("status")?.string == TaskStatus.running.rawValue
    }

    public func claimParked(channel: String, poller: String, limit: Int, leaseUntil: Date, now: Date) async throws -> [ParkedTask] {
        try await database.query(
            """
            UPDATE tasks SET worker = ?, lease_until = ?
            WHERE id IN (SELECT id FROM tasks
                         WHERE wait_state = 'parked' AND wait_channel = ? AND next_look_at <= ?
                               AND status IN ('running', 'cancelled') AND (lease_until IS NULL OR lease_until < ?)
                         ORDER BY next_look_at LIMIT ?)
            RETURNING *
            """,
            [.text(poller), .init(leaseUntil), .text(channel), .init(now), .init(now), .integer(limit)]
        ).map(Self.decodeParked)
    }

    public func reschedule(id: String, poller: String, wait: UpstreamWait, progress: Int, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET next_look_at = ?, look_interval = ?, look_misses = ?, look_refusals = ?, look_phase = ?,
                             progress = max(progress, ?), worker = NULL, lease_until = NULL,
                             updated_at = CASE WHEN progress < ? THEN ? ELSE updated_at END
            WHERE id = ? AND worker = ? AND wait_state = 'parked' AND status = 'running'
            RETURNING id
            """,
            [.init(wait.nextLook), .float(wait.interval), .integer(wait.misses), .integer(wait.refusals), .init(wait.phase),
             .integer(progress), .integer(progress), .init(now), .text(id), .text(poller)])
        return !rows.isEmpty
    }

    /// One statement for a whole batch (a round re-parks hundreds of tasks).
    public func reschedule(_ looks: [ParkedLook], poller: String, now: Date) async throws -> Int {
        guard !looks.isEmpty else { return 0 }
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: looks.count).joined(separator: ", ")
        var binds: [SQLiteData] = []
        for look in looks {
            binds += [.text(look.id), .init(look.wait.nextLook), .float(look.wait.interval), .integer(look.wait.misses),
                      .integer(look.wait.refusals), .init(look.wait.phase), .integer(look.progress)]
        }
        let rows = try await database.query(
            """
            WITH v(id, next_look, look_interval, misses, refusals, phase, progress) AS (VALUES \(values))
            UPDATE tasks SET next_look_at = v.next_look, look_interval = v.look_interval, look_misses = v.misses,
                             look_refusals = v.refusals, look_phase = v.phase, progress = max(tasks.progress, v.progress),
                             worker = NULL, lease_until = NULL,
                             updated_at = CASE WHEN tasks.progress < v.progress THEN ? ELSE tasks.updated_at END
            FROM v WHERE tasks.id = v.id AND tasks.worker = ? AND tasks.wait_state = 'parked' AND tasks.status = 'running'
            RETURNING id
            """,
            binds + [.init(now), .text(poller)])
        return rows.count
    }

    public func handOff(id: String, poller: String, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET wait_state = 'ready', next_look_at = ?, worker = NULL, lease_until = NULL
            WHERE id = ? AND worker = ? AND wait_state = 'parked' AND status = 'running'
            RETURNING id
            """,
            [.init(now), .text(id), .text(poller)])
        return !rows.isEmpty
    }

    public func unpark(id: String, poller: String) async throws {
        try await database.query(
            "UPDATE tasks SET wait_state = NULL, next_look_at = NULL, worker = NULL, lease_until = NULL WHERE id = ? AND worker = ? AND status != 'running'",
            [.text(id), .text(poller)])
    }

    public func wake(channel: String, upstreamID: String, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET next_look_at = min(next_look_at, ?), worker = NULL, lease_until = NULL
            WHERE wait_channel = ? AND wait_upstream_id = ? AND wait_state = 'parked'
            RETURNING id
            """,
            [.init(now), .text(channel), .text(upstreamID)])
        return !rows.isEmpty
    }

    // MARK: Rows

    static func decodeParked(_ row: SQLiteRow) throws -> ParkedTask {
        guard let channel = row.column("wait_channel")?.string, let upstreamID = row.column("wait_upstream_id")?.string,
              let since = row.column("wait_since")?.date, let nextLook = row.column("next_look_at")?.date
        else { throw StoreError.corruptRow("tasks (parked)") }
        let wait = UpstreamWait(channel: channel, upstreamID: upstreamID, since: since, nextLook: nextLook,
                                interval: row.column("look_interval")?.double ?? 1, misses: row.column("look_misses")?.integer ?? 0,
                                refusals: row.column("look_refusals")?.integer ?? 0, phase: row.column("look_phase")?.string)
        return ParkedTask(task: try decode(row), wait: wait)
    }
}
