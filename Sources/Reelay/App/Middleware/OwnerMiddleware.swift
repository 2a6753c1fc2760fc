import Hummingbird
import ReelayCore

/// Resolves the caller's key once per request and puts its owner id in the context, where
/// `OwnerRequestContext` takes it for the handlers. A missing or unknown key is a 401.
struct OwnerMiddleware: RouterMiddleware {
    let auth: Authenticator

    func handle(_ request: Request, context: ReelayRequestContext,
                next: (Request, ReelayRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.owner = try await auth.owner(of: request.headers)
        return try await next(request, context)
    }
}
