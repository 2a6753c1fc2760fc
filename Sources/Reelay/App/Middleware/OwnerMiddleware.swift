import Hummingbird
import ReelayCore

/// Resolves the caller's key once per request and puts the caller (owner id and limits) in the
/// context, where `OwnerRequestContext` takes it for the handlers. A missing or unknown key is a 401; an
/// address that sent too many of those in the last minute is refused before its key is looked
/// at (429), so keys cannot be guessed at speed.
struct OwnerMiddleware: RouterMiddleware {
    let auth: Authenticator
    /// Wrong keys per client address and minute.
    let failures: RequestRateLimiter

    func handle(_ request: Request, context: ReelayRequestContext,
                next: (Request, ReelayRequestContext) async throws -> Response) async throws -> Response {
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        if let retryAfter = failures.retryAfter(address) {
            throw APIError(.rateLimited, "Too many requests with a wrong API key from this address; retry after \(retryAfter) s.",
                           retryAfter: retryAfter)
        }
        var context = context
        do {
            context.caller = try await auth.caller(of: request.headers)
        } catch {
            if error.kind == .unauthorized { failures.record(address) }
            throw error
        }
        return try await next(request, context)
    }
}
