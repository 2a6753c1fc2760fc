import Foundation
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// Every dialect over HTTP: its own create and query routes, under its prefix and on the bare
/// paths, in its own shapes; a task created in one dialect is readable from the others.
@Suite struct DialectRoutingTests {
    static let toapisBody = """
        {"model": "doubao-seedance-1-5-pro", "prompt": "Sunset at the beach", "duration": 5, "aspect_ratio": "16:9",
         "metadata": {"resolution": "720p", "audio": true}}
        """
    static let apimartBody = """
        {"model": "doubao-seedance-2.0", "prompt": "A kitten yawning at the camera", "resolution": "720p", "size": "16:9",
         "duration": 5, "generate_audio": true}
        """
    static let unifiedBody = #"{"prompt": "dance", "model": "doubao-seedance-1-0-lite-t2v-250428"}"#

    @Test func toapisCreatesAndQueriesInItsShape() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            for prefix in ["", "/toapis"] {
                let (status, created) = try await client.post("\(prefix)/v1/videos/generations", json: Self.toapisBody)
                #expect(status == 200, "\(created)")
                #expect(created["object"] == "generation.task")
                #expect(created["status"] == "queued")
                #expect(created["metadata"] == [:])
                let id = try #require(created["id"]?.stringValue)
                let done = try await client.poll("\(prefix)/v1/videos/generations/\(id)") { $0["status"] == "completed" }
                #expect(done["progress"] == 100)
                #expect(done["result"]?["type"] == "video")
                #expect(done["result"]?["data"]?.arrayValue?.first?["format"] == "mp4")
                #expect(done["expires_at"]?.intValue != nil)
            }
            let (status, error) = try await client.post("/toapis/v1/videos/generations", json: """
                {"model": "doubao-seedance-1-5-pro", "prompt": "x", "metadata": {"resolution": "1080p"}}
                """)
            #expect(status == 400)
            #expect(error["error"]?["code"] == 400)
            #expect(error["error"]?["message"]?.stringValue?.contains("metadata.resolution") == true, "\(error)")
        }
    }

    @Test func apimartAnswersInItsEnvelope() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, created) = try await client.post("/apimart/v1/videos/generations", json: Self.apimartBody)
            #expect(status == 200, "\(created)")
            #expect(created["code"] == 200)
            let entry = try #require(created["data"]?.arrayValue?.first)
            #expect(entry["status"] == "submitted")
            let id = try #require(entry["task_id"]?.stringValue)
            for path in ["/v1/tasks/\(id)", "/apimart/v1/tasks/\(id)"] {
                let done = try await client.poll(path) { $0["data"]?["status"] == "completed" }
                #expect(done["code"] == 200)
                #expect(done["data"]?["progress"] == 100)
                #expect(done["data"]?["result"]?["videos"]?.arrayValue?.first?["url"]?.arrayValue?.count == 1)
            }
            let (missing, body) = try await client.get("/v1/tasks/cgt-20990101000000-nothing")
            #expect(missing == 404)
            #expect(body["error"]?["type"] == "invalid_request_error")
        }
    }

    @Test func theBareVideosPathFollowsTheConfiguredFlavor() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.videosDialect = .apimart
        try await TestServer.run(configuration: configuration, overrides: .init(provider: TestProvider())) { client in
            let (_, created) = try await client.post("/v1/videos/generations", json: Self.apimartBody)
            #expect(created["code"] == 200)
            #expect(created["data"]?.arrayValue?.first?["status"] == "submitted")
            // toapis stays reachable under its prefix.
            let (_, toapis) = try await client.post("/toapis/v1/videos/generations", json: Self.toapisBody)
            #expect(toapis["object"] == "generation.task")
        }
    }

    @Test func unifiedCreatesAndQueries() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, created) = try await client.post("/v2/videos/generations", json: Self.unifiedBody)
            #expect(status == 200, "\(created)")
            let id = try #require(created["task_id"]?.stringValue)
            #expect(created.objectValue?.keys.sorted() == ["task_id"])
            let done = try await client.poll("/unified/v2/videos/generations/\(id)") { $0["status"] == "SUCCESS" }
            #expect(done["progress"] == "100%")
            #expect(done["data"]?["output"]?.stringValue?.contains("/files/\(id)/") == true)
            let (bad, error) = try await client.post("/v2/videos/generations", json: """
                {"prompt": "dance", "model": "doubao-seedance-1-0-lite-t2v-250428", "duration": 7}
                """)
            #expect(bad == 400)
            #expect(error["error"]?["param"] == "duration")
        }
    }

    @Test func aTaskIsReadableFromEveryDialectByItsOwnerOnly() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (_, created) = try await client.post("/v2/videos/generations", json: Self.unifiedBody)
            let id = try #require(created["task_id"]?.stringValue)
            _ = try await client.poll("/v2/videos/generations/\(id)") { $0["status"] == "SUCCESS" }
            let (a, anyfast) = try await client.get("/v1/video/generations/\(id)")
            #expect(a == 200 && anyfast["data"]?["status"] == "SUCCESS")
            let (t, toapis) = try await client.get("/v1/videos/generations/\(id)")
            #expect(t == 200 && toapis["status"] == "completed")
            let (m, apimart) = try await client.get("/v1/tasks/\(id)")
            #expect(m == 200 && apimart["data"]?["status"] == "completed")
            for path in ["/v1/video/generations/\(id)", "/v1/videos/generations/\(id)", "/v1/tasks/\(id)", "/v2/videos/generations/\(id)"] {
                let (status, _) = try await client.get(path, key: TestServer.otherKey)
                #expect(status == 404, "\(path)")
            }
        }
    }
}
