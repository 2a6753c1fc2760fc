import Foundation
import Hummingbird
import ReelayCore

/// Ark's task routes beyond create and query: the filtered list and delete.
struct ArkController: Sendable {
    let dialect = ArkDialect()
    let service: TaskService

    func register(on routes: RouterGroup<OwnerRequestContext>) {
        routes.on(APIRoutes.arkList) { request, context in
            let query = try dialect.listQuery(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            let page = try await service.list(owner: context.owner, query: query)
            return Response.json(dialect.listResponse(page.tasks.map(service.view), total: page.total))
        }
        routes.on(APIRoutes.arkDelete) { _, context in
            let task = try await service.task(id: context.parameters.get("task_id") ?? "", owner: context.owner)
            try await delete(task)
            return Response.json([:])
        }
    }

    /// Ark's semantics: a queued task is cancelled; a running or cancelled one cannot be; a
    /// finished one (succeeded, failed, expired) has its record deleted.
    private func delete(_ task: GenerationTask) async throws(APIError) {
        switch task.status {
        case .queued:
            if try await service.cancel(task, from: [.queued]) == nil {
                throw APIError(.conflict, "Task \(task.id) started running and can no longer be cancelled.", param: "task_id")
            }
        case .running:
            throw APIError(.conflict, "Task \(task.id) is running and cannot be cancelled.", param: "task_id")
        case .cancelled:
            throw APIError(.conflict, "Task \(task.id) is already cancelled.", param: "task_id")
        case .succeeded, .failed, .expired:
            try await service.delete(task)
        }
    }
}
