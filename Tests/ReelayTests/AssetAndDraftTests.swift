import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// Assets (upload once, name as `asset://id`) and draft tasks rendered again at full quality.
@Suite struct AssetAndDraftTests {
    static func upload(_ client: any TestClientProtocol, _ bytes: Data, key: String = TestServer.key, multipart: Bool) async throws -> (HTTPResponse.Status, JSONValue) {
        var headers: HTTPFields = [.authorization: "Bearer \(key)"]
        var body = ByteBuffer()
        if multipart {
            let boundary = "asset-boundary"
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n--\(boundary)--\r\n")
        } else {
            headers[.contentType] = "application/octet-stream"
            body.writeBytes(bytes)
        }
        let response = try await client.execute(uri: "/v1/assets", method: .post, headers: headers, body: body)
        return (response.status, (try? JSONValue.parse(response.body.readableBytesView)) ?? .null)
    }

    @Test func aRawUploadLabelledAsAFormIsReadByItsBytes() async throws {
        // curl -d sends a raw body as application/x-www-form-urlencoded unless told otherwise.
        let png = try await Self.png()
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let response = try await client.execute(uri: "/v1/assets", method: .post, headers: [
                .authorization: "Bearer \(TestServer.key)", .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(data: png))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
        }
    }

    static func png() async throws -> Data {
        let file = try await OpenAIRoutesTests.makePNG()
        defer { try? FileManager.default.removeItem(at: file) }
        return try Data(contentsOf: file)
    }

    @Test func uploadListUseAndDeleteAnAsset() async throws {
        let png = try await Self.png()
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, asset) = try await Self.upload(client, png, multipart: true)
            #expect(status == .ok, "\(asset)")
            #expect(asset["kind"] == "image")
            #expect(asset["content_type"] == "image/png")
            let url = try #require(asset["url"]?.stringValue)
            let id = try #require(asset["id"]?.stringValue)
            #expect(url == "asset://\(id)")
            let (_, raw) = try await Self.upload(client, png, multipart: false)
            #expect(raw["kind"] == "image")
            let (_, list) = try await client.get("/v1/assets")
            #expect(list["data"]?.arrayValue?.count == 2)
            let (_, othersList) = try await client.get("/v1/assets", key: TestServer.otherKey)
            #expect(othersList["data"]?.arrayValue?.isEmpty == true)

            // apimart case 10: an asset as the image of a 2.0 request.
            let body = """
                {"model": "doubao-seedance-2.0", "prompt": "The character walks", "image_urls": ["\(url)"], "duration": 5, "resolution": "720p"}
                """
            let (created, answer) = try await client.post("/apimart/v1/videos/generations", json: body)
            #expect(created == 200, "\(answer)")
            // Another key cannot use it; a kind mismatch is named.
            let (stolen, refusal) = try await client.post("/apimart/v1/videos/generations", json: body, key: TestServer.otherKey)
            #expect(stolen == 400)
            #expect(refusal["error"]?["param"] == "image_urls[0]")
            let (mismatch, wrongKind) = try await client.post("/apimart/v1/videos/generations", json: """
                {"model": "doubao-seedance-2.0", "prompt": "p", "video_urls": ["\(url)"]}
                """)
            #expect(mismatch == 400)
            #expect(wrongKind["error"]?["message"] == .string("video_urls[0]: Asset \(id) is an image file, not a video file."), "\(wrongKind)")
            let (audioMismatch, notAudio) = try await client.post("/apimart/v1/videos/generations", json: """
                {"model": "doubao-seedance-2.0", "prompt": "p", "image_urls": ["\(url)"], "audio_urls": ["\(url)"]}
                """)
            #expect(audioMismatch == 400)
            #expect(notAudio["error"]?["param"] == "audio_urls[0]")
            #expect(notAudio["error"]?["message"] == .string("audio_urls[0]: Asset \(id) is an image file, not an audio file."), "\(notAudio)")

            let deleted = try await client.execute(uri: "/v1/assets/\(id)", method: .delete, headers: [.authorization: "Bearer \(TestServer.key)"])
            #expect(deleted.status == .ok)
            let (gone, _) = try await client.get("/v1/assets/\(id)")
            #expect(gone == 404)
        }
    }

    @Test func uploadsThatAreNotMediaAreRefused() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, answer) = try await Self.upload(client, Data("<html>not media</html>".utf8), multipart: true)
            #expect(status == .badRequest)
            #expect(answer["error"]?["param"] == "file")
            let (unauthorized, _) = try await Self.upload(client, try await Self.png(), key: "wrong", multipart: false)
            #expect(unauthorized == .unauthorized)
        }
    }

    @Test func aDraftIsRenderedAgainAtFullQuality() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let path = "/api/v3/contents/generations/tasks"
            let (_, draft) = try await client.post(path, json: """
                {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "a paper boat --seed 77"}],
                 "draft": true, "duration": 6, "ratio": "9:16"}
                """)
            let draftID = try #require(draft["id"]?.stringValue)
            _ = try await client.poll("\(ArkRoutesTests.path)/\(draftID)") { $0["status"] == "succeeded" }
            let (_, draftTask) = try await client.get("\(path)/\(draftID)")
            #expect(draftTask["resolution"] == "480p")
            #expect(draftTask["draft"] == true)

            let (status, full) = try await client.post(path, json: """
                {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "draft_task", "draft_task": {"id": "\(draftID)"}}],
                 "resolution": "720p"}
                """)
            #expect(status == 200, "\(full)")
            let fullID = try #require(full["id"]?.stringValue)
            let done = try await client.poll("\(ArkRoutesTests.path)/\(fullID)") { $0["status"] == "succeeded" }
            #expect(done["seed"] == 77)
            #expect(done["duration"] == 6)
            #expect(done["ratio"] == "9:16")
            #expect(done["resolution"] == "720p")
            #expect(done["draft"] == false)

            // Someone else's draft, or a task that is not a draft, is refused.
            let (stolen, _) = try await client.post(path, json: """
                {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "draft_task", "draft_task": {"id": "\(draftID)"}}]}
                """, key: TestServer.otherKey)
            #expect(stolen == 400)
            let (notDraft, answer) = try await client.post(path, json: """
                {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "draft_task", "draft_task": {"id": "\(fullID)"}}]}
                """)
            #expect(notDraft == 400)
            #expect(answer["error"]?["message"]?.stringValue?.contains("not a draft") == true, "\(answer)")
        }
    }
}
