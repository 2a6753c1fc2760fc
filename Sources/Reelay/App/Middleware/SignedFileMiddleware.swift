import Foundation
import Hummingbird

/// Guards `/files/...`: only a link with a valid, unexpired signature reaches the file
/// middleware behind it (which serves ranges, ETags and content types).
struct SignedFileMiddleware: RouterMiddleware {
    typealias Context = ReelayRequestContext
    let links: LinkSigner

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/files/") else { return try await next(request, context) }
        let query = request.uri.queryParameters
        guard links.verify(path: path, expires: query["expires"].map(String.init), signature: query["signature"].map(String.init)) else {
            return .json(["error": ["message": "This file link is invalid or has expired; query the task again for a fresh link.",
                                    "type": "permission_error", "code": "link_expired"]], status: 403)
        }
        let response = try await next(request, context)
        guard response.status != .notFound else {
            return .json(["error": ["message": "This file no longer exists.", "type": "not_found_error", "code": "file_not_found"]],
                         status: 404)
        }
        return response
    }
}
