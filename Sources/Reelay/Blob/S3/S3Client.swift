import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// A small client for one bucket of an S3-compatible store: the handful of operations a blob
/// store needs, signed with `SigV4Signer`, over async-http-client.
///
/// Every request is retried with jittered exponential backoff when the store answers 429 or 5xx
/// or does not answer at all; any other refusal is thrown at once as an `S3Error` carrying S3's
/// error code and message.
public struct S3Client: Sendable {
    public let bucket: String
    public let configuration: S3Configuration
    let http: HTTPClient
    let signer: SigV4Signer
    let now: @Sendable () -> Date

    /// Objects larger than this go up as a multipart upload.
    public var multipartThreshold = 16 << 20
    /// The size of every part but the last; S3 refuses parts under 5 MiB.
    public var partSize = 8 << 20 {
        didSet { partSize = max(partSize, Self.minimumPartSize) }
    }
    /// Tries per request, the first included.
    public var attempts = 4
    /// The pause before the first retry; doubled for each further one, with jitter.
    public var retryDelay: Duration = .milliseconds(200)
    /// How long a request may wait for the answer's head.
    public var timeout: TimeAmount = .seconds(60)

    public static let minimumPartSize = 5 << 20

    public init(bucket: String, configuration: S3Configuration, http: HTTPClient = .shared,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.bucket = bucket
        self.configuration = configuration
        self.http = http
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        self.now = now
    }

    // MARK: Objects

    /// Stores `data` under `key`, in parts when it is larger than `multipartThreshold`.
    public func put(key: String, data: Data, contentType: String? = nil) async throws {
        try await upload(key: key, size: data.count, contentType: contentType) { range in
            data.subdata(in: (data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound))
        }
    }

    /// Stores the file at `file` under `key`, reading one part at a time.
    public func put(key: String, file: URL, contentType: String? = nil) async throws {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        try await upload(key: key, size: size, contentType: contentType) { range in
            try handle.seek(toOffset: UInt64(range.lowerBound))
            let bytes = try handle.read(upToCount: range.count) ?? Data()
            guard bytes.count == range.count else { throw CocoaError(.fileReadUnknown) }
            return bytes
        }
    }

    /// The object's metadata, or nil when there is no such object.
    public func head(key: String) async throws -> S3ObjectInfo? {
        do {
            let response = try await send(.HEAD, key: key, operation: "HEAD")
            return S3ObjectInfo(response.headers)
        } catch let error as S3Error {
            if case .refused(_, _, 404, _, _) = error { return nil }
            throw error
        }
    }

    /// The object's bytes as they arrive. `range` is an HTTP Range value (`bytes=0-99`,
    /// `bytes=-500`); the answer is then 206 with `contentRange` set.
    public func get(key: String, range: String? = nil) async throws -> S3Object {
        let response = try await send(.GET, key: key, headers: range.map { [("Range", $0)] } ?? [], operation: "GET")
        return S3Object(info: S3ObjectInfo(response.headers), status: Int(response.status.code),
                        contentRange: response.headers.first(name: "Content-Range"), body: response.body)
    }

    /// Removes the object; removing one that is not there is not an error.
    public func delete(key: String) async throws {
        _ = try await send(.DELETE, key: key, operation: "DELETE").body.collect(upTo: Self.smallAnswer)
    }

    /// Removes every object whose key starts with `prefix`; returns how many there were.
    @discardableResult
    public func delete(prefix: String) async throws -> Int {
        var removed = 0
        var continuation: String?
        repeat {
            let page = try await list(prefix: prefix, continuation: continuation)
            if !page.keys.isEmpty { try await delete(keys: page.keys) }
            removed += page.keys.count
            continuation = page.next
        } while continuation != nil
        return removed
    }

    /// A URL that fetches the object without credentials until `expires` seconds from now
    /// (S3 takes 1 second to 7 days).
    public func presignedGET(key: String, expires: Int, date: Date? = nil) -> URL {
        signer.presign(method: "GET", url: url(key: key), expires: expires, date: date ?? now())
    }

    // MARK: Uploads

    private func upload(key: String, size: Int, contentType: String?, read: (Range<Int>) throws -> Data) async throws {
        let typeHeader = contentType.map { [("Content-Type", $0)] } ?? []
        guard size > multipartThreshold else {
            _ = try await send(.PUT, key: key, headers: typeHeader, body: try read(0..<size), operation: "PUT")
                .body.collect(upTo: Self.smallAnswer)
            return
        }
        let created = try await S3XML(answer(.POST, key: key, query: [("uploads", "")], headers: typeHeader,
                                             operation: "CreateMultipartUpload"))
        guard let uploadID = created.value("UploadId") else {
            throw S3Error.unexpectedResponse(operation: "CreateMultipartUpload", key: key, reason: "no UploadId")
        }
        do {
            var etags: [String] = []
            for (index, start) in stride(from: 0, to: size, by: partSize).enumerated() {
                let part = try read(start..<min(start + partSize, size))
                let response = try await send(.PUT, key: key, query: [("partNumber", String(index + 1)), ("uploadId", uploadID)],
                                              body: part, operation: "UploadPart")
                _ = try await response.body.collect(upTo: Self.smallAnswer)
                guard let etag = response.headers.first(name: "ETag") else {
                    throw S3Error.unexpectedResponse(operation: "UploadPart", key: key, reason: "no ETag for part \(index + 1)")
                }
                etags.append(etag)
            }
            let parts = etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(S3XML.escape($0.element))</ETag></Part>" }
            let body = Data("<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>".utf8)
            _ = try await answer(.POST, key: key, query: [("uploadId", uploadID)], headers: [("Content-Type", "application/xml")],
                                 body: body, operation: "CompleteMultipartUpload")
        } catch {
            // Parts of an abandoned upload are stored (and billed) until aborted.
            _ = try? await send(.DELETE, key: key, query: [("uploadId", uploadID)], operation: "AbortMultipartUpload")
                .body.collect(upTo: Self.smallAnswer)
            throw error
        }
    }

    // MARK: Listing and batch deletion

    func list(prefix: String, continuation: String?) async throws -> (keys: [String], next: String?) {
        var query: [SigV4Signer.Header] = [("list-type", "2"), ("prefix", prefix), ("encoding-type", "url")]
        if let continuation { query.append(("continuation-token", continuation)) }
        let listing = try await S3XML(answer(.GET, key: "", query: query, operation: "ListObjectsV2"))
        // With encoding-type=url the keys come percent-encoded, so any byte survives the XML.
        let keys = listing.elements("Contents").map { S3XML(Data($0.utf8)).value("Key") ?? "" }
            .map { SigV4Signer.decode($0.replacingOccurrences(of: "+", with: " ")) }
        let truncated = listing.value("IsTruncated") == "true"
        return (keys, truncated ? listing.value("NextContinuationToken") : nil)
    }

    /// One DeleteObjects request for up to 1,000 keys (what a listing page holds).
    private func delete(keys: [String]) async throws {
        let objects = keys.map { "<Object><Key>\(S3XML.escape($0))</Key></Object>" }.joined()
        let body = Data("<Delete><Quiet>true</Quiet>\(objects)</Delete>".utf8)
        // S3 requires a checksum of a DeleteObjects body.
        let md5 = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
        let result = try await S3XML(answer(.POST, key: "", query: [("delete", "")],
                                            headers: [("Content-Type", "application/xml"), ("Content-MD5", md5)],
                                            body: body, operation: "DeleteObjects"))
        if let failure = result.elements("Error").first.map({ S3XML(Data($0.utf8)) }) {
            throw S3Error.refused(operation: "DeleteObjects", key: failure.value("Key") ?? "", status: 200,
                                  code: failure.value("Code") ?? "Error", message: failure.value("Message") ?? "")
        }
    }

    // MARK: Requests

    /// Answers are small XML documents; anything larger is not one.
    static let smallAnswer = 1 << 20

    /// The URL of `key` in the bucket (the bucket itself for an empty key) with `query`.
    func url(key: String, query: [SigV4Signer.Header] = []) -> URL {
        var components = URLComponents(url: configuration.endpoint, resolvingAgainstBaseURL: false)!
        var path = components.percentEncodedPath
        if path.hasSuffix("/") { path.removeLast() }
        if configuration.pathStyle {
            path += "/" + SigV4Signer.encode(bucket, keepSlash: false)
        } else {
            components.host = "\(bucket).\(components.host ?? "")"
        }
        components.percentEncodedPath = path + "/" + SigV4Signer.encode(key, keepSlash: true)
        components.percentEncodedQuery = query.isEmpty ? nil : query
            .map { SigV4Signer.encode($0.name, keepSlash: false) + "=" + SigV4Signer.encode($0.value, keepSlash: false) }
            .joined(separator: "&")
        return components.url!
    }

    /// Sends a request and reads its whole (small) answer, which must not be an `<Error>`:
    /// S3 may answer 200 and still report a failure in the body (CompleteMultipartUpload).
    private func answer(_ method: HTTPMethod, key: String, query: [SigV4Signer.Header] = [], headers: [SigV4Signer.Header] = [],
                        body: Data? = nil, operation: String) async throws -> Data {
        let response = try await send(method, key: key, query: query, headers: headers, body: body, operation: operation)
        let data = Data(buffer: try await response.body.collect(upTo: Self.smallAnswer))
        let xml = S3XML(data)
        if xml.text.contains("<Error>"), let code = xml.value("Code") {
            throw S3Error.refused(operation: operation, key: key, status: Int(response.status.code), code: code,
                                  message: xml.value("Message") ?? "")
        }
        return data
    }

    /// Sends a signed request, again while the failure is transient, and returns an answer
    /// with a success status (its body still to be read).
    private func send(_ method: HTTPMethod, key: String, query: [SigV4Signer.Header] = [], headers: [SigV4Signer.Header] = [],
                      body: Data? = nil, operation: String) async throws -> HTTPClientResponse {
        let target = url(key: key, query: query)
        var attempt = 1
        while true {
            do {
                return try await sendOnce(method, url: target, headers: headers, body: body, operation: operation, key: key)
            } catch let error as S3Error where error.isTransient && attempt < attempts {
                let pause = retryDelay * (1 << (attempt - 1))
                try await Task.sleep(for: pause * Double.random(in: 0.5...1.0))
                attempt += 1
            }
        }
    }

    private func sendOnce(_ method: HTTPMethod, url: URL, headers: [SigV4Signer.Header], body: Data?,
                          operation: String, key: String) async throws -> HTTPClientResponse {
        let payload = body.map { SigV4Signer.Payload.of($0) } ?? .empty
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        let signed = signer.sign(method: method.rawValue, url: url, headers: headers, payload: payload, date: now())
        for header in headers + signed { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw S3Error.unreachable(operation: operation, key: key, reason: String(describing: error))
        }
        guard response.status.code >= 300 else { return response }
        // A refusal: S3 explains it in a small XML body (none for HEAD).
        let data = (try? await response.body.collect(upTo: Self.smallAnswer)).map { Data(buffer: $0) } ?? Data()
        let xml = S3XML(data)
        throw S3Error.refused(operation: operation, key: key, status: Int(response.status.code),
                              code: xml.value("Code") ?? response.status.reasonPhrase,
                              message: xml.value("Message") ?? "")
    }
}
