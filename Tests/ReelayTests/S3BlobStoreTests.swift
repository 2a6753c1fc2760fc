import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// S3BlobStore against the S3 server of scripts/with-s3 (skipped without one): commit uploads a
/// run and removes its folder, results and inputs read back, deletion removes the task's
/// objects, and a bucket that refuses fails the write or read with a message a task can show.
@Suite(.enabled(if: TestS3Server.settings != nil, "needs an S3 server: run under scripts/with-s3"))
struct S3BlobStoreTests {
    let scratch: TemporaryDirectory
    let store: S3BlobStore
    let taskID = GenerationTask.newID()

    init() throws {
        let settings = try #require(TestS3Server.settings)
        scratch = try TemporaryDirectory()
        store = try S3BlobStore(client: S3Client(bucket: settings.bucket, configuration: settings.configuration),
                                prefix: "/blob-tests/\(UUID().uuidString)/", scratch: scratch.url)
    }

    func write(_ text: String, to folder: URL, _ name: String) throws -> URL {
        let file = folder.appending(path: name)
        try Data(text.utf8).write(to: file)
        return file
    }

    @Test func commitUploadsTheRunAndRemovesItsFolder() async throws {
        defer { scratch.remove() }
        let work = try store.workDirectory(taskID: taskID, attempt: 1)
        _ = try write("video", to: work, "video.mp4")
        _ = try write("frame", to: work, "last_frame.png")
        try await store.commit(taskID: taskID, from: work)
        #expect(!FileManager.default.fileExists(atPath: work.path))
        let info = try #require(try await store.client.head(key: store.resultKey(taskID: taskID, name: "video.mp4")))
        #expect(info.contentType == "video/mp4")
        #expect(store.resultKey(taskID: taskID, name: "video.mp4").hasPrefix("blob-tests/"))
        let local = try #require(try await store.file(taskID: taskID, name: "last_frame.png"))
        #expect(try String(contentsOf: local, encoding: .utf8) == "frame")
        #expect(try await store.file(taskID: taskID, name: "missing.mp4") == nil)
        // No request: the name alone (see contains' comment); unsafe names never.
        #expect(store.contains(taskID: taskID, name: "video.mp4"))
        #expect(!store.contains(taskID: "../x", name: "video.mp4"))

        // A second run replaces the first one's files, all of them.
        let again = try store.workDirectory(taskID: taskID, attempt: 2)
        _ = try write("video 2", to: again, "video.mp4")
        try await store.commit(taskID: taskID, from: again)
        #expect(try await store.client.head(key: store.resultKey(taskID: taskID, name: "last_frame.png")) == nil)

        let thumbnail = try write("jpeg", to: scratch.url, "t.jpg")
        try await store.add(taskID: taskID, name: "thumbnail.jpg", from: thumbnail)
        let input = try write("png", to: scratch.url, "i.png")
        try await store.storeInput(taskID: taskID, name: "0.png", from: input)
        let copy = scratch.url.appending(path: "copy.png")
        try await store.copyInput(taskID: taskID, name: "0.png", to: copy)
        #expect(try String(contentsOf: copy, encoding: .utf8) == "png")

        try await store.delete(taskID: taskID)
        #expect(try await store.client.delete(prefix: store.prefix) == 0, "objects left after delete")
    }

    @Test func aRefusingBucketFailsTheCommitClearly() async throws {
        defer { scratch.remove() }
        let settings = try #require(TestS3Server.settings)
        var client = S3Client(bucket: "no-such-bucket-\(UUID().uuidString.prefix(8).lowercased())", configuration: settings.configuration)
        client.attempts = 1
        let refusing = try S3BlobStore(client: client, prefix: "", scratch: scratch.url)
        let work = try refusing.workDirectory(taskID: taskID, attempt: 1)
        _ = try write("video", to: work, "video.mp4")
        let error = await #expect(throws: ProviderError.self) { try await refusing.commit(taskID: taskID, from: work) }
        #expect(error?.code == .storageUnavailable)
        #expect(error?.message.contains("object store") == true)
        #expect(error?.message.contains("no-such-bucket") == false)
        #expect(error?.message.contains(settings.configuration.credentials.accessKeyID) == false)
        #expect(!FileManager.default.fileExists(atPath: work.path))

        // Reading a task's media back is refused the same way, not with the bucket's words.
        let read = await #expect(throws: ProviderError.self) {
            try await refusing.copyInput(taskID: taskID, name: "0.png", to: scratch.url.appending(path: "copy.png"))
        }
        #expect(read?.code == .storageUnavailable)
        #expect(read?.message == "Reelay could not read the media: the object store refused or did not answer. Try again later.")
    }

    @Test func blobURLSettings() throws {
        #expect(try ObjectStorageSettings.parse("s3://reelay-results/prod/eu") == ("reelay-results", "/prod/eu"))
        #expect(try ObjectStorageSettings.parse("s3://bucket") == ("bucket", ""))
        for bad in ["https://bucket/x", "s3://", "s3://B_ad/x", "s3://bucket/../x", "bucket/prefix"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try ObjectStorageSettings.parse(bad) }
        }
        #expect(S3BlobStore.normalized("/a//b/") == "a/b/")
        #expect(S3BlobStore.normalized("") == "")
    }
}
