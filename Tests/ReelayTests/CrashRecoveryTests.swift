import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReelayCore
import Testing

/// Kills a real server process with SIGKILL in the middle of a render and restarts it: the task
/// must not stay in progress; it runs again to success, or fails with a clear error when it has
/// no attempts left.
@Suite(.serialized) struct CrashRecoveryTests {

    func request(_ server: ServerProcess, _ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (Int, JSONValue) {
        try await ServerProcess.request(server.baseURL, method, path, key: ServerProcess.key, body: body, timeout: .seconds(10))
    }

    func status(_ server: ServerProcess, _ id: String) async throws -> JSONValue {
        try #require(try await request(server, .GET, "/v1/video/generations/\(id)").1["data"])
    }

    /// Reads the task until `done` holds for its `data`.
    func poll(_ server: ServerProcess, _ id: String, until done: (JSONValue) -> Bool) async throws -> JSONValue {
        try #require(try await server.poll("/v1/video/generations/\(id)") { done($0["data"] ?? .null) }["data"])
    }

    /// Starts a long render and kills the server once it is visibly in progress.
    func startAndKillMidRender(_ directory: TemporaryDirectory, port: Int, environment: [String: String]) async throws -> String {
        let server = try ServerProcess(dataDirectory: directory.url, port: port, environment: environment)
        defer { server.terminate() }
        try await server.waitUntilUp()
        let (status, created) = try await request(server, .POST, "/v1/video/generations", body: """
            {"model": "doubao-seedance-1-0-pro-250528", "content": [{"type": "text", "text": "a long journey --dur 12"}],
             "resolution": "1080p"}
            """)
        #expect(status == 200, "\(created)")
        let id = try #require(created["id"]?.stringValue)
        _ = try await poll(server, id) { $0["status"] == "IN_PROGRESS" && $0["progress"] != "0%" }
        let before = try await self.status(server, id)
        #expect(before["status"] == "IN_PROGRESS", "\(before)")
        server.kill9()
        return id
    }

    @Test func aKilledRenderRunsAgainAfterRestart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let port = try ServerProcess.freePort()
        let id = try await startAndKillMidRender(directory, port: port, environment: [:])

        let restarted = try ServerProcess(dataDirectory: directory.url, port: port)
        defer { restarted.terminate() }
        try await restarted.waitUntilUp()
        let final = try await poll(restarted, id) { $0["status"] == "SUCCESS" || $0["status"] == "FAILURE" }
        #expect(final["status"] == "SUCCESS", "\(final)\n\(restarted.output)")
        #expect(final["result_url"]?.stringValue?.contains("/files/\(id)/video.mp4") == true)
    }

    @Test func aKilledRenderWithNoAttemptsLeftFailsClearly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let port = try ServerProcess.freePort()
        let environment = ["REELAY_MAX_ATTEMPTS": "1"]
        let id = try await startAndKillMidRender(directory, port: port, environment: environment)

        let restarted = try ServerProcess(dataDirectory: directory.url, port: port, environment: environment)
        defer { restarted.terminate() }
        try await restarted.waitUntilUp()
        let final = try await status(restarted, id)
        #expect(final["status"] == "FAILURE", "\(final)")
        #expect(final["fail_reason"]?.stringValue?.contains("interrupted") == true, "\(final)")
    }

    // MARK: SIGTERM

    /// Creates a task and waits until the server is rendering it.
    func createRunning(_ server: ServerProcess, _ body: String) async throws -> String {
        let (status, created) = try await request(server, .POST, "/v1/video/generations", body: body)
        #expect(status == 200, "\(created)")
        let id = try #require(created["id"]?.stringValue)
        _ = try await poll(server, id) { $0["status"] == "IN_PROGRESS" }
        let state = try await self.status(server, id)
        #expect(state["status"] == "IN_PROGRESS", "\(state)")
        return id
    }

    static let longRender = """
        {"model": "doubao-seedance-1-0-pro-250528", "content": [{"type": "text", "text": "a long journey --dur 12"}], "resolution": "1080p"}
        """
    static let shortRender = """
        {"model": "doubao-seedance-1-0-lite-t2v-250428", "content": [{"type": "text", "text": "a short walk --dur 2"}], "resolution": "480p"}
        """

    /// SIGTERM: the running task finishes within the drain deadline, and a queued one is left
    /// queued (not started, not failed) for the next start.
    @Test func sigtermLetsTheRunningTaskFinishAndClaimsNothingNew() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let port = try ServerProcess.freePort()
        let server = try ServerProcess(dataDirectory: directory.url, port: port,
                                       environment: ["REELAY_WORKERS": "1", "REELAY_DRAIN_SECONDS": "300"])
        try await server.waitUntilUp()
        let running = try await createRunning(server, Self.longRender)
        let (_, created) = try await request(server, .POST, "/v1/video/generations", body: Self.shortRender)
        let queued = try #require(created["id"]?.stringValue)
        let exitStatus = await server.stop()
        #expect(exitStatus == 0, "\(server.output)")

        let reader = try ServerProcess(dataDirectory: directory.url, port: port, environment: ["REELAY_ROLE": "api"])
        defer { reader.terminate() }
        try await reader.waitUntilUp()
        #expect(try await status(reader, running)["status"] == "SUCCESS", "\(server.output)")
        #expect(try await status(reader, queued)["status"] == "QUEUED", "\(server.output)")
    }

    /// SIGTERM with a render that outlasts the drain deadline: the server stops anyway and the
    /// task goes back to the queue, then runs to success after the restart.
    @Test func sigtermHandsARenderPastTheDeadlineBackToTheQueue() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let port = try ServerProcess.freePort()
        let server = try ServerProcess(dataDirectory: directory.url, port: port, environment: ["REELAY_DRAIN_SECONDS": "1"])
        try await server.waitUntilUp()
        let id = try await createRunning(server, Self.longRender)
        let exitStatus = await server.stop()
        #expect(exitStatus == 0, "\(server.output)")

        let reader = try ServerProcess(dataDirectory: directory.url, port: port, environment: ["REELAY_ROLE": "api"])
        try await reader.waitUntilUp()
        let handedBack = try await status(reader, id)
        _ = await reader.stop()
        #expect(handedBack["status"] == "QUEUED", "\(handedBack)\n\(server.output)")
        #expect(handedBack["progress"] == "0%", "\(handedBack)")
    }
}
