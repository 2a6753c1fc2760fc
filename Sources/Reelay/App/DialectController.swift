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
                try await self.create(try await request.jsonBody(limit: maxBodySize), request, context, in: dialect)
            }
        }
        if query {
            routes.on(dialect.queryRoute) { _, context in
                let task = try await service.task(id: context.parameters.get("task_id") ?? "", owner: context.owner)
                return Response.json(dialect.taskResponse(service.view(task)))
            }
        }
    }

    /// The bare create path toapis and apimart share: the body says which of them it was written
    /// for (`SharedCreatePath`), and that dialect decodes it and answers, errors included.
    func registerSharedCreate(on routes: RouterGroup<OwnerRequestContext>) {
        routes.on(dialect.createRoute) { request, context in
            let body = try await request.jsonBody(limit: maxBodySize)
            let chosen = try SharedCreatePath.dialect(of: body, fallback: dialect.id).codec
            do {
                return try await self.create(body, request, context, in: chosen)
            } catch let error as APIError where chosen.id != dialect.id {
                throw DialectedError(dialect: chosen, error: error)
            }
        }
    }

    private func create(_ body: JSONValue, _ request: Request, _ context: OwnerRequestContext,
                        in dialect: any Dialect) async throws -> Response {
        let decoded = try dialect.decodeCreate(body)
        if try TaskService.isDryRun(request) {
            return Response.json(try await service.dryRun(decoded, caller: context.caller, dialect: dialect.id))
        }
        let task = try await service.create(decoded, caller: context.caller, dialect: dialect.id,
                                            idempotencyKey: request.headers[.idempotencyKey])
        return Response.json(dialect.createResponse(service.view(task)), headers: await service.estimateHeaders(task))
    }
}

/// An error of a route whose dialect was decided by the request itself, to be answered in
/// that dialect's shape rather than the route group's.
struct DialectedError: Error {
    let dialect: any Dialect
    let error: APIError
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
