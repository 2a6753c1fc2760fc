import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReelayCore

/// The Reelay HTTP API as the command-line client uses it: JSON in and out, and every way a
/// request can go wrong turned into a `ClientFailure` carrying the server's own message.
struct ClientConnection: Sendable {

    var baseURL: String
    var apiKey: String?
    let client: HTTPClient

    /// Runs `body` with its own HTTP client, shut down afterwards. Failed connection attempts
    /// are not retried (the shared client retries until the request's deadline), so a server
    /// that is down is reported at once; waiting retries on its own terms.
    static func with<T>(baseURL: String, apiKey: String?, _ body: (ClientConnection) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let result = try await body(ClientConnection(baseURL: baseURL, apiKey: apiKey, client: client))
            try? await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
              timeout: TimeAmount = .seconds(30)) async throws -> JSONValue {
        var components = URLComponents(string: baseURL + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        var request = HTTPClientRequest(url: components?.string ?? baseURL + path)
        request.method = method
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.encoded()))
        }
        let (status, bytes) = try await reach(baseURL) {
            let response = try await client.execute(request, timeout: timeout)
            return (Int(response.status.code), try await response.body.collect(upTo: 64 << 20))
        }
        let answer = try? JSONValue.parse(Data(bytes.readableBytesView))
        guard (200..<300).contains(status) else { throw failure(status: status, answer: answer, raw: bytes) }
        guard let answer else { throw ClientFailure(.unavailable, "\(baseURL) answered \(status) without JSON; is it a Reelay server?") }
        return answer
    }

    /// Streams a result file (its link is signed, so no key is sent) into `file`, replacing
    /// it only once the download is complete.
    func download(_ url: String, to file: URL) async throws {
        let partial = file.deletingLastPathComponent().appending(path: ".\(file.lastPathComponent).part")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw ClientFailure(.badRequest, "Cannot write \(file.path).")
        }
        defer { try? FileManager.default.removeItem(at: partial) }
        let handle = try FileHandle(forWritingTo: partial)
        defer { try? handle.close() }
        try await reach(url) {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .minutes(30))
            guard response.status == .ok else {
                let bytes = try await response.body.collect(upTo: 1 << 20)
                throw failure(status: Int(response.status.code), answer: try? JSONValue.parse(Data(bytes.readableBytesView)), raw: bytes)
            }
            for try await chunk in response.body {
                try handle.write(contentsOf: Data(chunk.readableBytesView))
            }
        }
        try handle.close()
        _ = try? FileManager.default.removeItem(at: file)
        try FileManager.default.moveItem(at: partial, to: file)
    }

    /// Runs a request; anything but an answer (refused connection, timeout, reset) means the
    /// server is out of reach.
    private func reach<T>(_ target: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ClientFailure {
            throw failure
        } catch {
            throw ClientFailure(.unavailable, "Cannot reach \(target): \(Self.reason(error)).")
        }
    }

    /// What went wrong on the way, in words (NIO's own descriptions are for programmers).
    private static func reason(_ error: any Error) -> String {
        switch error {
        case let error as IOError: String(cString: strerror(error.errnoCode))
        case let error as HTTPClientError where error == .connectTimeout: "the connection timed out"
        case let error as HTTPClientError where error == .deadlineExceeded: "no answer in time"
        default: String(describing: error)
        }
    }

    /// The server's message, from any dialect's error body: `{"error": {"message"}}` (Ark,
    /// OpenAI) or new-api's `{"code", "message"}`.
    private func failure(status: Int, answer: JSONValue?, raw: ByteBuffer) -> ClientFailure {
        var message = answer?["error"]?["message"]?.stringValue ?? answer?["message"]?.stringValue
            ?? String(buffer: raw).trimmingCharacters(in: .whitespacesAndNewlines)
        if message.isEmpty { message = "HTTP \(status)" }
        switch status {
        case 401, 403:
            let hint = apiKey == nil ? " Pass --api-key or set REELAY_API_KEY." : ""
            return ClientFailure(.unavailable, message + hint, status: status)
        case 429:
            return ClientFailure(.unavailable, message, status: status)
        case 400..<500:
            return ClientFailure(.badRequest, message, status: status)
        default:
            return ClientFailure(.unavailable, "The server answered \(status): \(message)", status: status)
        }
    }
}
