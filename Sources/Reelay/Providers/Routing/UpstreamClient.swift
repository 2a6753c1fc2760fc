import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ReelayCore
#if canImport(Glibc)
import Glibc
#endif

/// JSON calls to one upstream API: base URL, bearer key and time limit in one place. It never logs
/// headers, and it tells apart failures where the request never left (safe to send again) from
/// those where the upstream may have received it (a create must then not be sent again): the
/// client's errors alone cannot say which, so the body records when it starts going out.
struct UpstreamClient: Sendable {
    let httpClient: HTTPClient
    /// Without a trailing slash: `https://ark.cn-beijing.volces.com/api/v3`.
    let baseURL: String
    let secret: UpstreamSecret?
    let timeout: Duration
    /// Answers larger than this are cut off (a list page of 500 tasks is well under it).
    static let maxBodyBytes = 16 << 20

    init(httpClient: HTTPClient, baseURL: String, secret: UpstreamSecret?, timeout: Duration) {
        self.httpClient = httpClient
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.secret = secret
        self.timeout = timeout
    }

    struct Response: Sendable {
        var status: Int
        var body: Data
        var retryAfter: Duration?
        /// Ark's `X-Request-Id`, for support tickets.
        var requestID: String?

        var isSuccess: Bool { (200..<300).contains(status) }
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: body) }
    }

    /// No HTTP answer. `sent` is false only when the request certainly never reached the upstream:
    /// its body was never asked for (see `SendMarkedBody`). Everything else (a timeout waiting for
    /// the answer, a connection dropped mid-way) may have been received and acted upon.
    struct TransportError: Error, Sendable, CustomStringConvertible {
        var sent: Bool
        var description: String
    }

    /// The upstream host, which result downloads trust as the operator configured it.
    var host: String? { URLComponents(string: baseURL)?.host }

    func url(_ path: String, query: [(String, String)] = []) -> String {
        var components = URLComponents(string: baseURL + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components?.string ?? baseURL + path
    }

    /// Sends one request and reads the whole (JSON) answer. Throws `TransportError`, or
    /// `CancellationError` when the calling task is cancelled.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
              timeout: Duration? = nil) async throws -> Response {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Reelay-Upstream/1")
        if let secret { request.headers.add(name: "Authorization", value: secret.authorization) }
        let marker = SendMarkedBody.Marker()
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = SendMarkedBody(bytes: ByteBuffer(data: body.encoded()), marker: marker).requestBody
        }
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout ?? self.timeout))
            let bytes = try await response.body.collect(upTo: Self.maxBodyBytes)
            return Response(status: Int(response.status.code), body: Data(buffer: bytes),
                            retryAfter: response.headers.first(name: "retry-after").flatMap(Self.retryAfter),
                            requestID: response.headers.first(name: "x-request-id"))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            // Without a body there is no marker; such requests (polls, deletes) may be repeated anyway.
            let sent = body == nil || marker.started
            throw TransportError(sent: sent, description: Self.describe(error, sent: sent))
        }
    }

    /// A short, secret-free account of a transport failure.
    static func describe(_ error: any Error, sent: Bool = true) -> String {
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded:
            sent ? "no answer within the time limit" : "no connection within the time limit"
        case let error as HTTPClientError where error == .connectTimeout: "could not connect within the time limit"
        case let error as HTTPClientError where error == .remoteConnectionClosed: "the connection was closed before the answer"
        case let error as HTTPClientError where error == .readTimeout: "the answer stalled"
        case is HTTPClientError: "HTTP client error (\(error))"
        case let error as IOError: "connection failed (\(String(cString: strerror(error.errnoCode))))"
        default: sent ? "connection failed (\(type(of: error)))" : "could not connect (\(error))"
        }
    }

    /// `Retry-After` in seconds (the HTTP-date form is rare from APIs and ignored).
    static func retryAfter(_ value: String) -> Duration? {
        Double(value.trimmingCharacters(in: .whitespaces)).map { .seconds(max(0, min($0, 300))) }
    }
}
