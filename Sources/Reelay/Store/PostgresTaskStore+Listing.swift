import Foundation
import PostgresNIO
import ReelayCore

extension PostgresTaskStore: TaskListing {
    public func tasks(matching filter: TaskFilter) async throws -> TaskPage {
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var conditions = ["TRUE"]
        if let owner = filter.owner { conditions.append("owner = \(bind(owner))") }
        if !filter.statuses.isEmpty { conditions.append("status = ANY(\(bind(filter.statuses.map(\.rawValue))))") }
        if let model = filter.model {
            let parameter = bind(model)
            conditions.append("(model = \(parameter) OR spec->>'requestedModel' = \(parameter))")
        }
        if let from = filter.createdFrom { conditions.append("created_at >= \(bind(from))") }
        if let before = filter.createdBefore { conditions.append("created_at < \(bind(before))") }
        let condition = conditions.joined(separator: " AND ")
        let total = try await database.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM tasks WHERE \(condition)", binds: binds))
            .first?.decode(Int.self) ?? 0
        let sql = "SELECT * FROM tasks WHERE \(condition) ORDER BY created_at DESC, id DESC "
            + "LIMIT \(bind(filter.limit + 1)) OFFSET \(bind(max(0, filter.page - 1) * filter.limit))"
        let rows = try await database.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        return TaskPage(tasks: try rows.prefix(filter.limit).map(Self.decode), total: total, hasMore: rows.count > filter.limit)
    }
}
