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

    /// Waits until `/healthz` answers; records an issue and throws when it never does.
    func waitUntilUp() async throws {
        for _ in 0..<300 {
            if let (status, _) = try? await Self.request(baseURL, .GET, "/healthz", key: "", timeout: .seconds(2)), status == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("server did not start: \(output)")
        throw CancellationError()
    }
}
