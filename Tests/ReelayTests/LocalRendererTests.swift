import Foundation
import Logging
import ReelayCore
import Synchronization
import Testing
@testable import Reelay

/// Real renders with the real ffmpeg, checked the way a user would check them: with ffprobe and by
/// looking at pixels.
@Suite final class LocalRendererTests {
    let harness = RenderHarness()
    deinit { harness.removeAll() }

    @Test func textToVideoHasTheExactShape() async throws {
        let rendered = try await harness.render(RenderHarness.spec())
        let facts = try await Probe(rendered.video)
        #expect(facts.videoCodec == "h264")
        #expect(facts.pixelFormat == "yuv420p")
        #expect(facts.width == 864 && facts.height == 496 && facts.sampleAspectRatio == "1:1")
        #expect(facts.frameRate == "24/1")
        // 24 frames a second and one more, as the newer models render (DIALECTS.md).
        #expect(facts.frames == 49)
        #expect(abs(facts.duration - 49.0 / 24) <= 1.0 / 24)
        #expect(!facts.hasAudio)
        #expect(rendered.result == TaskResult(videoFile: "video.mp4", lastFrameFile: nil, width: 864, height: 496, ratio: "16:9",
                                              duration: 2, frames: 49, fps: 24, hasAudio: false))
        // Nothing but the result is left in the task's folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: rendered.folder.path) == ["video.mp4"])
    }

    @Test func portraitWithAudio() async throws {
        let spec = RenderHarness.spec(family: .v1, ratio: "9:16", size: (480, 864), audio: true)
        let rendered = try await harness.render(spec)
        let facts = try await Probe(rendered.video)
        #expect(facts.width == 480 && facts.height == 864 && facts.sampleAspectRatio == "1:1")
        #expect(facts.hasAudio && facts.audioCodec == "aac")
        #expect(abs(facts.duration - 2) <= 1.0 / 24)
        #expect(rendered.result.hasAudio)
        #expect(rendered.result.ratio == "9:16")
    }

    @Test func lastFrameIsAPNGWithoutTheWatermark() async throws {
        let spec = RenderHarness.spec(watermark: true, lastFrame: true)
        let rendered = try await harness.render(spec)
        #expect(rendered.result.lastFrameFile == "last_frame.png")
        let png = rendered.folder.appending(path: "last_frame.png")
        let facts = try await Probe(png)
        #expect(facts.videoCodec == "png" && facts.width == 864 && facts.height == 496)

        // The PNG is the video's last frame, less the watermark at the lower right.
        let still = try await harness.frame(of: png, size: (864, 496))
        let last = try await harness.frame(of: rendered.video, at: 48, size: (864, 496))
        #expect(still.meanDifference(to: last, in: RGBFrame.lowerRight) > 8)
        #expect(still.meanDifference(to: last, in: RGBFrame.outsideLowerRight) < 3)
    }

    @Test func sameSpecSameBytesOtherSeedOtherBytes() async throws {
        let spec = RenderHarness.spec(audio: true, watermark: true, lastFrame: true)
        let first = try await harness.render(spec)
        let second = try await harness.render(spec)
        var reseeded = spec
        reseeded.seed += 1
        let third = try await harness.render(reseeded)

        let bytes = try Data(contentsOf: first.video)
        #expect(bytes == (try Data(contentsOf: second.video)))
        #expect(try Data(contentsOf: first.folder.appending(path: "last_frame.png")) == Data(contentsOf: second.folder.appending(path: "last_frame.png")))
        #expect(bytes != (try Data(contentsOf: third.video)))
    }

    @Test func progressRisesThroughIntermediateValues() async throws {
        let rendered = try await harness.render(RenderHarness.spec(resolution: "720p", size: (1280, 720), duration: 4))
        let values = rendered.progress
        #expect(values == values.sorted())
        #expect(values.first == 0)
        #expect(values.last == 1)
        #expect(values.filter { $0 > 0.05 && $0 < 1 }.count >= 3, "intermediate values: \(values)")
    }

    @Test func watermarkShowsAtTheLowerRightOnly() async throws {
        let plain = try await harness.render(RenderHarness.spec())
        let marked = try await harness.render(RenderHarness.spec(watermark: true))
        let a = try await harness.frame(of: plain.video, at: 24, size: (864, 496))
        let b = try await harness.frame(of: marked.video, at: 24, size: (864, 496))
        #expect(a.meanDifference(to: b, in: RGBFrame.lowerRight) > 8)
        #expect(a.meanDifference(to: b, in: RGBFrame.outsideLowerRight) < 2)
    }

    @Test func fixedCameraStillAnimatesTheScene() async throws {
        let rendered = try await harness.render(RenderHarness.spec(cameraFixed: true))
        let first = try await harness.frame(of: rendered.video, at: 0, size: (864, 496))
        let last = try await harness.frame(of: rendered.video, at: 48, size: (864, 496))
        #expect(first.meanDifference(to: last) > 1)
    }

    @Test func promptWithFilterSyntaxIsDrawnSafely() async throws {
        var spec = RenderHarness.spec()
        spec.prompt = #"it's a "test": [x], y; z \ 100% {a=b} --rt 16:9"#
        let rendered = try await harness.render(spec)
        #expect(try await Probe(rendered.video).frames == 49)
    }

    @Test func recordedCommandAsksForADeterministicFastStartMP4() async throws {
        let recorder = RecordingMediaTool(forwardingTo: LiveMediaTool())
        _ = try await harness.render(RenderHarness.spec(audio: true, watermark: true, lastFrame: true), tool: recorder)
        let calls = recorder.arguments(of: .ffmpeg)
        #expect(calls.count == 2)
        #expect(recorder.arguments(of: .ffprobe).isEmpty)
        let render = try #require(calls.first)
        for pair in [["-c:v", "libx264"], ["-threads", "2"], ["-pix_fmt", "yuv420p"], ["-movflags", "+faststart"], ["-r", "24"],
                     ["-fflags", "+bitexact"], ["-flags:v", "+bitexact"], ["-flags:a", "+bitexact"], ["-map_metadata", "-1"],
                     ["-c:a", "aac"], ["-map", "[audio]"], ["-progress", "pipe:1"]] {
            #expect(render.contains(pair), "missing \(pair)")
        }
        let graph = try #require(render.firstIndex(of: "-filter_complex").map { render[$0 + 1] })
        #expect(graph.contains("Generated by AI"))
        #expect(graph.contains("sine=") && graph.contains("[audio]"))
        #expect(calls[1].contains("png"))
    }

    @Test func failedRenderSaysHowFFmpegEndedButNotWhatItPrinted() async throws {
        // ffmpeg's complaints name files on the server and echo the inputs: they go to the log only.
        let failing = RecordingMediaTool { program, _ in
            throw MediaToolError(program: program, status: "exit status 1",
                                 standardError: "/srv/reelay/files/cgt-other/video.mp4: Invalid data found\nError while filtering: Out of memory\n")
        }
        let error = await #expect(throws: ProviderError.self) { try await harness.render(RenderHarness.spec(), tool: failing) }
        #expect(error?.code == "RenderFailed")
        #expect(error?.message == "The local renderer could not make the video (ffmpeg exit status 1).")
    }

    @Test func rerunReplacesResultsAndScratchLeftByACrash() async throws {
        let folder = try harness.folder()
        try FileManager.default.createDirectory(at: folder.appending(path: ".render-crashed"), withIntermediateDirectories: true)
        try Data("partial".utf8).write(to: folder.appending(path: "video.mp4"))
        let job = ProviderJob(taskID: "cgt-rerun", owner: "test", spec: RenderHarness.spec(), outputDirectory: folder, attempt: 2)
        _ = try await harness.renderer().generate(job) { _ in }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["video.mp4"])
        #expect(try await Probe(folder.appending(path: "video.mp4")).frames == 49)
    }

    @Test func cancellingStopsFFmpegAndCleansUp() async throws {
        let folder = try harness.folder()
        let job = ProviderJob(taskID: "cgt-cancel", owner: "test", spec: RenderHarness.spec(resolution: "1080p", size: (1920, 1080), duration: 12),
                              outputDirectory: folder, attempt: 1)
        let renderer = harness.renderer()
        let running = AsyncStream<Void>.makeStream()
        let task = Task {
            try await renderer.generate(job) { value in if value > 0.06 { running.continuation.yield() } }
        }
        for await _ in running.stream { break }
        #expect(MediaToolTests.processes(containing: folder.path) == 1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(MediaToolTests.processes(containing: folder.path) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
