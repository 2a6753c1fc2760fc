import Hummingbird
import ReelayCore

/// Counts each request against its key's requests per minute (`REELAY_LIMIT_RPM`) and refuses
/// those over it with a 429 that says when to retry. Runs after `OwnerMiddleware`.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RequestRateLimiter

    func handle(_ request: Request, context: ReelayRequestContext,
                next: (Request, ReelayRequestContext) async throws -> Response) async throws -> Response {
        if let owner = context.owner { try limiter.admit(owner) }
        return try await next(request, context)
    }
}
