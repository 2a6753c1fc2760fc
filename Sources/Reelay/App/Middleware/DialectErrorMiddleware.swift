import HTTPTypes
import Hummingbird
import ReelayCore

/// Answers every error of a dialect's routes in that dialect's shape: an `APIError` as the
/// dialect says, anything else as the dialect's 500. Outermost on a dialect's route group, so a
/// refused key, a refused request and a failed handler all look alike to the client.
struct DialectErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let shape: any ErrorShape

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return render(error, in: shape, context: context)
        } catch let error as DialectedError {
            return render(error.error, in: error.dialect, context: context)
        } catch {
            context.logger.error("Request failed: \(error)")
            return render(APIError(.internalError, "The request failed because of an error on this server; try again."),
                          in: shape, context: context)
        }
    }

    private func render(_ error: APIError, in shape: any ErrorShape, context: Context) -> Response {
        if error.kind == .internalError || error.kind == .unavailable {
            context.logger.error("Request failed: \(error.message)")
        }
        let (status, body) = shape.errorResponse(error)
        // Official SDKs retry 409s by default; a conflict here will not go away by retrying.
        var headers: HTTPFields = error.kind == .conflict ? [HTTPField.Name("x-should-retry")!: "false"] : [:]
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return .json(body, status: status, headers: headers)
    }
}
