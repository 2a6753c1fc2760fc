import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// The pure parts of the renderer: plans, captions, styles, escaping and progress parsing.
@Suite struct LocalRendererSceneTests {
    @Test func planUsesTheSpecsSize() throws {
        let plan = try RenderPlan(spec: RenderHarness.spec(), picture: nil)
        #expect((plan.width, plan.height, plan.ratio, plan.fps, plan.frames, plan.duration) == (864, 496, "16:9", 24, 49, 2))
        // 1.0 models render exactly 24 frames a second, the newer ones one frame more.
        let older = try RenderPlan(spec: RenderHarness.spec(family: .v1, size: (864, 480)), picture: nil)
        #expect((older.frames, older.duration) == (48, 2))
    }

    @Test func planSettlesAdaptiveAndKeepRatioFromThePicture() throws {
        let adaptive = try RenderPlan(spec: RenderHarness.spec(family: .v1, resolution: "720p", ratio: "adaptive", size: nil),
                                      picture: Geometry.Size(width: 1000, height: 1000))
        #expect((adaptive.width, adaptive.height, adaptive.ratio) == (960, 960, "1:1"))
        let textOnly = try RenderPlan(spec: RenderHarness.spec(ratio: "adaptive", size: nil), picture: nil)
        #expect((textOnly.width, textOnly.height, textOnly.ratio) == (864, 496, "16:9"))
        let kept = try RenderPlan(spec: RenderHarness.spec(ratio: "keep_ratio", size: nil), picture: Geometry.Size(width: 1000, height: 800))
        #expect(kept.ratio == "5:4")
        #expect(Geometry.Size(width: kept.width, height: kept.height) == Geometry.keepRatioSize(family: .v2, resolution: "480p", width: 1000, height: 800))
    }

    @Test func planChoosesADurationAndHonoursFrames() throws {
        let chosen = try RenderPlan(spec: RenderHarness.spec(duration: -1), picture: nil)
        #expect((chosen.duration, chosen.frames) == (5, 121))
        var spec = RenderHarness.spec(duration: 5)
        spec.frames = 121
        let counted = try RenderPlan(spec: spec, picture: nil)
        #expect((counted.duration, counted.frames) == (5, 121))
    }

    @Test func durationMinusOneFollowsTheClipsWithinTheModelsRange() throws {
        #expect(RenderPlan.chosenSeconds(nil, within: 4...15) == 5)
        #expect(RenderPlan.chosenSeconds(6.02, within: 4...15) == 6)
        #expect(RenderPlan.chosenSeconds(6.3, within: 4...15) == 7)
        #expect(RenderPlan.chosenSeconds(2, within: 4...15) == 4)
        #expect(RenderPlan.chosenSeconds(15, within: 4...12) == 12)
        let plan = try RenderPlan(spec: RenderHarness.spec(duration: -1), picture: nil, clipSeconds: 8.5)
        #expect((plan.duration, plan.frames) == (9, 217))
    }

    @Test func probeReadsStreamsRotationAndLength() throws {
        let video = try MediaProbe(json: Data(#"""
            {"streams":[{"codec_type":"video","width":1280,"height":720,"duration":"6.000000","nb_read_frames":"12",
              "side_data_list":[{"rotation":-90}]}],"format":{"duration":"6.050000"}}
            """#.utf8))
        #expect(video == MediaProbe(width: 720, height: 1280, duration: 6, decodedFrames: 12))
        #expect(video.isDecodableVideo)
        let sound = try MediaProbe(json: Data(#"{"streams":[{"codec_type":"audio","nb_read_frames":"11"}],"format":{"duration":"2.5"}}"#.utf8))
        #expect(sound.isDecodableAudio && !sound.isDecodableImage && sound.duration == 2.5)
        let picture = try MediaProbe(json: Data(#"{"streams":[{"codec_type":"video","width":64,"height":48,"nb_read_frames":"1"}],"format":{}}"#.utf8))
        #expect(picture.isDecodableImage && !picture.isDecodableVideo)
        #expect(MediaProbe.arguments(for: URL(filePath: "/a.wav"), kind: .audio).contains("a:0"))
    }

    @Test func dialogueIsWhatTheDoubleQuotesHold() {
        #expect(Dialogue(prompt: #"A man says: "Remember, never point at the moon." She nods."#).lines == ["Remember, never point at the moon."])
        #expect(Dialogue(prompt: "He says “Hello” and she says “Goodbye”").lines == ["Hello", "Goodbye"])
        #expect(Dialogue(prompt: "Background voice: 'Fresh-cut, fresh-shaken'").isEmpty)
        #expect(Dialogue(prompt: #"An open "quote with no end"#).isEmpty)
        #expect(Dialogue(prompt: #"Sizes "16:9" and "" and " 42 ""#).isEmpty)
        #expect(Dialogue(prompt: "她说：“你好”").language == "cmn")
        #expect(Dialogue(prompt: "Он сказал: “Привет”").language == "ru")
        #expect(Dialogue(prompt: #"He says "hi""#).language == "en-us")
        let line = String(repeating: "word ", count: 200)
        #expect(Dialogue(prompt: "\"\(line)\"").isEmpty)
        let voice = SceneStyle.Voice(variant: "f3", pitch: 50, speed: 160)
        let arguments = Dialogue(lines: ["-v hi"]).arguments(voice: voice, textFile: URL(filePath: "/t.txt"), output: URL(filePath: "/s.wav"))
        #expect(arguments == ["-v", "en-us+f3", "-p", "50", "-s", "160", "-b", "1", "-w", "/s.wav", "-f", "/t.txt"])
    }

    @Test func captionKeepsTheFirstDrawableWords() {
        #expect(LocalRenderer.caption("A red fox runs through a snowy forest at dawn") == "A red fox runs through a snowy")
        #expect(LocalRenderer.caption("--rt 16:9 --dur 5 A cat") == "A cat")
        #expect(LocalRenderer.caption("一只猫在草地上奔跑") == nil)
        #expect(LocalRenderer.caption("Ein Bär im Café, 猫") == "Ein Bär im Café,")
        #expect(LocalRenderer.caption("   ") == nil)
    }

    @Test func filterValuesAreEscapedForBothLevels() {
        #expect(Filter.escape("plain text") == "plain text")
        #expect(Filter.escape("a:b") == #"a\\:b"#)
        #expect(Filter.escape("min(1,t)") == #"min(1\,t)"#)
        #expect(Filter.escape("it's") == #"it\\\'s"#)
        #expect(Filter.escape("[x];y") == #"\[x\]\;y"#)
        #expect(Filter("drawtext", ["text": "a:b", "x": "1"]).description == #"drawtext=text=a\\:b:x=1"#)
    }

    @Test func styleIsAFunctionOfPromptAndSeed() {
        let style = SceneStyle(prompt: "a cat", seed: 1)
        #expect(style == SceneStyle(prompt: "a cat", seed: 1))
        #expect(style != SceneStyle(prompt: "a cat", seed: 2))
        #expect(style != SceneStyle(prompt: "a dog", seed: 1))
        #expect((3...5).contains(style.orbs.count))
        #expect(style.background.allSatisfy { $0.hasPrefix("0x") && $0.count == 8 })
        #expect(SceneStyle.hex(hue: 0, saturation: 1, lightness: 0.5) == "0xFF0000")
        #expect(SceneStyle.hex(hue: 240, saturation: 1, lightness: 0.5) == "0x0000FF")
    }

    @Test func progressReadsFramesAgainstTheTotal() {
        var progress = FFmpegProgress(totalFrames: 48, totalSeconds: 2)
        #expect(progress.read("frame=12") == nil)
        #expect(progress.read("out_time_us=500000") == nil)
        #expect(progress.read("progress=continue") == 0.25)
        #expect(progress.read("frame=48") == nil)
        #expect(progress.read("progress=end") == 1)

        var byTime = FFmpegProgress(totalFrames: 48, totalSeconds: 2)
        _ = byTime.read("out_time_us=1000000")
        #expect(byTime.read("progress=continue") == 0.5)
    }

    @Test func footageIsRetimedScaledAndGradedInOneGraph() throws {
        let plan = try RenderPlan(spec: RenderHarness.spec(), picture: nil)
        let clips = [SceneBuilder.Clip(file: URL(filePath: "/a.mp4"), seconds: 1), SceneBuilder.Clip(file: URL(filePath: "/b.mp4"), seconds: 3)]
        let builder = SceneBuilder(plan: plan, content: .footage(clips, pictures: [URL(filePath: "/p.png"), URL(filePath: "/a.mp4")]),
                                   style: SceneStyle(prompt: "anime", seed: 1), sound: SceneBuilder.Soundtrack(clips: [URL(filePath: "/a.mp4")]),
                                   video: URL(filePath: "/tmp/v.mp4"))
        let arguments = builder.arguments()
        // Each file is read once, whatever it is used for.
        #expect(arguments.filter { $0 == "-i" }.count == 3)
        let graph = try #require(arguments.firstIndex(of: "-filter_complex").map { arguments[$0 + 1] })
        // The opening picture holds 12 frames, fading out over the last 6: 4 s of clips fill the 43 after
        // (49 frames in all: 2 s at 24 fps and one more).
        #expect(graph.contains("setpts=expr=(PTS-STARTPTS)*0.447917"))
        #expect(graph.contains("concat=n=2:v=1:a=0") && graph.contains("lutyuv="))
        #expect(graph.contains("[0:a:0]") && graph.contains("apad=whole_len=98000"))
    }

    @Test func builderMapsAudioOnlyWhenAsked() throws {
        let plan = try RenderPlan(spec: RenderHarness.spec(), picture: nil)
        var builder = SceneBuilder(plan: plan, content: .text(caption: "Hi"), style: SceneStyle(prompt: "Hi", seed: 1),
                                   video: URL(filePath: "/tmp/v.mp4"))
        #expect(!builder.arguments().contains("[audio]"))
        #expect(!builder.arguments().contains("[lastframe]"))
        builder.sound = SceneBuilder.Soundtrack()
        builder.lastFrame = URL(filePath: "/tmp/last.bmp")
        let arguments = builder.arguments()
        #expect(arguments.contains("[audio]") && arguments.contains("[lastframe]"))
        #expect(arguments.last == "/tmp/last.bmp")
    }
}

/// The text fallback when no font file is known: fontconfig's sans font.
@Suite final class LocalRendererFontTests {
    let harness = RenderHarness()
    deinit { harness.removeAll() }

    @Test func drawsTextWithFontconfigWhenNoFontFileIsKnown() async throws {
        let folder = try harness.folder()
        let plan = try RenderPlan(spec: RenderHarness.spec(duration: 1), picture: nil)
        let video = folder.appending(path: "video.mp4")
        let builder = SceneBuilder(plan: plan, content: .text(caption: "Hello"), style: SceneStyle(prompt: "Hello", seed: 3),
                                   watermark: true, font: nil, video: video)
        let graph = try #require(builder.arguments().firstIndex(of: "-filter_complex").map { builder.arguments()[$0 + 1] })
        #expect(graph.contains("font=Sans") && !graph.contains("fontfile"))
        try await LiveMediaTool().lines(of: .ffmpeg, builder.arguments()) { _ in }
        #expect(FileManager.default.fileExists(atPath: video.path))
    }
}
