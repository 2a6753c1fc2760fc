import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ReelayCore

/// The create and query routes of one dialect. Every failure is answered in the dialect's own
/// error shape; nothing escapes as a bare 500.
struct DialectController: Sendable {
    let dialect: any Dialect
    let service: TaskService
    let auth: Authenticator
    let maxBodySize: Int

    /// Registers the routes under `prefix` (`""` for the bare paths, `/toapis` for a dialect's own).
    func register(on router: Router<ReelayRequestContext>, prefix: String, create: Bool = true, query: Bool = true) {
        if create { registerCreate(on: router, prefix: prefix) }
        if query { registerQuery(on: router, prefix: prefix) }
    }

    private func registerCreate(on router: Router<ReelayRequestContext>, prefix: String) {
        router.post(RouterPath(prefix + dialect.createPath)) { request, context in
            await respond(context) { () async throws(APIError) -> Response in
                let owner = try await auth.owner(of: request.headers)
                let body = try await request.jsonBody(limit: maxBodySize)
                let task = try await service.create(try dialect.decodeCreate(body), owner: owner, dialect: dialect.id,
                                                    idempotencyKey: request.headers[.idempotencyKey])
                return .json(dialect.createResponse(service.view(task)))
            }
        }
    }

    private func registerQuery(on router: Router<ReelayRequestContext>, prefix: String) {
        router.get(RouterPath(prefix + dialect.queryPath)) { request, context in
            await respond(context) { () async throws(APIError) -> Response in
                let owner = try await auth.owner(of: request.headers)
                let id = context.parameters.get("id") ?? ""
                return .json(dialect.taskResponse(service.view(try await service.task(id: id, owner: owner))))
            }
        }
    }

    func respond(_ context: ReelayRequestContext, _ handler: () async throws(APIError) -> Response) async -> Response {
        await answer(in: dialect, context: context, handler)
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}

/// Runs a route handler, turning any error into the dialect's error answer.
func answer(in dialect: any Dialect, context: ReelayRequestContext, _ handler: () async throws(APIError) -> Response) async -> Response {
    do {
        return try await handler()
    } catch {
        if error.kind == .internalError || error.kind == .unavailable {
            context.logger.error("Request failed: \(error.message)")
        }
        let (status, body) = dialect.errorResponse(error)
        // Official SDKs retry 409s by default; a conflict here will not go away by retrying.
        var headers: HTTPFields = error.kind == .conflict ? [HTTPField.Name("x-should-retry")!: "false"] : [:]
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return .json(body, status: status, headers: headers)
    }
}
