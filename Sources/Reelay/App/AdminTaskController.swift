import Foundation
import Hummingbird
import ReelayCore

/// The operator's task routes, on the admin group (`AdminKeyMiddleware`): every key's tasks,
/// filtered and paged, one task with its request, timeline and cost, and a cancel.
struct AdminTaskController: Sendable {
    let listing: any TaskListing
    let service: TaskService
    let ledger: any UpstreamLedger
    let spending: Spending

    func register(on routes: RouterGroup<ReelayRequestContext>) {
        routes.on(APIRoutes.adminListTasks) { request, _ in
            let filter = try Self.filter(request.uri.queryParameters)
            let page = try await APIError.fromStore { try await listing.tasks(matching: filter) }
            return Response.json(["object": "list", "data": .array(page.tasks.map { Self.json(service.view($0)) }),
                                  "total": .int(page.total), "page": .int(filter.page), "limit": .int(filter.limit),
                                  "has_more": .bool(page.hasMore)])
        }
        routes.on(APIRoutes.adminGetTask) { _, context in
            let task = try await find(context.parameters.get("task_id") ?? "")
            let note = try await APIError.fromStore { try await ledger.entry(for: task.id) }
            let record = try await APIError.fromStore { try await spending.store.record(taskID: task.id) }
            return Response.json(Self.detail(service.view(task), note: note, record: record, currency: spending.currency))
        }
        // Cancels a queued or running task as its owner could (its worker or poller stops).
        routes.on(APIRoutes.adminCancelTask) { _, context in
            let task = try await find(context.parameters.get("task_id") ?? "")
            guard !task.status.isTerminal, let cancelled = try await service.cancel(task, from: [.queued, .running], by: "the operator") else {
                throw APIError(.conflict, "Task \(task.id) has already ended and cannot be cancelled.", param: "task_id")
            }
            return Response.json(Self.json(service.view(cancelled)))
        }
    }

    /// Any key's task.
    private func find(_ id: String) async throws(APIError) -> GenerationTask {
        guard let task = try await APIError.fromStore({ try await service.store.task(id: id) }) else { throw APIError.taskNotFound(id) }
        return task
    }


    /// The listing's query: `owner`, `status`, `model`, `since` and `until` (Unix seconds),
    /// `page` (1-based) and `limit` (1-100, default 50).
    static func filter(_ query: Hummingbird.Parameters) throws(APIError) -> TaskFilter {
        var filter = TaskFilter()
        func text(_ name: String) -> String? { query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ name: String, _ range: ClosedRange<Int>) throws(APIError) -> Int? {
            guard let value = text(name) else { return nil }
            guard let number = Int(value), range.contains(number) else {
                throw APIError.invalid(name, "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound).")
            }
            return number
        }
        filter.owner = text("owner")
        filter.model = text("model")
        if let status = text("status") {
            guard let known = TaskStatus(rawValue: status) else {
                throw APIError.invalid("status", "status must be one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            filter.statuses = [known]
        }
        // Up to the year 9999, which every store can hold.
        let times = 0...253_402_300_799
        filter.createdFrom = try number("since", times).map { Date(timeIntervalSince1970: Double($0)) }
        filter.createdBefore = try number("until", times).map { Date(timeIntervalSince1970: Double($0)) }
        filter.page = try number("page", 1...100_000) ?? 1
        filter.limit = try number("limit", 1...100) ?? 50
        return filter
    }
}
