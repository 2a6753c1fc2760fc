import Foundation
import HTTPTypes
import Hummingbird

/// Puts an `X-Request-Id` on every answer (the caller's, when it sent a sane one), as Ark does,
/// and logs it with the request.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = ReelayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let incoming = request.headers[.xRequestID].flatMap { $0.count <= 128 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } ? $0 : nil }
        let id = incoming ?? UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "request_id"] = "\(id)"
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.xRequestID] = id
        return response
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
}
