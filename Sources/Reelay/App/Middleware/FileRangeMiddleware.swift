import Foundation
import HTTPTypes
import Hummingbird
import ReelayCore

/// Puts the `Range` header of a `/files/...` request into the one form the file middleware
/// behind it serves correctly: a suffix range (`bytes=-N`) becomes the explicit last N bytes, a
/// range past the end is answered 416 with `Content-Range: bytes */size` here, and a header
/// Reelay ignores (several ranges, another unit, malformed) is dropped, so the whole file comes.
struct FileRangeMiddleware: RouterMiddleware {
    typealias Context = ReelayRequestContext
    let blobs: FileBlobStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.range], request.uri.path.hasPrefix("/files/") else { return try await next(request, context) }
        let parts = request.uri.path.dropFirst("/files/".count).split(separator: "/")
        guard parts.count == 2, let file = blobs.localFile(taskID: String(parts[0]), name: String(parts[1])),
              let size = try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int
        else { return try await next(request, context) }
        var head = request.head
        switch ByteRange(header: header, size: size) {
        case .whole:
            head.headerFields[.range] = nil
        case .part(let range):
            head.headerFields[.range] = "bytes=\(range.lowerBound)-\(range.upperBound)"
        case .unsatisfiable:
            return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(size)", .acceptRanges: "bytes"])
        }
        return try await next(Request(head: head, body: request.body), context)
    }
}
