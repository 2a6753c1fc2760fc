import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// The pure parts of the renderer: plans, captions, styles, escaping and progress parsing.
@Suite struct LocalRendererSceneTests {
    @Test func planUsesTheSpecsSize() throws {
        let plan = try RenderPlan(spec: RenderHarness.spec(), image: nil)
        #expect((plan.width, plan.height, plan.ratio, plan.fps, plan.frames, plan.duration) == (864, 496, "16:9", 24, 48, 2))
    }

    @Test func planSettlesAdaptiveAndKeepRatioFromThePicture() throws {
        let adaptive = try RenderPlan(spec: RenderHarness.spec(family: .v1, resolution: "720p", ratio: "adaptive", size: nil),
                                      image: Geometry.Size(width: 1000, height: 1000))
        #expect((adaptive.width, adaptive.height, adaptive.ratio) == (960, 960, "1:1"))
        let textOnly = try RenderPlan(spec: RenderHarness.spec(ratio: "adaptive", size: nil), image: nil)
        #expect((textOnly.width, textOnly.height, textOnly.ratio) == (864, 496, "16:9"))
        let kept = try RenderPlan(spec: RenderHarness.spec(ratio: "keep_ratio", size: nil), image: Geometry.Size(width: 1000, height: 800))
        #expect(kept.ratio == "5:4")
        #expect(Geometry.Size(width: kept.width, height: kept.height) == Geometry.keepRatioSize(family: .v2, resolution: "480p", width: 1000, height: 800))
    }

    @Test func planChoosesADurationAndHonoursFrames() throws {
        let chosen = try RenderPlan(spec: RenderHarness.spec(duration: -1), image: nil)
        #expect((chosen.duration, chosen.frames) == (5, 120))
        var spec = RenderHarness.spec(duration: 5)
        spec.frames = 121
        let counted = try RenderPlan(spec: spec, image: nil)
        #expect((counted.duration, counted.frames) == (5, 121))
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

    @Test func builderMapsAudioOnlyWhenAsked() throws {
        let plan = try RenderPlan(spec: RenderHarness.spec(), image: nil)
        var builder = SceneBuilder(plan: plan, content: .text(caption: "Hi"), style: SceneStyle(prompt: "Hi", seed: 1),
                                   video: URL(filePath: "/tmp/v.mp4"))
        #expect(!builder.arguments().contains("[audio]"))
        #expect(!builder.arguments().contains("[lastframe]"))
        builder.audio = true
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
        let plan = try RenderPlan(spec: RenderHarness.spec(duration: 1), image: nil)
        let video = folder.appending(path: "video.mp4")
        let builder = SceneBuilder(plan: plan, content: .text(caption: "Hello"), style: SceneStyle(prompt: "Hello", seed: 3),
                                   watermark: true, font: nil, video: video)
        let graph = try #require(builder.arguments().firstIndex(of: "-filter_complex").map { builder.arguments()[$0 + 1] })
        #expect(graph.contains("font=Sans") && !graph.contains("fontfile"))
        try await LiveMediaTool().lines(of: .ffmpeg, builder.arguments()) { _ in }
        #expect(FileManager.default.fileExists(atPath: video.path))
    }
}
