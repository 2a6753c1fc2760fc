import Foundation
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// Seed A end to end: create through HTTP, poll to success through real progress, download
/// the MP4 and check it the way a user would, with ffprobe.
@Suite(.serialized) struct AnyFastEndToEndTests {
    /// A small PNG as a data: URI (the seeds' example.com images cannot be fetched offline).
    static func pngDataURI(color: String = "red", size: String = "320x180") async throws -> String {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appending(path: "image.png")
        try await Shell.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=\(color):s=\(size)", "-frames:v", "1", file.path])
        return "data:image/png;base64," + (try Data(contentsOf: file)).base64EncodedString()
    }

    /// A seed A answer once the task has ended.
    static func ended(_ answer: JSONValue) -> Bool { answer["data"]?["status"] == "SUCCESS" || answer["data"]?["status"] == "FAILURE" }

    @Test func seed001ExampleRendersAPlayableVideo() async throws {
        let image = try await Self.pngDataURI()
        let body = """
        {
          "model": "seedance-fast",
          "content": [
            {"type": "text", "text": "A cat playing piano in a sunlit room"},
            {"type": "image_url", "image_url": {"url": "\(image)"}, "role": "reference_image"}
          ],
          "generate_audio": true,
          "resolution": "720p",
          "ratio": "adaptive",
          "duration": 5,
          "tools": [{"type": "web_search"}],
          "watermark": false
        }
        """
        try await TestServer.run { client in
            let (status, created) = try await client.post("/v1/video/generations", json: body)
            #expect(status == 200, "\(created)")
            let id = try #require(created["id"]?.stringValue)
            #expect(created["task_id"]?.stringValue == id)
            #expect(created["object"] == "video")
            #expect(created["model"] == "seedance-fast")
            #expect(created["status"] == "")
            #expect(created["progress"] == 0)
            #expect(created["created_at"]?.intValue != nil)

            var progress: [String] = []
            let result = try await client.poll("/v1/video/generations/\(id)") { answer in
                if let value = answer["data"]?["progress"]?.stringValue, progress.last != value { progress.append(value) }
                return Self.ended(answer)
            }
            let data = try #require(result["data"])
            #expect(result["code"] == "success")
            #expect(data["status"] == "SUCCESS", "\(result)")
            #expect(data["progress"] == "100%")
            #expect(progress.contains { $0 != "0%" && $0 != "100%" }, "progress seen: \(progress)")
            let url = try #require(data["result_url"]?.stringValue)
            #expect(data["data"]?["content"]?["video_url"]?.stringValue == url)
            #expect(data["data"]?["status"] == "succeeded")

            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let file = directory.url.appending(path: "video.mp4")
            let download = try await client.download(url, to: file)
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "video/mp4")
            let probe = try await Probe(file)
            // adaptive from a 16:9 image on a 2.0-family model at 720p.
            #expect(probe.width == 1280 && probe.height == 720)
            #expect(probe.frameRate == "24/1")
            #expect(abs(probe.duration - 5) < 0.1)
            #expect(probe.videoCodec == "h264" && probe.pixelFormat == "yuv420p")
            #expect(probe.hasAudio)
        }
    }

    @Test func seed000ExampleWithLastFrameAndTextCommands() async throws {
        let image = try await Self.pngDataURI(color: "blue", size: "400x400")
        let body = """
        {
          "model": "doubao-seedance-1-5-pro-251215",
          "content": [
            {"type": "text", "text": "A cat playing with a ball of yarn --rt 1:1 --dur 3 --wm true --seed 11"},
            {"type": "image_url", "image_url": {"url": "\(image)"}}
          ],
          "generate_audio": false,
          "ratio": "16:9",
          "duration": 4,
          "resolution": "480p",
          "draft": false,
          "return_last_frame": true
        }
        """
        try await TestServer.run { client in
            let (status, created) = try await client.post("/v1/video/generations", json: body)
            #expect(status == 200, "\(created)")
            let id = try #require(created["id"]?.stringValue)
            let result = try await client.poll("/v1/video/generations/\(id)", until: Self.ended)
            let task = try #require(result["data"]?["data"])
            #expect(result["data"]?["status"] == "SUCCESS", "\(result)")
            // Top-level fields win over the text commands; the others apply.
            #expect(task["ratio"] == "16:9")
            #expect(task["duration"] == 4)
            #expect(task["watermark"] == true)
            #expect(task["seed"] == 11)

            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let video = directory.url.appending(path: "video.mp4")
            _ = try await client.download(try #require(task["content"]?["video_url"]?.stringValue), to: video)
            let probe = try await Probe(video)
            #expect(probe.width == 864 && probe.height == 496)
            #expect(abs(probe.duration - 4) < 0.1)
            #expect(!probe.hasAudio)

            let frame = directory.url.appending(path: "last.png")
            let download = try await client.download(try #require(task["content"]?["last_frame_url"]?.stringValue), to: frame)
            #expect(download.headers[.contentType] == "image/png")
            let png = try await Probe(frame)
            #expect(png.width == 864 && png.height == 496)
        }
    }

    @Test func rangeRequestsServePartialContentAndBadLinksAreRefused() async throws {
        try await TestServer.run { client in
            let (_, created) = try await client.post("/v1/video/generations", json: """
                {"model": "doubao-seedance-1-0-lite-t2v-250428", "content": [{"type": "text", "text": "rain on a window"}],
                 "duration": 2, "resolution": "480p"}
                """)
            let id = try #require(created["id"]?.stringValue)
            let result = try await client.poll("/v1/video/generations/\(id)", until: Self.ended)
            let url = try #require(result["data"]?["result_url"]?.stringValue)
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let part = try await client.download(url, to: directory.url.appending(path: "part"), headers: [.range: "bytes=0-99"])
            #expect(part.status == .partialContent)
            #expect(part.body.readableBytes == 100)
            #expect(part.headers[.contentRange]?.hasPrefix("bytes 0-99/") == true)

            // RFC 9110: a suffix range is the last bytes, a range past the end is 416, several
            // ranges (which Reelay does not combine) give the whole file.
            let whole = try await client.download(url, to: directory.url.appending(path: "whole"))
            let size = whole.body.readableBytes
            let tail = try await client.download(url, to: directory.url.appending(path: "tail"), headers: [.range: "bytes=-100"])
            #expect(tail.status == .partialContent)
            #expect(tail.headers[.contentRange] == "bytes \(size - 100)-\(size - 1)/\(size)")
            #expect(Array(tail.body.readableBytesView) == Array(whole.body.readableBytesView.suffix(100)))
            let past = try await client.download(url, to: directory.url.appending(path: "past"), headers: [.range: "bytes=\(size)-"])
            #expect(past.status == .rangeNotSatisfiable)
            #expect(past.headers[.contentRange] == "bytes */\(size)")
            let several = try await client.download(url, to: directory.url.appending(path: "several"), headers: [.range: "bytes=0-0,5-6"])
            #expect(several.status == .ok && several.body.readableBytes == size)

            let tampered = url.replacingOccurrences(of: "signature=", with: "signature=00")
            let refused = try await client.download(tampered, to: directory.url.appending(path: "x"))
            #expect(refused.status == .forbidden)
            let unsigned = try await client.execute(uri: "/files/\(id)/video.mp4", method: .get)
            #expect(unsigned.status == .forbidden)
        }
    }
}
