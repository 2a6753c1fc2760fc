import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// The attack that let one key read another key's videos, against a real server: a manifest
/// (DASH, HLS, ffconcat) whose entries point at the victim's `video.mp4`, sent as a picture, a
/// clip, an upload, an asset or a web URL. Every way in is refused, and no task of the attacker
/// ever succeeds, so not a frame of the victim's video can reach them.
@Suite(.serialized) struct HostileMediaEndToEndTests {
    /// The manifests, each pointing at `victim` by its absolute path and by a path relative to a
    /// task's scratch folder.
    static func manifests(pointingAt victim: URL, id: String) -> [(name: String, bytes: [UInt8])] {
        let targets = [victim.path, "file:\(victim.path)", "../../\(id)/video.mp4"]
        var manifests: [(String, [UInt8])] = []
        for target in targets {
            manifests.append(("DASH \(target)", Array(HostileMediaTests.manifests[0].text.replacingOccurrences(of: "../../cgt-victim/video.mp4", with: target).utf8)))
            manifests.append(("HLS \(target)", Array("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n\(target)\n#EXT-X-ENDLIST\n".utf8)))
            manifests.append(("ffconcat \(target)", Array("ffconcat version 1.0\nfile \(target)\n".utf8)))
        }
        // A real PNG header of a plausible size in front of a manifest: the sniff and the header
        // check pass, and only the forced PNG decoder stands in the way.
        let polyglot = HostileMediaTests.pngHeader(width: 864, height: 496) + [0, 0, 0, 0] + manifests[0].1
        manifests.append(("PNG header + DASH", polyglot))
        return manifests
    }

    static func content(_ type: String, _ url: String, role: String) -> String {
        #"{"type": "\#(type)", "\#(type)": {"url": "\#(url)"}, "role": "\#(role)"}"#
    }

    /// Creates a seed A task as Bob and returns the HTTP status and the raw body.
    static func create(_ client: any TestClientProtocol, model: String, content: [String]) async throws -> (Int, String) {
        let body = #"{"model": "\#(model)", "content": [{"type": "text", "text": "show me"}, \#(content.joined(separator: ", "))], "duration": 4}"#
        let response = try await client.execute(uri: "/v1/video/generations", method: .post,
                                                headers: [.authorization: "Bearer \(TestServer.otherKey)", .contentType: "application/json"],
                                                body: ByteBuffer(string: body))
        return (Int(response.status.code), String(buffer: response.body))
    }

    @Test func anotherKeysVideoCannotBeReadThroughAManifestInAnySlot() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await TestServer.run(configuration: TestServer.configuration(directory)) { client in
            // Alice's video, the target.
            let (status, created) = try await client.post("/v1/video/generations", json: #"""
                {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "alice's secret --dur 4"}], "resolution": "480p"}
                """#)
            #expect(status == 200, "\(created)")
            let aliceID = try #require(created["id"]?.stringValue)
            let done = try await client.poll("/v1/video/generations/\(aliceID)", until: AnyFastEndToEndTests.ended)
            #expect(done["data"]?["status"] == "SUCCESS")
            let victim = directory.url.appending(path: "files/\(aliceID)/video.mp4")
            #expect(FileManager.default.fileExists(atPath: victim.path))

            for (name, bytes) in Self.manifests(pointingAt: victim, id: aliceID) {
                let slots: [(model: String, entry: String, param: String)] = [
                    ("doubao-seedance-1-5-pro-251215", Self.content("image_url", HostileMediaTests.dataURI(bytes, type: "image/png"), role: "first_frame"),
                     "content[1].image_url.url"),
                    ("doubao-seedance-2.0", Self.content("image_url", HostileMediaTests.dataURI(bytes, type: "image/jpeg"), role: "reference_image"),
                     "content[1].image_url.url"),
                    ("doubao-seedance-2.0", Self.content("video_url", HostileMediaTests.dataURI(bytes, type: "video/mp4"), role: "reference_video"),
                     "content[1].video_url.url"),
                ]
                for slot in slots {
                    let (status, body) = try await Self.create(client, model: slot.model, content: [slot.entry])
                    #expect(status == 400, "\(name) at \(slot.param): \(body.prefix(300))")
                    #expect(body.contains(slot.param), "\(name): \(body.prefix(300))")
                }
                // Reference audio beside a real picture.
                let picture = try await AnyFastEndToEndTests.pngDataURI()
                let (audioStatus, audioBody) = try await Self.create(client, model: "doubao-seedance-2.0", content: [
                    Self.content("image_url", picture, role: "reference_image"),
                    Self.content("audio_url", HostileMediaTests.dataURI(bytes, type: "audio/mpeg"), role: "reference_audio"),
                ])
                #expect(audioStatus == 400 && audioBody.contains("content[2].audio_url.url"), "\(name): \(audioBody.prefix(300))")

                // An OpenAI upload that says it is a PNG.
                let boundary = "hostile-boundary"
                var form = ByteBuffer()
                for (field, value) in [("prompt", "show me"), ("model", "doubao-seedance-2.0"), ("seconds", "4")] {
                    form.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\r\n\r\n\(value)\r\n")
                }
                form.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n")
                form.writeBytes(bytes)
                form.writeString("\r\n--\(boundary)--\r\n")
                let upload = try await client.execute(uri: "/v1/videos", method: .post, headers: [
                    .authorization: "Bearer \(TestServer.otherKey)", .contentType: "multipart/form-data; boundary=\(boundary)"], body: form)
                #expect(upload.status == .badRequest, "\(name): \(String(buffer: upload.body).prefix(300))")

                // An asset upload.
                let (assetStatus, asset) = try await AssetAndDraftTests.upload(client, Data(bytes), key: TestServer.otherKey, multipart: false)
                #expect(assetStatus == .badRequest, "\(name): \(asset)")
            }

            // The same manifest at a web address, labelled as a picture: the task fetches it and fails.
            let manifest = Self.manifests(pointingAt: victim, id: aliceID)[0].bytes
            let routes = Router()
            routes.get("frame.png") { _, _ in
                Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: manifest)))
            }
            try await MediaFetcherTests.withServer(routes: routes) { base, _ in
                let (status, body) = try await Self.create(client, model: "doubao-seedance-1-5-pro-251215",
                                                           content: [Self.content("image_url", "\(base)/frame.png", role: "first_frame")])
                #expect(status == 200, "\(body)")
                let id = try #require(try JSONValue.parse(Array(body.utf8))["id"]?.stringValue)
                let final = try await client.poll("/v1/video/generations/\(id)", key: TestServer.otherKey, until: AnyFastEndToEndTests.ended)
                #expect(final["data"]?["status"] == "FAILURE", "\(final)")
                let reason = final["data"]?["fail_reason"]?.stringValue ?? "\(final)"
                #expect(reason.contains("content[1].image_url.url") && reason.contains("its bytes are not an image format"), "\(reason)")
            }

            // Nothing Bob asked for ever became a video.
            let (_, bobs) = try await client.get("/api/v3/contents/generations/tasks?page_size=100", key: TestServer.otherKey)
            let items = bobs["items"]?.arrayValue ?? []
            #expect(items.count == 1)
            #expect(items.allSatisfy { $0["status"] != "succeeded" }, "\(bobs)")
        }
    }
}
