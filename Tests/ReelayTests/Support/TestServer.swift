import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ReelayCore
@testable import Reelay

/// Boots the real application (composition root, SQLite in a temporary folder) for HTTP tests.
struct TestServer {
    static let key = "test-key-alice"
    static let otherKey = "test-key-bob"

    static func configuration(_ directory: TemporaryDirectory) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.dataDirectory = directory.path
        configuration.port = 0
        configuration.staticKeys = [key, otherKey]
        configuration.allowPrivateMedia = true
        configuration.engine.heartbeatInterval = 0.2
        configuration.engine.pollInterval = 0.5
        return configuration
    }

    /// Runs `body` against a live server on a free loopback port.
    static func run(configuration: AppConfiguration? = nil, overrides: ApplicationOverrides = .init(),
                    _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = try await buildApplication(configuration ?? Self.configuration(directory), logger: logger, overrides: overrides)
        try await app.test(.live, body)
    }
}

extension TestClientProtocol {
    func post(_ path: String, json: String, key: String? = TestServer.key) async throws -> (Int, JSONValue) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: json))
        return (Int(response.status.code), (try? JSONValue.parse(response.body.readableBytesView)) ?? .null)
    }

    func get(_ path: String, key: String? = TestServer.key) async throws -> (Int, JSONValue) {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await execute(uri: path, method: .get, headers: headers)
        return (Int(response.status.code), (try? JSONValue.parse(response.body.readableBytesView)) ?? .null)
    }

    /// Downloads a returned link through this client (path and query of the URL).
    func download(_ url: String, to file: URL, headers: HTTPFields = [:]) async throws -> TestResponse {
        let components = try #require(URLComponents(string: url))
        let uri = components.percentEncodedPath + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        let response = try await execute(uri: uri, method: .get, headers: headers)
        try Data(buffer: response.body).write(to: file)
        return response
    }
}

import Testing
