import Foundation
import Hummingbird
import ReelayCore

extension Response {
    /// A JSON answer with the exact bytes of `value`.
    static func json(_ value: JSONValue, status: Int = 200, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: .init(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: value.encoded())))
    }
}

extension Request {
    /// The body parsed as JSON, refusing bodies over `limit` with 413 and non-JSON with 400.
    func jsonBody(limit: Int) async throws(APIError) -> JSONValue {
        let buffer = try await rawBody(limit: limit)
        guard buffer.readableBytes > 0 else {
            throw APIError(.invalidParameter, "The request body is empty; send a JSON object.", param: "body")
        }
        // Structure first: a body of half a million tiny objects is refused before it is built.
        // A large body (inline media) is parsed off the cooperative pool, so others keep their turn.
        let parse = { @Sendable () throws(APIError) -> JSONValue in
            try JSONShape.check(buffer.readableBytesView)
            return try JSONValue.parse(buffer.readableBytesView)
        }
        return buffer.readableBytes < HeavyWork.threshold ? try parse() : try await HeavyWork.run(parse)
    }

    /// The body's bytes, refusing bodies over `limit` with 413.
    func rawBody(limit: Int) async throws(APIError) -> ByteBuffer {
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit { throw APIError.bodyTooLarge }
        do {
            return try await body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge
        } catch {
            throw APIError(.invalidParameter, "The request body could not be read.", param: "body")
        }
    }
}
