import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What S3 says about an object, from the headers of a HEAD or GET answer.
public struct S3ObjectInfo: Sendable, Equatable {
    /// The bytes in this answer: the whole object for HEAD, the range's length for a ranged GET.
    public var length: Int?
    public var etag: String?
    public var contentType: String?
    public var lastModified: String?

    init(_ headers: HTTPHeaders) {
        length = headers.first(name: "Content-Length").flatMap { Int($0) }
        etag = headers.first(name: "ETag")
        contentType = headers.first(name: "Content-Type")
        lastModified = headers.first(name: "Last-Modified")
    }
}

/// An object being read: its metadata and its bytes as they arrive.
public struct S3Object: Sendable {
    public let info: S3ObjectInfo
    /// 200 for the whole object, 206 for a range.
    public let status: Int
    /// `bytes first-last/size` for a range.
    public let contentRange: String?
    public let body: HTTPClientResponse.Body

    /// The whole body, refusing more than `limit` bytes.
    public func bytes(upTo limit: Int) async throws -> Data {
        Data(buffer: try await body.collect(upTo: limit))
    }
}
