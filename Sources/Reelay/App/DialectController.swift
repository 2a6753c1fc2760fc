import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ReelayCore

/// The create and query routes of one dialect, on that dialect's keyed route group (errors in
/// the dialect's shape, the owner in the context).
struct DialectController: Sendable {
    let dialect: any Dialect
    let service: TaskService
    let maxBodySize: Int

    func register(on routes: RouterGroup<OwnerRequestContext>, create: Bool = true, query: Bool = true) {
        if create {
            routes.on(dialect.createRoute) { request, context in
                let body = try await request.jsonBody(limit: maxBodySize)
                let task = try await service.create(try dialect.decodeCreate(body), caller: context.caller, dialect: dialect.id,
                                                    idempotencyKey: request.headers[.idempotencyKey])
                return Response.json(dialect.createResponse(service.view(task)))
            }
        }
        if query {
            routes.on(dialect.queryRoute) { _, context in
                let task = try await service.task(id: context.parameters.get("task_id") ?? "", owner: context.owner)
                return Response.json(dialect.taskResponse(service.view(task)))
            }
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
