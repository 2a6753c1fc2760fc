import Foundation
import Testing
@testable import Reelay

/// What a real server leaves on disk: nothing other users of the machine can read, and no
/// secret in its log.
@Suite(.timeLimit(.minutes(3))) struct DataDirectoryTests {
    @Test func theDataDirectoryIsTheOperatorsAloneAndNoKeyIsLogged() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.url.appending(path: "data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        // No key configured, and no terminal: no secret may be made just to land in a log.
        let server = try ServerProcess(dataDirectory: data, port: try ServerProcess.freePort(), environment: ["REELAY_API_KEYS": ""])
        try await server.waitUntilUp()
        _ = await server.stop()

        func mode(_ url: URL) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
        }
        #expect(try mode(data) == 0o700)
        #expect(try mode(data.appending(path: "reelay.sqlite")) == 0o600)
        #expect(try mode(data.appending(path: "files")) == 0o700)
        #expect(server.output.contains("reelay keys create"), "\(server.output)")
        #expect(!server.output.contains("shown only once"))
    }
}
