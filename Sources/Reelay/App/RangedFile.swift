import Foundation
import HTTPTypes
import Hummingbird
import ReelayCore

/// A stored file as a response that honours one `Range` (RFC 9110 §14), as `/files` does: 206
/// with `Content-Range` for a satisfiable range (suffix ranges included), 416 with
/// `Content-Range: bytes */size` for one past the end, otherwise the whole file with 200.
/// `Accept-Ranges: bytes` tells players and download managers that they may ask for parts.
struct RangedFile {
    let path: String
    let size: Int
    let contentType: String

    func response(to request: Request, context: some RequestContext) async throws -> Response {
        var headers: HTTPFields = [.contentType: contentType, .acceptRanges: "bytes"]
        // These answers carry no validator, so an If-Range never matches: the whole file (§13.1.5).
        let range = request.headers[.ifRange] == nil ? request.headers[.range] : nil
        switch ByteRange(header: range, size: size) {
        case .whole:
            headers[.contentLength] = String(size)
            return Response(status: .ok, headers: headers, body: try await FileIO().loadFile(path: path, context: context))
        case .part(let range):
            headers[.contentLength] = String(range.count)
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            let body = try await FileIO().loadFile(path: path, range: range, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        case .unsatisfiable:
            return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(size)", .acceptRanges: "bytes"])
        }
    }
}
