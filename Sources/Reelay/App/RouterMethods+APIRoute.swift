import HTTPTypes
import Hummingbird
import ReelayCore

extension RouterMethods {
    /// Registers `handler` for `route`: its method and path come from the one table, `APIRoutes`.
    @discardableResult
    func on(_ route: APIRoute, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(route.routerPath), method: route.method.http, use: handler)
    }
}

extension APIRoute.Method {
    var http: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        case .patch: .patch
        case .delete: .delete
        }
    }
}
