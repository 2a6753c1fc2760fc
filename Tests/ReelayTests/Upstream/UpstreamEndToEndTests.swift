import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ReelayCore
import Testing
@testable import Reelay

/// The whole server with `REELAY_UPSTREAMS` pointing at the fake Ark: clients create tasks over
/// HTTP as they would against Reelay alone, and the upstream misbehaves in every way it can.
@Suite("Upstream: end to end")
struct UpstreamEndToEndTests {
    static let adminKey = "admin-key-for-usage"
    static let terminal: Set<String> = ["succeeded", "failed", "cancelled", "expired"]

    /// A routing file that sends every model to the fake, with its callbacks aimed at Reelay.
    /// A routing file with one channel, `channel`, on the fake Ark; `routes` default to every
    /// model going there.
    static func routingFile(in directory: URL, fake: FakeArk, reelayPort: Int, retryAttempts: Int = 4,
                            channel: String = "ark", routes: JSONValue? = nil) throws -> String {
        let file: JSONValue = [
            "channels": [[
                "name": .string(channel), "kind": "ark", "baseURL": .string(fake.arkBase), "apiKeyEnv": "FAKE_ARK_KEY",
                "callbackURL": .string("http://127.0.0.1:\(reelayPort)/upstream/callback/\(channel)"),
                "requestTimeout": 60, "taskTimeout": 120,
            ]],
            "routes": routes ?? ["*": .array([.string(channel)])],
            "polling": ["initialInterval": 0.05, "maxInterval": 0.15, "vanishRounds": 3],
            "retry": ["attempts": .int(retryAttempts), "baseDelay": 0.02, "maxDelay": 0.08],
        ]
        let url = directory.appending(path: "upstreams.json")
        try file.encoded().write(to: url)
        return url.path
    }

    /// Runs the application on `configuration.port` for the length of `body`, with `provider`
    /// doing the renders the routing file leaves local.
    static func withServer(_ configuration: AppConfiguration, provider: Mp4Provider = Mp4Provider(),
                           logger: Logger = UpstreamTest.quiet, _ body: () async throws -> Void) async throws {
        let app = try await buildApplication(configuration, logger: logger, overrides: .init(provider: provider))
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        let result: Result<Void, any Error>
        do {
            try await Polling.until("the server to answer /healthz", every: Polling.interval) {
                (try? await call(.GET, configuration.port, "/healthz"))?.0 == 200
            }
            try await body()
            result = .success(())
        } catch {
            result = .failure(error)
        }
        server.cancel()
        _ = await server.result
        try result.get()
    }

    static func call(_ method: HTTPMethod, _ port: Int, _ path: String, json: JSONValue? = nil,
                     key: String = TestServer.key) async throws -> (Int, JSONValue, Data) {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: json.encoded()))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let data = Data(buffer: try await response.body.collect(upTo: 16 << 20))
        return (Int(response.status.code), (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null, data)
    }

    /// Creates a task through Ark's dialect and returns its Reelay id.
    static func create(_ port: Int, prompt: String, callbackURL: String? = nil) async throws -> String {
        var body: [String: JSONValue] = [
            "model": "doubao-seedance-1-5-pro-251215", "content": [["type": "text", "text": .string(prompt)]],
            "duration": 5, "resolution": "720p", "ratio": "16:9", "return_last_frame": true,
        ]
        if let callbackURL { body["callback_url"] = .string(callbackURL) }
        let (status, answer, _) = try await call(.POST, port, "/api/v3/contents/generations/tasks", json: .object(body))
        try #require(status == 200, "create answered \(status): \(answer)")
        return try #require(answer["id"]?.stringValue)
    }

    /// Reads a task until it is terminal.
    static func awaitEnd(_ port: Int, _ id: String) async throws -> JSONValue {
        try await Polling.poll("/api/v3/contents/generations/tasks/\(id)", get: { path in
            let (status, task, _) = try await call(.GET, port, path)
            return (status, task)
        }) { terminal.contains($0["status"]?.stringValue ?? "") }
    }

    @Test func anUpstreamErrorThatEchoesTheKeyNeverShowsIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with(queuedFor: .milliseconds(50), runningFor: .milliseconds(50)) { fake in
            var configuration = TestServer.configuration(directory)
            configuration.port = try ServerProcess.freePort()
            configuration.upstreamsFile = try Self.routingFile(in: directory.url, fake: fake, reelayPort: configuration.port)
            configuration.upstreamEnvironment = ["FAKE_ARK_KEY": FakeArk.key]
            try await Self.withServer(configuration) {
                let port = configuration.port
                let id = try await Self.create(port, prompt: "a storm [fail] [echo-key]")
                let final = try await Self.awaitEnd(port, id)
                #expect(final["status"] == "failed")
                #expect(final["error"]?["message"]?.stringValue?.contains("Authorization: Bearer <redacted>") == true, "\(final)")
                // Not in any dialect's answer, nor in the lists.
                for path in ["/api/v3/contents/generations/tasks/\(id)", "/v1/video/generations/\(id)", "/v2/videos/generations/\(id)",
                             "/v1/videos/\(id)", "/v1/tasks/\(id)", "/v1/videos/generations/\(id)",
                             "/api/v3/contents/generations/tasks?page_size=100", "/v1/videos?limit=100"] {
                    let (status, _, raw) = try await Self.call(.GET, port, path)
                    #expect(status == 200, "\(path)")
                    #expect(!String(decoding: raw, as: UTF8.self).contains(FakeArk.key), "\(path)")
                }
            }
        }
        // Nor in the database.
        let database = try Data(contentsOf: directory.url.appending(path: "reelay.sqlite"))
            + ((try? Data(contentsOf: directory.url.appending(path: "reelay.sqlite-wal"))) ?? Data())
        #expect(database.range(of: Data(FakeArk.key.utf8)) == nil)
    }

    @Test func underInjectedFaultsEveryTaskEndsOnceAndNoResultIsLost() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let receiver = try await CallbackReceiver()
        do {
            try await Self.runFaults(directory: directory, receiver: receiver)
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    static func runFaults(directory: TemporaryDirectory, receiver: CallbackReceiver) async throws {
        try await FakeArk.with(queuedFor: .milliseconds(80), runningFor: .milliseconds(150), callbackRepeats: 2) { fake in
            var configuration = TestServer.configuration(directory)
            configuration.port = try ServerProcess.freePort()
            configuration.upstreamsFile = try Self.routingFile(in: directory.url, fake: fake, reelayPort: configuration.port)
            configuration.upstreamEnvironment = ["FAKE_ARK_KEY": FakeArk.key]
            configuration.engine.workers = 8
            configuration.adminKey = Self.adminKey
            fake.failCreates(.status(500), .status(429))
            fake.failLists(.status(500), .malformed, .status(429), .gatewayPage, .status(503))
            fake.failGets(.status(502))
            fake.failDownloads(.status(500), .status(503))

            try await Self.withServer(configuration) {
                let port = configuration.port
                let prompts = ["a lighthouse at dawn", "a fox in snow [weird]", "a storm [fail]", "a slow tide [expire]", "a ghost [vanish]"]
                var ids: [String: String] = [:]
                for prompt in prompts { ids[prompt] = try await Self.create(port, prompt: prompt, callbackURL: receiver.url) }
                var finals: [String: JSONValue] = [:]
                for prompt in prompts { finals[prompt] = try await Self.awaitEnd(port, ids[prompt]!) }

                // One upstream task per Reelay task, whatever was refused or retried on the way.
                #expect(fake.stats.tasksCreated == prompts.count)
                #expect(fake.stats.createRequests == prompts.count + 2)

                for prompt in ["a lighthouse at dawn", "a fox in snow [weird]"] {
                    let task = try #require(finals[prompt])
                    #expect(task["status"] == "succeeded")
                    #expect(task["usage"]?["total_tokens"] == 108_900)
                    // The files are Reelay's own copies of the upstream's.
                    let upstreamID = try #require(fake.state.withLock { state in state.order.first { state.tasks[$0]?.prompt == prompt } })
                    let video = try #require(task["content"]?["video_url"]?.stringValue)
                    let frame = try #require(task["content"]?["last_frame_url"]?.stringValue)
                    #expect(video.hasPrefix("http://127.0.0.1:\(port)/files/") && frame.hasPrefix("http://127.0.0.1:\(port)/files/"))
                    #expect(try await Self.call(.GET, port, video).2 == Data(FakeArk.mp4("\(upstreamID).mp4")))
                    #expect(try await Self.call(.GET, port, frame).2 == Data(FakeArk.png))
                }
                #expect(finals["a storm [fail]"]?["status"] == "failed")
                #expect(finals["a storm [fail]"]?["error"]?["code"] == "OutputVideoSensitiveContentDetected")
                #expect(finals["a slow tide [expire]"]?["status"] == "expired")
                #expect(finals["a slow tide [expire]"]?["error"]?["code"] == "Expired")
                #expect(finals["a ghost [vanish]"]?["status"] == "failed")
                #expect(finals["a ghost [vanish]"]?["error"]?["code"] == "UpstreamTaskVanished")
                for prompt in prompts where finals[prompt]?["status"] != "succeeded" {
                    #expect(finals[prompt]?["usage"]?["total_tokens"] ?? 0 == 0)
                }

                // Every upstream callback came twice; each task still ended exactly once.
                try await Polling.until { fake.stats.callbacksSent == 2 * prompts.count }
                try await Polling.until {
                    Set(receiver.deliveries.compactMap { Self.terminalID(of: $0.body) }).count == prompts.count
                }
                let ends = receiver.deliveries.compactMap { Self.terminalID(of: $0.body) }
                #expect(ends.count == prompts.count)
                #expect(Set(ends) == Set(ids.values))

                // Usage counts the two videos once each, and nothing for the failures.
                let (status, usage, _) = try await Self.call(.GET, port, "/admin/usage?days=1", key: Self.adminKey)
                #expect(status == 200)
                let row = try #require(usage["data"]?.arrayValue?.first)
                #expect(row["tasks"] == 2 && row["video_seconds"] == 10 && row["active_tasks"] == 0)
            }
        }
    }

    /// The id of a Reelay callback body that reports a terminal status.
    static func terminalID(of body: Data) -> String? {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: body), let status = json["status"]?.stringValue,
              terminal.contains(status)
        else { return nil }
        return json["id"]?.stringValue
    }

    @Test func aKeyTheUpstreamEchoesStaysOutOfTaskRecordsAndLogs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let wrongKey = "sk-leaked-if-you-see-this-4242"
        let logs = LogCapture()
        try await FakeArk.with { fake in
            var configuration = TestServer.configuration(directory)
            configuration.port = try ServerProcess.freePort()
            configuration.upstreamsFile = try Self.routingFile(in: directory.url, fake: fake, reelayPort: configuration.port)
            configuration.upstreamEnvironment = ["FAKE_ARK_KEY": wrongKey]
            try await Self.withServer(configuration, logger: logs.logger) {
                let id = try await Self.create(configuration.port, prompt: "a red balloon")
                let task = try await Self.awaitEnd(configuration.port, id)
                #expect(task["status"] == "failed")
                #expect(task["error"]?["code"] == "AuthenticationError")
                #expect(task["error"]?["message"]?.stringValue?.contains("<redacted>") == true)
                // The key did reach the upstream, which echoed it back in its refusal.
                #expect(fake.stats.authorizations == ["Bearer \(wrongKey)"])
            }
        }
        #expect(!logs.text.isEmpty)
        #expect(!logs.text.contains(wrongKey))
        // Nothing the server stored (database, its journal, result folders) holds the key.
        let files = FileManager.default.enumerator(at: directory.url, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let stored = files.filter { $0.lastPathComponent != "upstreams.json" }.compactMap { try? Data(contentsOf: $0) }
        #expect(stored.contains { !$0.isEmpty })
        #expect(!stored.contains { $0.range(of: Data(wrongKey.utf8)) != nil })
    }

    @Test func aBrokenRoutingFileStopsTheStartWithItsReason() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appending(path: "upstreams.json")
        try Data(#"{"channels": [{"name": "ark", "kind": "ark", "baseURL": "https://ark.example/api/v3", "apiKeyEnv": "UNSET_KEY"}]}"#.utf8)
            .write(to: file)
        var configuration = TestServer.configuration(directory)
        configuration.upstreamsFile = file.path
        do {
            _ = try await buildApplication(configuration, logger: UpstreamTest.quiet, overrides: .init(provider: Mp4Provider()))
            Issue.record("the application started with a routing file naming an unset key")
        } catch {
            #expect("\(error)".contains("UNSET_KEY"))
        }
    }
}
