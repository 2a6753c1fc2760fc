import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ReelayCore
import Testing
@testable import Reelay

/// Inline media (`data:` URIs) are written once to the blob store when a task is accepted and
/// named in the task by `input://` URLs: rows stay small, renders read the kept file, deleting
/// the task frees them, and they count against the key's storage.
@Suite struct InlineMediaStorageTests {
    static let path = "/api/v3/contents/generations/tasks"
    static let admin = "admin-secret"

    static func body(image: String, model: String = "doubao-seedance-1-5-pro-251215") -> String {
        """
        {"model": "\(model)", "content": [{"type": "text", "text": "a harbour at dusk"},
         {"type": "image_url", "image_url": {"url": "\(image)"}}], "duration": 4, "resolution": "480p"}
        """
    }

    /// The task row as the store has it, read beside the running server.
    static func storedTask(_ id: String, in directory: TemporaryDirectory) async throws -> GenerationTask? {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let database = try await SQLiteDatabase.open(path: directory.url.appending(path: "reelay.sqlite").path, logger: logger)
        defer { Task { try? await database.close() } }
        return try await SQLiteTaskStore(database: database).task(id: id)
    }

    static func storedBytes(_ client: any TestClientProtocol, owner: String) async throws -> Int {
        let (_, usage) = try await client.get("/admin/usage?days=1", key: admin)
        return usage["data"]?.arrayValue?.first { $0["owner"]?.stringValue == owner }?["stored_bytes"]?.intValue ?? 0
    }

    @Test func inlineMediaAreKeptOnceRenderedFromTheStoreAndFreedWithTheTask() async throws {
        let image = try await AnyFastEndToEndTests.pngDataURI(color: "orange", size: "320x180")
        let bytes = try #require(Data(base64Encoded: String(image.split(separator: ",")[1])))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.adminKey = Self.admin
        // The real renderer: it must read the kept file to make the video.
        try await TestServer.run(configuration: configuration) { client in
            let (status, created) = try await client.post(Self.path, json: Self.body(image: image))
            #expect(status == 200, "\(created)")
            let id = try #require(created["id"]?.stringValue)

            let task = try #require(try await Self.storedTask(id, in: directory))
            #expect(task.spec.media.map(\.url) == ["input://\(id)/0.png"])
            #expect(task.inputBytes == bytes.count)
            let kept = directory.url.appending(path: "inputs/\(id)/0.png")
            #expect(try Data(contentsOf: kept) == bytes)
            let owner = task.owner
            #expect(try await Self.storedBytes(client, owner: owner) == bytes.count)

            let done = try await client.poll("\(ArkRoutesTests.path)/\(id)") { $0["status"] == "succeeded" }
            #expect(done["status"] == "succeeded", "\(done)")
            // No answer carries the media, inline or by Reelay's own name.
            let (_, polled) = try await client.get("\(Self.path)/\(id)")
            let (_, listed) = try await client.get("\(Self.path)?page_size=10")
            for answer in [created, polled, listed] {
                #expect(!"\(answer)".contains("data:image") && !"\(answer)".contains("input://"), "\(answer)")
            }

            let deleted = try await client.execute(uri: "\(Self.path)/\(id)", method: .delete,
                                                   headers: [.authorization: "Bearer \(TestServer.key)"])
            #expect(deleted.status == .ok)
            #expect(!FileManager.default.fileExists(atPath: kept.deletingLastPathComponent().path))
            #expect(try await Self.storedBytes(client, owner: owner) == 0)
        }
    }

    @Test func aKeyCannotNameAnotherKeysKeptInputs() async throws {
        let image = try await AnyFastEndToEndTests.pngDataURI(size: "320x180")
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (_, created) = try await client.post(Self.path, json: Self.body(image: image))
            let id = try #require(created["id"]?.stringValue)
            let url = "input://\(id)/0.png"
            let (theirs, refusal) = try await client.post(Self.path, json: Self.body(image: url), key: TestServer.otherKey)
            #expect(theirs == 400)
            #expect(refusal["error"]?["param"] == "content[1].image_url.url", "\(refusal)")
            #expect(refusal["error"]?["message"]?.stringValue?.contains("not stored for this key") == true, "\(refusal)")
            // A name that climbs out of the task's folder is no better.
            let (climbing, _) = try await client.post(Self.path, json: Self.body(image: "input://\(id)/..%2F..%2Freelay.sqlite"))
            #expect(climbing == 400)
            // The owner's own kept input is its own media, copied into the new task.
            let (mine, again) = try await client.post(Self.path, json: Self.body(image: url))
            #expect(mine == 200, "\(again)")
        }
    }

    @Test func aFullRenderKeepsItsOwnCopyOfTheDraftsMedia() async throws {
        let image = try await AnyFastEndToEndTests.pngDataURI(color: "teal", size: "320x180")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = TestServer.configuration(directory)
        try await TestServer.run(configuration: configuration) { client in
            let draftBody = Self.body(image: image).replacingOccurrences(of: #""resolution": "480p""#, with: #""draft": true"#)
            let (status, draft) = try await client.post(Self.path, json: draftBody)
            #expect(status == 200, "\(draft)")
            let draftID = try #require(draft["id"]?.stringValue)
            _ = try await client.poll("\(ArkRoutesTests.path)/\(draftID)") { $0["status"] == "succeeded" }
            let (made, full) = try await client.post(Self.path, json: """
                {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "draft_task", "draft_task": {"id": "\(draftID)"}}],
                 "resolution": "480p"}
                """)
            #expect(made == 200, "\(full)")
            let fullID = try #require(full["id"]?.stringValue)
            // The draft goes away before the full render runs: its copy is the full render's own.
            let deleted = try await client.execute(uri: "\(Self.path)/\(draftID)", method: .delete,
                                                   headers: [.authorization: "Bearer \(TestServer.key)"])
            #expect(deleted.status == .ok)
            let task = try #require(try await Self.storedTask(fullID, in: directory))
            #expect(task.spec.media.map(\.url) == ["input://\(fullID)/0.png"])
            let done = try await client.poll("\(ArkRoutesTests.path)/\(fullID)") { $0["status"] == "succeeded" }
            #expect(done["status"] == "succeeded", "\(done)")
        }
    }

    @Test func aRemixCarriesTheOriginalsInlineReferenceAsItsOwnCopy() async throws {
        let image = try await AnyFastEndToEndTests.pngDataURI(color: "blue", size: "864x496")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await TestServer.run(configuration: TestServer.configuration(directory), overrides: .init(provider: TestProvider())) { client in
            let (status, created) = try await client.post("/v1/videos", json: """
                {"prompt": "a boat", "seconds": "4", "size": "864x496", "input_reference": {"image_url": "\(image)"}}
                """)
            #expect(status == 200, "\(created)")
            let id = try #require(created["id"]?.stringValue)
            _ = try await client.poll("/v1/videos/\(id)", until: OpenAIRoutesTests.ended)
            let (made, remix) = try await client.post("/v1/videos/\(id)/remix", json: #"{"prompt": "a boat at night"}"#)
            #expect(made == 200, "\(remix)")
            let remixID = try #require(remix["id"]?.stringValue)
            let task = try #require(try await Self.storedTask(remixID, in: directory))
            #expect(task.spec.media.map(\.url) == ["input://\(remixID)/0.png"])
            #expect(FileManager.default.fileExists(atPath: directory.url.appending(path: "inputs/\(remixID)/0.png").path))
        }
    }

    @Test func storageLimitRefusesInlineMediaAndUploadsPastIt() async throws {
        let image = try await AnyFastEndToEndTests.pngDataURI(size: "320x180")
        let bytes = try #require(Data(base64Encoded: String(image.split(separator: ",")[1])))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.limits.storageBytes = bytes.count * 3 / 2
        try await TestServer.run(configuration: configuration, overrides: .init(provider: TestProvider())) { client in
            let (first, _) = try await client.post(Self.path, json: Self.body(image: image))
            #expect(first == 200)
            let (second, refusal) = try await client.post(Self.path, json: Self.body(image: image))
            #expect(second == 429)
            #expect(refusal["error"]?["param"] == "content[1].image_url.url", "\(refusal)")
            #expect(refusal["error"]?["message"]?.stringValue?.contains("Delete assets or finished tasks") == true, "\(refusal)")
            let (upload, uploadRefusal) = try await AssetAndDraftTests.upload(client, bytes, multipart: false)
            #expect(upload == .tooManyRequests, "\(uploadRefusal)")
            // A request without media, and another key, are not held back.
            let (plain, _) = try await client.post(Self.path, json: #"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "x"}]}"#)
            #expect(plain == 200)
            let (other, _) = try await client.post(Self.path, json: Self.body(image: image), key: TestServer.otherKey)
            #expect(other == 200)
        }
    }
}
