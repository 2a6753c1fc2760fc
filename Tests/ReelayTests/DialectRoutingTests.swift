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
            // new-api's task error body, the parameter named in the message.
            #expect(bad == 400)
            #expect(error["code"] == "invalid_request" && error["data"] == .null, "\(error)")
            #expect(error["message"]?.stringValue?.hasPrefix("duration") == true, "\(error)")
        }
    }

    /// apimart's and toapis' clients both post to the bare path; each gets its own dialect's
    /// answer, with its fields honoured (seed 003's defaults and 1.5 Pro's `aspect_ratio` and
    /// `audio`), and a body with fields of both is refused naming the one that would be lost.
    @Test func theBarePathAnswersInTheDialectTheBodyWasWrittenFor() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, created) = try await client.post("/v1/videos/generations", json: """
                {"model": "doubao-seedance-2.0", "prompt": "A kitten yawning at the camera", "resolution": "480p", "generate_audio": false}
                """)
            #expect(status == 200, "\(created)")
            let id = try #require(created["data"]?.arrayValue?.first?["task_id"]?.stringValue, "\(created)")
            let done = try await client.poll("/api/v3/contents/generations/tasks/\(id)") { $0["status"] == "succeeded" }
            #expect(done["resolution"] == "480p" && done["ratio"] == "16:9" && done["generate_audio"] == false, "\(done)")
            #expect(try await client.get("/v1/tasks/\(id)").1["data"]?["status"] == "completed")

            let (pro, proCreated) = try await client.post("/v1/videos/generations", json: """
                {"model": "doubao-seedance-1-5-pro-251215", "prompt": "A kite", "aspect_ratio": "9:16", "audio": false}
                """)
            #expect(pro == 200, "\(proCreated)")
            let proID = try #require(proCreated["data"]?.arrayValue?.first?["task_id"]?.stringValue, "\(proCreated)")
            let proTask = try await client.get("/api/v3/contents/generations/tasks/\(proID)").1
            #expect(proTask["ratio"] == "9:16" && proTask["generate_audio"] == false && proTask["resolution"] == "480p", "\(proTask)")

            let (bad, refusal) = try await client.post("/v1/videos/generations", json: #"{"model": "doubao-seedance-2.0", "prompt": "x", "size": "5:7"}"#)
            #expect(bad == 400)
            #expect(refusal["error"]?["type"] == "invalid_request_error" && refusal["error"]?["param"] == "size", "\(refusal)")

            let (mixed, both) = try await client.post("/v1/videos/generations", json: """
                {"model": "doubao-seedance-2.0", "prompt": "x", "size": "16:9", "metadata": {"resolution": "480p"}}
                """)
            #expect(mixed == 400)
            #expect(both["error"]?["type"] == "invalid_request" && both["error"]?["param"] == "size", "\(both)")

            let (toapis, toapisCreated) = try await client.post("/v1/videos/generations", json: Self.toapisBody)
            #expect(toapis == 200 && toapisCreated["object"] == "generation.task", "\(toapisCreated)")
        }
    }

    /// A client typed for seed 000 gets seed 000's create answer under `/anyfast-v0`, and seed
    /// 000's endpoint defaults (no audio, a watermark) for any model.
    @Test func seed000ClientsGetSeed000sAnswerUnderTheirPrefix() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, created) = try await client.post("/anyfast-v0/v1/video/generations", json: """
                {"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "A cat playing with a ball of yarn"}], "duration": 5}
                """)
            #expect(status == 200, "\(created)")
            #expect(Set(created.objectValue?.keys.map { $0 } ?? []) == ["id", "status", "created_at"], "\(created)")
            #expect(created["status"] == "submitted")
            let createdAt = try #require(created["created_at"]?.stringValue)
            #expect(try Date(createdAt, strategy: .iso8601).timeIntervalSinceNow < 60, "\(createdAt)")
            let id = try #require(created["id"]?.stringValue)
            let done = try await client.poll("/anyfast-v0/v1/video/generations/\(id)") { $0["data"]?["status"] == "SUCCESS" }
            #expect(done["data"]?["data"]?["generate_audio"] == false && done["data"]?["data"]?["watermark"] == true, "\(done)")
            // The bare path keeps seed 001's answer.
            let (_, newer) = try await client.post("/v1/video/generations", json: """
                {"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "A cat"}]}
                """)
            #expect(newer["object"] == "video" && newer["task_id"] != nil, "\(newer)")
            let (bad, error) = try await client.post("/anyfast-v0/v1/video/generations", json: """
                {"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "A cat"}], "duration": 99}
                """)
            #expect(bad == 400 && error["code"] == "invalid_request" && error["data"] == .null, "\(error)")
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
