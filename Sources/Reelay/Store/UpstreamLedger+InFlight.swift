import Foundation
import PostgresNIO
import SQLiteNIO

/// Tasks in flight per upstream channel, for the admin channel report: running tasks whose
/// create the ledger holds (sent or accepted, parked or followed). Read from the store, so it is
/// the same on every instance.
public protocol ChannelLoad: Sendable {
    /// Channel name → running tasks noted for it.
    func inFlight() async throws -> [String: Int]
}

extension SQLiteUpstreamLedger: ChannelLoad {
    public func inFlight() async throws -> [String: Int] {
        let rows = try await database.query("""
            SELECT l.channel AS channel, count(*) AS n FROM upstream_ledger l JOIN tasks t ON t.id = l.task_id
            WHERE t.status = 'running' GROUP BY l.channel
            """, [])
        return Dictionary(rows.compactMap { row in row.column("channel")?.string.map { ($0, row.column("n")?.integer ?? 0) } },
                          uniquingKeysWith: +)
    }
}

extension PostgresUpstreamLedger: ChannelLoad {
    public func inFlight() async throws -> [String: Int] {
        let rows = try await database.query("""
            SELECT l.channel, count(*)::bigint FROM upstream_ledger l JOIN tasks t ON t.id = l.task_id
            WHERE t.status = 'running' GROUP BY l.channel
            """)
        var counts: [String: Int] = [:]
        for row in rows {
            let (channel, count) = try row.decode((String, Int).self)
            counts[channel] = count
        }
        return counts
    }
}
