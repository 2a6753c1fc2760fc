import Hummingbird
import ReelayCore

/// Counts each request against its key's requests per minute (the key's own limit, else
/// `REELAY_LIMIT_RPM`) and refuses
/// those over it with a 429 that says when to retry. Runs after `OwnerMiddleware`.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RequestRateLimiter

    func handle(_ request: Request, context: ReelayRequestContext,
                next: (Request, ReelayRequestContext) async throws -> Response) async throws -> Response {
        if let caller = context.caller { try limiter.admit(caller.owner, limit: caller.limits.requestsPerMinute) }
        return try await next(request, context)
    }
}
