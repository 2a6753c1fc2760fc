import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// Renders from reference videos, alone or beside pictures and audio (seed 003, cases 4, 5, 9, 13).
@Suite(.timeLimit(.minutes(5))) final class LocalRendererFootageTests {
    let harness = RenderHarness()
    deinit { harness.removeAll() }

    @Test func clipsPlayRetimedReframedAndRestyled() async throws {
        // 1.5 s of red then 2.5 s of blue, 4:3 at 30 fps, become 2 s of 16:9 at 24 fps: red for
        // the first 0.75 s, blue after.
        let red = try await harness.clip(colors: ["0xC02020"], size: (640, 480), seconds: 1.5)
        let blue = try await harness.clip(colors: ["0x2040C0"], size: (640, 480), seconds: 2.5)
        let rendered = try await harness.render(RenderHarness.spec(media: [RenderHarness.video(red, 0), RenderHarness.video(blue, 1)]))
        let facts = try await Probe(rendered.video)
        #expect(facts.width == 864 && facts.height == 496 && facts.frames == 49)
        #expect(facts.sampleAspectRatio == "1:1")
        #expect(!facts.hasAudio && !rendered.result.hasAudio)

        let early = try await harness.frame(of: rendered.video, at: 8, size: (96, 56)).meanColor
        let late = try await harness.frame(of: rendered.video, at: 40, size: (96, 56)).meanColor
        #expect(early.red > early.blue + 60, "\(early)")
        #expect(late.blue > late.red + 60, "\(late)")

        // Restyled: not the clip's own pixels, and nothing like the text scene of the same prompt.
        let source = try await harness.frame(of: red, size: (96, 56), fill: true)
        let shown = try await harness.frame(of: rendered.video, at: 8, size: (96, 56))
        #expect(shown.meanDifference(to: source) > 3)
        let text = try await harness.render(RenderHarness.spec())
        #expect(try await harness.frame(of: text.video, at: 8, size: (96, 56)).meanDifference(to: shown) > 30)
    }

    @Test func detailedFootageKeepsItsPicture() async throws {
        let clip = try await harness.clip(size: (864, 480), seconds: 2, rate: 24)
        let rendered = try await harness.render(RenderHarness.spec(media: [RenderHarness.video(clip)]))
        let source = try await harness.frame(of: clip, at: 12, size: (216, 124), fill: true)
        let shown = try await harness.frame(of: rendered.video, at: 12, size: (216, 124))
        let text = try await harness.render(RenderHarness.spec())
        let other = try await harness.frame(of: text.video, at: 12, size: (216, 124))
        // Graded (posterized, tinted), yet far closer to its clip than to another scene.
        #expect(shown.meanDifference(to: source) > 3)
        #expect(shown.meanDifference(to: source) * 2 < shown.meanDifference(to: other))
    }

    @Test func picturesBesideTheVideoOpenAndCutIn() async throws {
        let opening = try await harness.picture("color=c=0xD03030", size: (864, 496))
        let insert = try await harness.picture("color=c=0xE0D040", size: (864, 496))
        let clip = try await harness.clip(colors: ["0x3050C0"], size: (864, 480), seconds: 3)
        let tone = try await harness.sound(seconds: 4)
        let media = [RenderHarness.image(opening, .referenceImage, 0), RenderHarness.image(insert, .referenceImage, 1),
                     RenderHarness.video(clip), RenderHarness.audio(tone)]
        let rendered = try await harness.render(RenderHarness.spec(duration: 4, media: media, audio: true))
        let facts = try await Probe(rendered.video)
        #expect(facts.frames == 97 && facts.audioCodec == "aac", "\(facts.frames) frames, audio \(facts.audioCodec)")

        let size = (96, 56)
        let first = try await harness.frame(of: rendered.video, at: 0, size: size)
        #expect(first.meanDifference(to: try await harness.frame(of: opening, size: size)) < 6)
        // The insert holds frames 48...71 (a second, centred in what follows the 1 s opening).
        let inserted = try await harness.frame(of: rendered.video, at: 60, size: size)
        #expect(inserted.meanDifference(to: try await harness.frame(of: insert, size: size)) < 6)
        let footage = try await harness.frame(of: rendered.video, at: 90, size: size).meanColor
        #expect(footage.blue > footage.red + 60, "\(footage)")
    }

    @Test func videoWithAudioLastsAsLongAsTheLongerClip() async throws {
        // duration -1: 2 s of video and 4.6 s of audio make a 5 s video whose sound is the tone
        // for 4.6 s, then silence.
        let clip = try await harness.clip(size: (864, 480), seconds: 2)
        let tone = try await harness.sound(seconds: 4.6)
        let rendered = try await harness.render(RenderHarness.spec(duration: -1, media: [RenderHarness.video(clip), RenderHarness.audio(tone)]))
        #expect(rendered.result.duration == 5 && rendered.result.frames == 121 && rendered.result.hasAudio)
        let facts = try await Probe(rendered.video)
        #expect(facts.frames == 121 && facts.audioCodec == "aac")
        #expect(abs(facts.audioDuration - 5) < 0.05, "audio lasts \(facts.audioDuration) s")
        let silences = try await harness.silences(of: rendered.video)
        #expect(silences.count == 1)
        #expect(abs((silences.first?.start ?? 0) - 4.6) < 0.1, "\(silences)")
        #expect(try await harness.loudness(of: rendered.video, from: 0.5, to: 4) > -25)
    }

    @Test func durationMinusOneFollowsTheVideos() async throws {
        let a = try await harness.clip(size: (480, 480), seconds: 2.5)
        let b = try await harness.clip(size: (480, 480), seconds: 3)
        let rendered = try await harness.render(RenderHarness.spec(duration: -1, media: [RenderHarness.video(a, 0), RenderHarness.video(b, 1)]))
        #expect(rendered.result.duration == 6 && rendered.result.frames == 145)
        let facts = try await Probe(rendered.video)
        #expect(facts.frames == 145 && abs(facts.duration - 145.0 / 24) <= 1.0 / 24)
    }

    @Test func adaptiveFollowsTheFirstVideoWithoutPictures() async throws {
        let portrait = try await harness.clip(size: (480, 640), seconds: 1)
        let rendered = try await harness.render(RenderHarness.spec(ratio: "adaptive", size: nil, media: [RenderHarness.video(portrait)]))
        #expect(rendered.result.ratio == "3:4" && rendered.result.width == 560 && rendered.result.height == 752)
        let facts = try await Probe(rendered.video)
        #expect(facts.width == 560 && facts.height == 752 && facts.sampleAspectRatio == "1:1")
    }

    @Test func anInputUsedTwiceIsFetchedOnce() async throws {
        // One file as both the reference video and its sound (seed 003 case 13 gives one asset twice),
        // one picture twice.
        let clip = try await harness.clip(size: (864, 480), seconds: 2, tone: 330)
        let picture = try await harness.picture("testsrc2", size: (864, 496))
        let media = [RenderHarness.image(picture, .referenceImage, 0), RenderHarness.image(picture, .referenceImage, 1),
                     RenderHarness.video(clip), RenderHarness.audio(clip)]
        let loader = FileMediaLoader()
        let rendered = try await harness.render(RenderHarness.spec(media: media), loader: loader)
        #expect(loader.loads == [clip.absoluteString: 1, picture.absoluteString: 1])
        #expect(try await Probe(rendered.video).audioCodec == "aac")
    }

    /// Inputs the providers refuse (seed 003): how to make them, and what the error must name.
    enum Refusal: String, CaseIterable {
        case tooSmall, tooLarge, tooLong, tooMany, undecodable, audioTooLong, audioUndecodable
    }

    @Test(arguments: Refusal.allCases)
    func outOfLimitInputsAreRefusedNamingTheParameter(_ refusal: Refusal) async throws {
        // Few frames: only the probe looks at them.
        func clip(_ size: (Int, Int), _ seconds: Double = 1) async throws -> URL {
            try await harness.clip(colors: ["gray"], size: size, seconds: seconds, rate: 2)
        }
        func garbage() throws -> URL {
            let file = try harness.folder().appending(path: "broken.mp4")
            try Data(repeating: 0x47, count: 4096).write(to: file)
            return file
        }
        let ok = try await clip((864, 480))
        let media: [MediaInput], param: String, mentions: String
        switch refusal {
        case .tooSmall:
            (media, param, mentions) = ([RenderHarness.video(try await clip((640, 360)))], "video_urls[0]", "480p to 720p")
        case .tooLarge:
            (media, param, mentions) = ([RenderHarness.video(ok, 0), RenderHarness.video(try await clip((1920, 1080)), 1)], "video_urls[1]", "480p to 720p")
        case .tooLong:
            let long = try await clip((480, 480), 8)
            (media, param, mentions) = ([RenderHarness.video(long, 0), RenderHarness.video(long, 1)], "video_urls[1]", "15 s")
        case .tooMany:
            (media, param, mentions) = ((0..<4).map { RenderHarness.video(ok, $0) }, "video_urls[3]", "at most 3")
        case .undecodable:
            (media, param, mentions) = ([RenderHarness.video(try garbage())], "video_urls[0]", "cannot be decoded")
        case .audioTooLong:
            let long = try await harness.sound(seconds: 8)
            (media, param, mentions) = ([RenderHarness.video(ok), RenderHarness.audio(long, 0), RenderHarness.audio(long, 1)], "audio_urls[1]", "15 s")
        case .audioUndecodable:
            (media, param, mentions) = ([RenderHarness.video(ok), RenderHarness.audio(try garbage())], "audio_urls[0]", "cannot be decoded")
        }
        let recorder = RecordingMediaTool(forwardingTo: harness.tool)
        let error = await #expect(throws: ProviderError.self) { try await harness.render(RenderHarness.spec(media: media), tool: recorder) }
        #expect(error?.code == "InvalidInput")
        #expect(error?.message.contains(param) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "")")
        // Refused before anything was rendered.
        #expect(recorder.arguments(of: .ffmpeg).isEmpty)
    }
    /// Clips whose bytes come with the request (data: URIs, assets) are probed before the task is
    /// accepted: out of limits is a 400 naming the parameter, not a task that fails later.
    @Test func clipsSentInlineAreCheckedBeforeTheTaskIsAccepted() async throws {
        func dataURI(_ file: URL) throws -> String { "data:video/mp4;base64," + (try Data(contentsOf: file)).base64EncodedString() }
        let small = try dataURI(try await harness.clip(colors: ["gray"], size: (640, 360), seconds: 1, rate: 2))
        let fine = try dataURI(try await harness.clip(colors: ["gray"], size: (864, 480), seconds: 1, rate: 2))
        let long = try dataURI(try await harness.clip(colors: ["gray"], size: (864, 480), seconds: 8, rate: 2))
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            func create(_ videos: [String]) async throws -> (Int, JSONValue) {
                let urls = videos.map { "\"\($0)\"" }.joined(separator: ",")
                return try await client.post("/apimart/v1/videos/generations", json: """
                    {"model": "doubao-seedance-2.0", "prompt": "anime style", "video_urls": [\(urls)]}
                    """)
            }
            let (refused, answer) = try await create([fine, small])
            #expect(refused == 400, "\(answer)")
            #expect(answer["error"]?["param"] == "video_urls[1]", "\(answer)")
            #expect(answer["error"]?["message"]?.stringValue?.contains("480p to 720p") == true, "\(answer)")
            let (tooLong, longAnswer) = try await create([long, long])
            #expect(tooLong == 400 && longAnswer["error"]?["param"] == "video_urls[1]", "\(longAnswer)")
            #expect(longAnswer["error"]?["message"]?.stringValue?.contains("15 s") == true, "\(longAnswer)")
            let (accepted, created) = try await create([fine])
            #expect(accepted == 200, "\(created)")
        }
    }
}
