import Foundation
import ReelayCore
import Synchronization
import Testing
@testable import Reelay

/// Media as an attacker sends them: playlists and manifests dressed up as pictures and clips,
/// labels that lie about the bytes, pictures that inflate to gigapixels, inputs that make ffmpeg
/// run forever. Each is refused before ffmpeg reads it, or stopped by the child limits.
@Suite struct HostileMediaTests {
    /// Texts ffmpeg would detect as a playlist or manifest and follow to another file (here a
    /// victim's video) if it were allowed to guess the format.
    static let manifests: [(name: String, text: String)] = [
        ("DASH", """
            <?xml version="1.0"?>
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT2S" minBufferTime="PT1S" \
            profiles="urn:mpeg:dash:profile:isoff-on-demand:2011"><Period><AdaptationSet mimeType="video/mp4">\
            <Representation id="1" bandwidth="100000" width="864" height="496"><BaseURL>../../cgt-victim/video.mp4</BaseURL>\
            <SegmentBase/></Representation></AdaptationSet></Period></MPD>
            """),
        ("HLS", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n../../cgt-victim/video.mp4\n#EXT-X-ENDLIST\n"),
        ("ffconcat", "ffconcat version 1.0\nfile ../../cgt-victim/video.mp4\n"),
        ("SDP", "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=video 5004 RTP/AVP 96\n"),
    ]

    static let declaredTypes: [(kind: MediaInput.Kind, type: String)] = [
        (.image, "image/png"), (.image, "image/jpeg"), (.image, "application/octet-stream"),
        (.video, "video/mp4"), (.video, "video/quicktime"), (.audio, "audio/mpeg"), (.audio, "audio/wav"),
    ]

    static func dataURI(_ bytes: some Sequence<UInt8>, type: String) -> String {
        "data:\(type);base64,\(Data(bytes).base64EncodedString())"
    }

    @Test func manifestsArePassedOffAsNoKindOfMedia() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fetcher = DataURITests.fetcher()
        for (name, text) in Self.manifests {
            for (kind, type) in Self.declaredTypes {
                let input = MediaInput(kind: kind, url: Self.dataURI(text.utf8, type: type), role: .firstFrame, param: "content[1].image_url.url")
                let refusal = await #expect(throws: APIError.self, "\(name) as \(type)") { try await fetcher.check(input) }
                #expect(refusal?.param == "content[1].image_url.url")
                #expect(refusal?.message.contains("its bytes are not \(kind.article) \(kind.rawValue) format Reelay accepts") == true,
                        "\(name) as \(type): \(refusal?.message ?? "")")
                await #expect(throws: ProviderError.self) { try await fetcher.load(input, into: directory.url) }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func aDeclaredTypeMustAgreeWithTheBytes() async throws {
        let fetcher = DataURITests.fetcher()
        let jpeg = try await Self.image("jpg", width: 64, height: 48)
        let asPNG = MediaInput(kind: .image, url: Self.dataURI(jpeg, type: "image/png"), role: .firstFrame, param: "image")
        let refusal = await #expect(throws: APIError.self) { try await fetcher.check(asPNG) }
        #expect(refusal?.message == "Cannot use the image at image: it is declared as 'image/png' but its bytes are JPEG.")
        // A picture is no clip, whatever the label says.
        let asVideo = MediaInput(kind: .video, url: Self.dataURI(jpeg, type: "video/mp4"), role: .referenceVideo, param: "video")
        let wrongKind = await #expect(throws: APIError.self) { try await fetcher.check(asVideo) }
        #expect(wrongKind?.message.contains("they are an image file (JPEG)") == true, "\(wrongKind?.message ?? "")")
        // The truth, or no label at all, passes.
        try await fetcher.check(MediaInput(kind: .image, url: Self.dataURI(jpeg, type: "image/jpeg"), role: .firstFrame, param: "image"))
        try await fetcher.check(MediaInput(kind: .image, url: Self.dataURI(jpeg, type: "application/octet-stream"), role: .firstFrame, param: "image"))
    }

    @Test func soundInAnMP4IsReadAsSound() throws {
        let head = [0, 0, 0, 0x20] + Array("ftypisom".utf8)
        #expect(try MediaFormat.accepted(contentType: "audio/mp4", head: head, kind: .audio) == .m4a)
        #expect(try MediaFormat.accepted(contentType: nil, head: head, kind: .video) == .mp4)
        #expect(try MediaFormat.accepted(contentType: "audio/webm", head: [0x1A, 0x45, 0xDF, 0xA3, 0x9F], kind: .audio) == .mka)
    }

    // MARK: Picture sizes

    /// A picture of `width` x `height` in the format of `fileExtension`, made by ffmpeg.
    static func image(_ fileExtension: String, width: Int, height: Int) async throws -> Data {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appending(path: "picture.\(fileExtension)")
        try await Shell.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc2=s=\(width)x\(height)", "-frames:v", "1", file.path])
        return try Data(contentsOf: file)
    }

    @Test(arguments: [("png", MediaFormat.png), ("jpg", .jpeg), ("gif", .gif), ("webp", .webp), ("bmp", .bmp)])
    func headersGiveTheSizeWithoutDecoding(fileExtension: String, format: MediaFormat) async throws {
        let bytes = try await Self.image(fileExtension, width: 322, height: 124)
        #expect(MediaFormat.sniff(bytes) == format)
        #expect(ImageHeader.size(of: bytes, format: format) == Geometry.Size(width: 322, height: 124))
        // Cut anywhere inside the header, it says nothing rather than something wrong.
        #expect(ImageHeader.size(of: bytes.prefix(8), format: format) == nil)
    }

    @Test func losslessAndExtendedWebPHeadersToo() {
        // VP8L: signature 0x2F, then (width-1) and (height-1) in 14 bits each, little-endian.
        let bits = UInt32(321 - 1) | UInt32(123 - 1) << 14
        let lossless = Array("RIFF\0\0\0\0WEBPVP8L\0\0\0\0".utf8) + [0x2F] + withUnsafeBytes(of: bits.littleEndian, Array.init)
        #expect(ImageHeader.size(of: Data(lossless), format: .webp) == Geometry.Size(width: 321, height: 123))
        // VP8X: flags and reserved bytes, then (width-1) and (height-1) in 24 bits each.
        let extended = Array("RIFF\0\0\0\0WEBPVP8X\0\0\0\0".utf8) + [0, 0, 0, 0] + [0x3F, 0x1F, 0x00] + [0xFF, 0x0F, 0x00]
        #expect(ImageHeader.size(of: Data(extended), format: .webp) == Geometry.Size(width: 8000, height: 4096))
    }

    /// A PNG signature and IHDR chunk declaring `width` x `height`, followed by no picture at all:
    /// what a decompression bomb looks like to a header reader.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
            + withUnsafeBytes(of: width.bigEndian, Array.init) + withUnsafeBytes(of: height.bigEndian, Array.init) + [8, 6, 0, 0, 0]
    }

    @Test(arguments: [(6001, 10), (10, 6001), (60_000, 60_000), (6000, 6001)])
    func picturesTooLargeToDecodeAreRefusedByTheirHeader(width: Int, height: Int) async throws {
        let bomb = Self.pngHeader(width: UInt32(width), height: UInt32(height))
        let input = MediaInput(kind: .image, url: Self.dataURI(bomb, type: "image/png"), role: .firstFrame, param: "first_frame_url")
        let refusal = await #expect(throws: APIError.self) { try await DataURITests.fetcher().check(input) }
        #expect(refusal?.param == "first_frame_url")
        #expect(refusal?.message == "Cannot use the image at first_frame_url: it is \(width)x\(height) pixels; images may be at most 6000 px a side and 36 megapixels.")
    }

    @Test func aHugePictureBehindASmallOneIsNotDecoded() async throws {
        // png_pipe reads a stream of pictures; only the first one's header is checked up front.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let small = try await Self.image("png", width: 64, height: 64)
        let huge = try await Self.image("png", width: 6100, height: 6100)
        let file = directory.url.appending(path: "pair.png")
        try (small + huge).write(to: file)
        try MediaLimits.default.checkImage(try Data(contentsOf: file), format: .png)
        let frames = try await LiveMediaTool().output(of: .ffprobe, ["-v", "error", "-count_frames", "-show_entries", "stream=nb_read_frames",
                                                                      "-of", "csv=p=0"] + MediaFormat.inputArguments(file), limit: 1 << 16)
        // The first picture decodes; the second is refused by its size, not decoded.
        #expect(String(decoding: frames, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func picturesInAnMP4BoxAreNoVideo() {
        #expect(MediaFormat.sniff([0, 0, 0, 0x1C] + Array("ftypheic".utf8)) == nil)
        #expect(MediaFormat.sniff([0, 0, 0, 0x1C] + Array("ftypavif".utf8)) == nil)
    }

    @Test func theLargestAllowedPictureStillPasses() throws {
        try MediaLimits.default.checkImage(Data(Self.pngHeader(width: 6000, height: 6000)), format: .png)
        #expect(throws: MediaRejection.self) { try MediaLimits(maxImagePixels: 1_000_000).checkImage(Data(Self.pngHeader(width: 1001, height: 1000)), format: .png) }
    }

    // MARK: How ffmpeg opens inputs

    @Test func everyInputOfEveryModeIsOpenedWithItsOwnDemuxerFromAFile() async throws {
        let harness = RenderHarness()
        defer { harness.removeAll() }
        let recorder = RecordingMediaTool()
        for mode in RenderHarness.Mode.allCases {
            var spec = RenderHarness.spec(mode, media: try await harness.media(for: mode))
            spec.returnLastFrame = true
            _ = try await harness.render(spec, tool: recorder)
        }
        let calls = recorder.calls.filter { $0.program != .espeak }
        #expect(calls.contains { $0.program == .ffprobe } && calls.contains { $0.program == .ffmpeg })
        let demuxers = Set(MediaFormat.allCases.map(\.demuxer))
        var opened = 0
        for call in calls {
            for (index, argument) in call.arguments.enumerated() where argument == "-i" {
                opened += 1
                let before = Array(call.arguments[max(0, index - 6)..<index])
                #expect(before.count == 6 && before[0] == "-protocol_whitelist" && before[1] == "file"
                        && before[2] == "-max_pixels" && before[3] == "36000000" && before[4] == "-f", "\(call.arguments)")
                #expect(demuxers.contains(before.last ?? ""), "\(call.arguments)")
                #expect(call.arguments[index + 1].hasPrefix("file:/"), "\(call.arguments)")
            }
        }
        #expect(opened >= 20)
    }

    @Test func aFileNotNamedForAnAcceptedFormatCannotBeOpened() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let playlist = directory.url.appending(path: "list.m3u8")
        try Data(Self.manifests[1].text.utf8).write(to: playlist)
        #expect(MediaFormat.inputArguments(playlist)
                == ["-protocol_whitelist", "file", "-max_pixels", "36000000", "-f", "reelay-unknown-format", "-i", "file:" + playlist.path])
        await #expect(throws: MediaToolError.self) { try await LiveMediaTool().probe(playlist) }
    }

    // MARK: Child limits

    @Test func aChildPastItsWallTimeIsKilled() async throws {
        // A real-time source that never ends: only the watchdog stops it.
        let tool = LiveMediaTool(limits: ChildLimits(wallTime: .seconds(1), cpuSeconds: 600, addressSpace: 4 * ChildLimits.gibibyte))
        let error = await #expect(throws: MediaToolError.self) {
            try await tool.run(.ffmpeg, ["-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "color=s=16x16", "-f", "null", "-"])
        }
        #expect(error?.status == "stopped at its time limit of 1 s")
        #expect(error?.publicDescription == "ffmpeg stopped at its time limit of 1 s")
    }

    @Test func aChildPastItsCPUTimeIsStoppedByTheKernel() async throws {
        // Encoding a source that never ends as fast as it can: only RLIMIT_CPU stops it.
        let tool = LiveMediaTool(limits: ChildLimits(wallTime: .seconds(600), cpuSeconds: 1, addressSpace: 4 * ChildLimits.gibibyte))
        let error = await #expect(throws: MediaToolError.self) {
            try await tool.run(.ffmpeg, ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=640x360", "-c:v", "libx264", "-f", "null", "-"])
        }
        #expect(error?.status == "stopped at its CPU time limit of 1 s")
    }

    // MARK: Sharing the machine

    @Test func theGateLetsOnlyItsLimitRunAtOnce() async throws {
        // How many run now, and the most that ever ran at once.
        let counts = Mutex((running: 0, most: 0))
        let slow = RecordingMediaTool { _, _ in
            counts.withLock { $0.running += 1; $0.most = max($0.most, $0.running) }
            try await Task.sleep(for: .milliseconds(20))
            counts.withLock { $0.running -= 1 }
            return Data()
        }
        let gated = GatedMediaTool(slow, limit: 3)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 { group.addTask { try await gated.run(.ffprobe, []) } }
            try await group.waitForAll()
        }
        #expect(slow.calls.count == 12)
        #expect(counts.withLock { $0.most } <= 3)
    }
}
