import Hummingbird
import ReelayCore

/// How a dialect's keyed routes are grouped: errors answered in the dialect's shape (outermost,
/// so a refused key looks like any other refusal of that dialect), the key resolved once, the
/// request counted against the key's rate limit, and handlers given the owner in their context.
struct KeyedRoutes: Sendable {
    let auth: Authenticator
    let limiter: RequestRateLimiter
    /// Wrong keys allowed per client address and minute.
    let failures: RequestRateLimiter

    func group(_ router: Router<ReelayRequestContext>, _ prefix: String, errors: any ErrorShape) -> RouterGroup<OwnerRequestContext> {
        router.group(RouterPath(prefix))
            .add(middleware: DialectErrorMiddleware(shape: errors))
            .add(middleware: OwnerMiddleware(auth: auth, failures: failures))
            .add(middleware: RateLimitMiddleware(limiter: limiter))
            .group(context: OwnerRequestContext.self)
    }
}
