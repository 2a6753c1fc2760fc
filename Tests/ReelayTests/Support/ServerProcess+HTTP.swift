import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReelayCore
import Testing

/// Plain HTTP against a server process, as a client outside it sees it.
extension ServerProcess {
    /// Sends one request with a bearer key; answers the status and the JSON body (null if none).
    static func request(_ baseURL: String, _ method: HTTPMethod, _ path: String, key: String, body: String? = nil,
                        timeout: TimeAmount = .seconds(30)) async throws -> (Int, JSONValue) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), (try? JSONValue.parse(bytes.readableBytesView)) ?? .null)
    }

    /// Waits until `/healthz` answers; records an issue and throws when the server exits first
    /// or never answers.
    func waitUntilUp() async throws {
        try await Polling.until("\(baseURL)/healthz (server log: \(output))", every: .milliseconds(100)) {
            try #require(process.isRunning, "the server exited: \(output)")
            return (try? await Self.request(baseURL, .GET, "/healthz", key: "", timeout: .seconds(2)))?.0 == 200
        }
    }
}
