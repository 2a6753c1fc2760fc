import Hummingbird
import ReelayCore

/// Opens the admin routes to the admin key (`REELAY_ADMIN_KEY`) only; without one configured
/// they are refused as disabled.
struct AdminKeyMiddleware: RouterMiddleware {
    let adminKeyHash: String?

    func handle(_ request: Request, context: ReelayRequestContext,
                next: (Request, ReelayRequestContext) async throws -> Response) async throws -> Response {
        guard let adminKeyHash else {
            throw APIError(.forbidden, "The admin API is disabled; set REELAY_ADMIN_KEY to enable it.")
        }
        guard let secret = Authenticator.bearer(request.headers), APIKey.hash(secret) == adminKeyHash else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }
}
