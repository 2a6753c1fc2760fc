import Foundation
import HTTPTypes
import Hummingbird
import ReelayCore

/// Serves `/files/<task id>/<name>` from the bucket when results live in object storage (links
/// in `proxy` mode), behind `SignedFileMiddleware` as the file middleware is for local files.
/// It answers as `RangedFile` does: one `Range` honoured (206, suffix ranges included), 416 with
/// `Content-Range: bytes */size` past the end, otherwise 200 with the whole object. The bytes
/// stream from the store to the client as they arrive, never whole in memory.
struct BucketFileMiddleware: RouterMiddleware {
    typealias Context = ReelayRequestContext
    let blobs: S3BlobStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/files/"), request.method == .get || request.method == .head else { return try await next(request, context) }
        let parts = path.dropFirst("/files/".count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, blobs.contains(taskID: String(parts[0]), name: String(parts[1])) else {
            return Response(status: .notFound)
        }
        let key = blobs.resultKey(taskID: String(parts[0]), name: String(parts[1]))
        do {
            // The size first: it decides the range (a suffix, one past the end) before any byte moves.
            guard let info = try await blobs.client.head(key: key), let size = info.length else { return Response(status: .notFound) }
            var headers: HTTPFields = [.contentType: info.contentType ?? S3BlobStore.contentType(of: String(parts[1])),
                                       .acceptRanges: "bytes"]
            let range = request.headers[.ifRange] == nil ? request.headers[.range] : nil
            let status: HTTPResponse.Status
            let asked: String?
            switch ByteRange(header: range, size: size) {
            case .whole:
                (status, asked) = (.ok, nil)
                headers[.contentLength] = String(size)
            case .part(let part):
                (status, asked) = (.partialContent, "bytes=\(part.lowerBound)-\(part.upperBound)")
                headers[.contentLength] = String(part.count)
                headers[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound)/\(size)"
            case .unsatisfiable:
                return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(size)", .acceptRanges: "bytes"])
            }
            if request.method == .head { return Response(status: status, headers: headers) }
            let object = try await blobs.client.get(key: key, range: asked)
            return Response(status: status, headers: headers, body: ResponseBody(asyncSequence: object.body))
        } catch let error as S3Error where error.code == "NoSuchKey" {
            return Response(status: .notFound)
        } catch let error as S3Error {
            context.logger.error("The object store did not serve a result file", metadata: ["error": "\(error)"])
            return .json(["error": ["message": "The file store is unavailable; try again.", "type": "server_error",
                                    "code": "storage_unavailable"]], status: 503)
        }
    }
}
