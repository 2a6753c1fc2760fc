import Foundation
import ReelayCore
import SQLiteNIO

extension SQLiteTaskStore: TaskListing {
    public func tasks(matching filter: TaskFilter) async throws -> TaskPage {
        var conditions = ["1 = 1"]
        var binds: [SQLiteData] = []
        if let owner = filter.owner {
            conditions.append("owner = ?")
            binds.append(.text(owner))
        }
        if !filter.statuses.isEmpty {
            conditions.append("status IN (\(filter.statuses.map { _ in "?" }.joined(separator: ", ")))")
            binds += filter.statuses.sorted { $0.rawValue < $1.rawValue }.map { .text($0.rawValue) }
        }
        if let model = filter.model {
            conditions.append("(model = ? OR json_extract(spec, '$.requestedModel') = ?)")
            binds += [.text(model), .text(model)]
        }
        if let from = filter.createdFrom {
            conditions.append("created_at >= ?")
            binds.append(.init(from))
        }
        if let before = filter.createdBefore {
            conditions.append("created_at < ?")
            binds.append(.init(before))
        }
        let condition = conditions.joined(separator: " AND ")
        let total = try await database.query("SELECT count(*) AS n FROM tasks WHERE \(condition)", binds).first?.column("n")?.integer ?? 0
        let rows = try await database.query(
            "SELECT * FROM tasks WHERE \(condition) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            binds + [.integer(filter.limit + 1), .integer(max(0, filter.page - 1) * filter.limit)])
        return TaskPage(tasks: try rows.prefix(filter.limit).map(Self.decode), total: total, hasMore: rows.count > filter.limit)
    }
}
