import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// OpenAI's video API over HTTP: JSON and multipart creates, the poll header, list paging,
/// content variants, remix and delete.
@Suite struct OpenAIRoutesTests {
    static let auth: HTTPFields = [.authorization: "Bearer \(TestServer.key)"]

    /// A video's answer once it will not change: completed or failed.
    static func ended(_ video: JSONValue) -> Bool { video["status"] == "completed" || video["status"] == "failed" }

    @Test func jsonCreatePollListAndDelete() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let response = try await client.execute(uri: "/v1/videos", method: .post,
                headers: Self.auth.merging([.contentType: "application/json"]),
                body: ByteBuffer(string: #"{"prompt": "a lighthouse", "seconds": "4", "size": "864x496"}"#))
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("openai-poll-after-ms")!] == "1000")
            let created = try JSONValue.parse(response.body.readableBytesView)
            #expect(created["object"] == "video")
            #expect(created["status"] == "queued")
            #expect(created["seconds"] == "4")
            #expect(created["size"] == "864x496")
            let id = try #require(created["id"]?.stringValue)
            let done = try await client.poll("/v1/videos/\(id)", until: Self.ended)
            #expect(done["status"] == "completed")
            #expect(done["progress"] == 100)

            var ids = [id]
            for _ in 0..<2 {
                let (_, more) = try await client.post("/v1/videos", json: #"{"prompt": "more", "seconds": "4", "size": "864x496"}"#)
                ids.append(try #require(more["id"]?.stringValue))
            }
            let (_, first) = try await client.get("/v1/videos?limit=2")
            #expect(first["object"] == "list")
            #expect(first["data"]?.arrayValue?.count == 2)
            #expect(first["has_more"] == true)
            let last = try #require(first["last_id"]?.stringValue)
            let (_, second) = try await client.get("/v1/videos?limit=2&after=\(last)")
            #expect(second["data"]?.arrayValue?.count == 1)
            #expect(second["has_more"] == false)
            #expect(second["data"]?.arrayValue?.first?["id"]?.stringValue == ids[0])

            let deleted = try await client.execute(uri: "/v1/videos/\(id)", method: .delete, headers: Self.auth)
            #expect(try JSONValue.parse(deleted.body.readableBytesView) == ["id": .string(id), "object": "video.deleted", "deleted": true])
            let (gone, error) = try await client.get("/v1/videos/\(id)")
            #expect(gone == 404)
            #expect(error["error"]?["code"] == "video_not_found")
        }
    }

    @Test func multipartUploadBecomesTheFirstFrameAndContentVariantsServe() async throws {
        let image = try Data(contentsOf: try await Self.makePNG())
        let boundary = "reelay-boundary-42"
        var body = ByteBuffer()
        for (name, value) in [("prompt", "the picture comes alive"), ("model", "doubao-seedance-2.0"), ("seconds", "4"), ("size", "864x496")] {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"start.png\"\r\nContent-Type: image/png\r\n\r\n")
        body.writeBytes(image)
        body.writeString("\r\n--\(boundary)--\r\n")
        let form = body
        try await TestServer.run { client in
            let response = try await client.execute(uri: "/v1/videos", method: .post,
                headers: Self.auth.merging([.contentType: "multipart/form-data; boundary=\(boundary)"]), body: form)
            let created = try JSONValue.parse(response.body.readableBytesView)
            #expect(response.status == .ok, "\(created)")
            let id = try #require(created["id"]?.stringValue)
            let done = try await client.poll("/v1/videos/\(id)", until: Self.ended)
            #expect(done["status"] == "completed", "\(done)")

            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            for (variant, type, width) in [("video", "video/mp4", 864), ("thumbnail", "image/jpeg", 864), ("spritesheet", "image/jpeg", 960)] {
                let content = try await client.execute(uri: "/v1/videos/\(id)/content?variant=\(variant)", method: .get, headers: Self.auth)
                #expect(content.status == .ok, "\(variant)")
                #expect(content.headers[.contentType] == type)
                let file = directory.url.appending(path: variant)
                try Data(buffer: content.body).write(to: file)
                #expect(try await Probe(file).width == width, "\(variant)")
            }
            // A player seeking in a thumbnail or spritesheet gets its part too.
            for variant in ["thumbnail", "spritesheet"] {
                let part = try await client.execute(uri: "/v1/videos/\(id)/content?variant=\(variant)", method: .get,
                                                    headers: Self.auth.merging([.range: "bytes=0-1"]))
                #expect(part.status == .partialContent, "\(variant)")
                #expect(Data(buffer: part.body) == Data([0xFF, 0xD8]), "\(variant): a JPEG starts with FF D8")
                #expect(part.headers[.contentRange]?.hasPrefix("bytes 0-1/") == true, "\(variant)")
            }
            let bad = try await client.execute(uri: "/v1/videos/\(id)/content?variant=gif", method: .get, headers: Self.auth)
            #expect(bad.status == .badRequest)

            // The first frame shows the uploaded picture (a solid colour).
            let frame = directory.url.appending(path: "frame0.rgb")
            try await Shell.run("ffmpeg", ["-v", "error", "-i", directory.url.appending(path: "video").path, "-frames:v", "1",
                                     "-vf", "scale=8:8", "-f", "rawvideo", "-pix_fmt", "rgb24", frame.path])
            let pixels = [UInt8](try Data(contentsOf: frame))
            let reds = stride(from: 0, to: pixels.count, by: 3).map { Int(pixels[$0]) }
            let blues = stride(from: 2, to: pixels.count, by: 3).map { Int(pixels[$0]) }
            #expect(reds.reduce(0, +) / reds.count < 80 && blues.reduce(0, +) / blues.count > 150, "\(pixels.prefix(12))")
        }
    }

    /// A size the model does not render is a 400 naming `size` that lists the sizes it takes,
    /// as OpenAI answers; OpenAI's own sizes keep working.
    @Test func unsupportedSizeIsRefusedWithTheAcceptedSizes() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, body) = try await client.post("/v1/videos", json: #"{"prompt": "a kite", "size": "123x45"}"#)
            #expect(status == 400)
            #expect(body["error"]?["param"] == "size")
            #expect(body["error"]?["code"] == "invalid_value")
            let message = body["error"]?["message"]?.stringValue ?? ""
            for size in ["123x45", "864x496", "1280x720", "1920x1080", "1024x1792", "1792x1024"] {
                #expect(message.contains(size), "\(size) missing from: \(message)")
            }
            let (_, list) = try await client.get("/v1/videos")
            #expect(list["data"]?.arrayValue?.isEmpty == true, "a refused size makes no video")

            let (ok, sora) = try await client.post("/v1/videos", json: #"{"prompt": "a kite", "model": "sora-2-pro", "size": "1792x1024"}"#)
            #expect(ok == 200, "\(sora)")
            #expect(sora["size"] == "1920x1080")
        }
    }

    @Test func remixKeepsTheOriginalsSettings() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (_, created) = try await client.post("/v1/videos", json: #"{"prompt": "a boat", "seconds": "8", "size": "864x496"}"#)
            let id = try #require(created["id"]?.stringValue)
            _ = try await client.poll("/v1/videos/\(id)", until: Self.ended)
            let (status, remix) = try await client.post("/v1/videos/\(id)/remix", json: #"{"prompt": "a boat at night"}"#)
            #expect(status == 200, "\(remix)")
            #expect(remix["seconds"] == "8")
            #expect(remix["size"] == "864x496")
            #expect(remix["id"] != created["id"])
            #expect(remix["remixed_from_video_id"] == created["id"])
            // The original is recorded with the remix, not only echoed by the create.
            let remixID = try #require(remix["id"]?.stringValue)
            let done = try await client.poll("/v1/videos/\(remixID)", until: Self.ended)
            #expect(done["remixed_from_video_id"] == created["id"])
            let (_, listed) = try await client.get("/v1/videos?limit=100")
            let inList = listed["data"]?.arrayValue ?? []
            #expect(inList.first { $0["id"] == remix["id"] }?["remixed_from_video_id"] == created["id"])
            #expect(inList.first { $0["id"] == created["id"] }?["remixed_from_video_id"] == .null)
            let (other, _) = try await client.post("/v1/videos/\(id)/remix", json: #"{"prompt": "x"}"#, key: TestServer.otherKey)
            #expect(other == 404)
        }
    }

    /// What `client.videos.download_content` with a `Range` header, a player or a download
    /// manager gets: 206 with the bytes asked for, 416 past the end, the whole file otherwise.
    @Test func contentHonoursRange() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (_, created) = try await client.post("/v1/videos", json: #"{"prompt": "a kite", "seconds": "4", "size": "864x496"}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(try await client.poll("/v1/videos/\(id)", until: Self.ended)["status"] == "completed")
            let whole = Data("video of \(id)".utf8)
            let size = whole.count

            func content(_ headers: HTTPFields, variant: String = "video") async throws -> TestResponse {
                try await client.execute(uri: "/v1/videos/\(id)/content?variant=\(variant)", method: .get, headers: Self.auth.merging(headers))
            }
            let plain = try await content([:])
            #expect(plain.status == .ok)
            #expect(plain.headers[.acceptRanges] == "bytes")
            #expect(Data(buffer: plain.body) == whole)

            for (range, part) in [("bytes=0-4", 0...4), ("bytes=6-", 6...(size - 1)), ("bytes=-3", (size - 3)...(size - 1)),
                                  ("bytes=2-100000", 2...(size - 1))] {
                let response = try await content([.range: range])
                #expect(response.status == .partialContent, "\(range)")
                #expect(response.headers[.contentRange] == "bytes \(part.lowerBound)-\(part.upperBound)/\(size)", "\(range)")
                #expect(response.headers[.contentLength] == String(part.count), "\(range)")
                #expect(Data(buffer: response.body) == whole[part], "\(range)")
            }
            let past = try await content([.range: "bytes=\(size)-"])
            #expect(past.status == .rangeNotSatisfiable)
            #expect(past.headers[.contentRange] == "bytes */\(size)")
            // Several ranges, or a range conditional on a version Reelay never named: the whole file.
            for headers: HTTPFields in [[.range: "bytes=0-1,4-5"], [.range: "bytes=0-1", .ifRange: "\"v1\""]] {
                let response = try await content(headers)
                #expect(response.status == .ok && Data(buffer: response.body) == whole)
            }
        }
    }

    static func makePNG() async throws -> URL {
        let file = FileManager.default.temporaryDirectory.appending(path: "reelay-openai-\(UUID().uuidString).png")
        try await Shell.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=blue:s=864x496", "-frames:v", "1", file.path])
        return file
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        result.append(contentsOf: other)
        return result
    }
}
