/// `GET /api/v3/contents/generations/tasks`: the SDK's `tasks.list(page_num, page_size, status,
/// task_ids, model, service_tier)` sends `page_num`, `page_size`, `filter.status`,
/// `filter.model`, `filter.service_tier` and one `filter.task_ids` per id. Unknown parameters
/// are ignored; a repeated status widens the filter.
extension ArkDialect {
    static let pageRange = 1...500

    public func listQuery(_ parameters: [(String, String)]) throws(APIError) -> TaskQuery {
        var query = TaskQuery()
        query.limit = 10
        for (name, value) in parameters {
            switch name {
            case "page_num": query.page = try Self.pageNumber(value, name)
            case "page_size": query.limit = try Self.pageNumber(value, name)
            case "filter.status":
                guard let status = TaskStatus(rawValue: value.lowercased()) else {
                    let words = TaskStatus.allCases.map { ArkTaskObject.status($0) }.joined(separator: ", ")
                    throw .invalid(name, "filter.status must be one of \(words), not '\(value)'.")
                }
                query.statuses.insert(status)
            case "filter.task_ids" where !value.isEmpty: query.ids.append(value)
            case "filter.model" where !value.isEmpty: query.model = value
            case "filter.service_tier" where !Self.serviceTiers.contains(value):
                // Reelay records no tier (every task reports default), so this filter is checked, not applied.
                throw .invalid(name, "filter.service_tier must be default or flex, not '\(value)'.")
            default: continue
            }
        }
        return query
    }

    public func listResponse(_ views: [TaskView], total: Int) -> JSONValue {
        ["items": .array(views.map(ArkTaskObject.encode)), "total": .int(total)]
    }

    private static func pageNumber(_ value: String, _ name: String) throws(APIError) -> Int {
        guard let number = Int(value), pageRange.contains(number) else {
            throw .invalid(name, "\(name) must be an integer between \(pageRange.lowerBound) and \(pageRange.upperBound), not '\(value)'.")
        }
        return number
    }
}
