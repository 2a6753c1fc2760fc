import Foundation
import PostgresNIO
import ReelayCore

/// `UpstreamParking` on PostgreSQL, shared by every instance: a poller's claim takes due rows
/// with `FOR UPDATE SKIP LOCKED`, so pollers on several instances split the due tasks between
/// them instead of waiting for (or repeating) each other, and every later step re-checks that
/// the claiming poller still holds the row.
extension PostgresTaskStore: UpstreamParking {
    /// A task whose upstream finished, for a worker: it keeps its attempt (nothing restarts).
    func claimReady(worker: String, leaseUntil: Date, now: Date) async throws -> GenerationTask? {
        try await database.query(
            """
            UPDATE tasks SET worker = \(worker), lease_until = \(leaseUntil), wait_state = NULL, next_look_at = NULL, updated_at = \(now)
            WHERE id = (SELECT id FROM tasks WHERE wait_state = 'ready' AND status = 'running'
                        ORDER BY next_look_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING *
            """
        ).first.map(Self.decode)
    }

    public func park(id: String, worker: String, wait: UpstreamWait, progress: Int, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET wait_state = 'parked', wait_channel = \(wait.channel), provider = \(wait.channel), wait_upstream_id = \(wait.upstreamID),
                             wait_since = \(wait.since),
                             next_look_at = CASE WHEN status = 'running' THEN \(wait.nextLook) ELSE \(now) END,
                             look_interval = \(wait.interval), look_misses = \(wait.misses), look_refusals = \(wait.refusals),
                             look_phase = \(wait.phase),
                             progress = CASE WHEN status = 'running' THEN greatest(progress, \(progress)) ELSE progress END,
                             worker = NULL, lease_until = NULL
            WHERE id = \(id) AND ((status = 'running' AND worker = \(worker)) OR (status = 'cancelled' AND wait_state IS NULL))
            RETURNING status
            """)
        for row in rows { return try row.decode(String.self) == TaskStatus.running.rawValue }
        return false
    }

    public func claimParked(channel: String, poller: String, limit: Int, leaseUntil: Date, now: Date) async throws -> [ParkedTask] {
        try await database.query(
            """
            UPDATE tasks SET worker = \(poller), lease_until = \(leaseUntil)
            WHERE id IN (SELECT id FROM tasks
                         WHERE wait_state = 'parked' AND wait_channel = \(channel) AND next_look_at <= \(now)
                               AND status IN ('running', 'cancelled') AND (lease_until IS NULL OR lease_until < \(now))
                         ORDER BY next_look_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING *
            """
        ).map(Self.decodeParked)
    }

    public func reschedule(id: String, poller: String, wait: UpstreamWait, progress: Int, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET next_look_at = \(wait.nextLook), look_interval = \(wait.interval), look_misses = \(wait.misses),
                             look_refusals = \(wait.refusals), look_phase = \(wait.phase), progress = greatest(progress, \(progress)),
                             worker = NULL, lease_until = NULL,
                             updated_at = CASE WHEN progress < \(progress) THEN \(now) ELSE updated_at END
            WHERE id = \(id) AND worker = \(poller) AND wait_state = 'parked' AND status = 'running'
            RETURNING id
            """)
        return try rows.map { try $0.decode(String.self) }.isEmpty == false
    }

    /// One statement for a whole batch: a round re-parks hundreds of tasks, and a round trip
    /// each made rounds on PostgreSQL take seconds at 10,000 parked tasks.
    public func reschedule(_ looks: [ParkedLook], poller: String, now: Date) async throws -> Int {
        guard !looks.isEmpty else { return 0 }
        let ids = looks.map(\.id), nextLooks = looks.map(\.wait.nextLook), intervals = looks.map(\.wait.interval)
        let misses = looks.map(\.wait.misses), refusals = looks.map(\.wait.refusals), progress = looks.map(\.progress)
        // No status word yet is sent as '' (arrays of optionals do not bind) and stored as NULL.
        let phases = looks.map { $0.wait.phase ?? "" }
        let rows = try await database.query(
            """
            UPDATE tasks t SET next_look_at = v.next_look, look_interval = v.look_interval, look_misses = v.misses,
                               look_refusals = v.refusals, look_phase = nullif(v.phase, ''), progress = greatest(t.progress, v.progress),
                               worker = NULL, lease_until = NULL,
                               updated_at = CASE WHEN t.progress < v.progress THEN \(now) ELSE t.updated_at END
            FROM unnest(\(ids)::text[], \(nextLooks)::timestamptz[], \(intervals)::float8[], \(misses)::int8[],
                        \(refusals)::int8[], \(phases)::text[], \(progress)::int8[])
                 AS v(id, next_look, look_interval, misses, refusals, phase, progress)
            WHERE t.id = v.id AND t.worker = \(poller) AND t.wait_state = 'parked' AND t.status = 'running'
            RETURNING t.id
            """)
        return try rows.map { try $0.decode(String.self) }.count
    }

    public func handOff(id: String, poller: String, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET wait_state = 'ready', next_look_at = \(now), worker = NULL, lease_until = NULL
            WHERE id = \(id) AND worker = \(poller) AND wait_state = 'parked' AND status = 'running'
            RETURNING id
            """)
        return try rows.map { try $0.decode(String.self) }.isEmpty == false
    }

    public func unpark(id: String, poller: String) async throws {
        try await database.query(
            """
            UPDATE tasks SET wait_state = NULL, next_look_at = NULL, worker = NULL, lease_until = NULL
            WHERE id = \(id) AND worker = \(poller) AND status != 'running'
            """)
    }

    public func wake(channel: String, upstreamID: String, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE tasks SET next_look_at = least(next_look_at, \(now)), worker = NULL, lease_until = NULL
            WHERE wait_channel = \(channel) AND wait_upstream_id = \(upstreamID) AND wait_state = 'parked'
            RETURNING id
            """)
        return try rows.map { try $0.decode(String.self) }.isEmpty == false
    }

    static func decodeParked(_ row: PostgresRow) throws -> ParkedTask {
        let columns = row.makeRandomAccess()
        let wait = UpstreamWait(channel: try columns["wait_channel"].decode(String.self),
                                upstreamID: try columns["wait_upstream_id"].decode(String.self),
                                since: try columns["wait_since"].decode(Date.self), nextLook: try columns["next_look_at"].decode(Date.self),
                                interval: try columns["look_interval"].decode(Double?.self) ?? 1,
                                misses: try columns["look_misses"].decode(Int.self), refusals: try columns["look_refusals"].decode(Int.self),
                                phase: try columns["look_phase"].decode(String?.self))
        return ParkedTask(task: try decode(row), wait: wait)
    }
}
