import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// What holds in every input mode: the exact shape (square pixels), the same bytes for the same
/// spec, drafts that look like the final render, and `frames`.
@Suite(.timeLimit(.minutes(5))) final class LocalRendererModeTests {
    let harness = RenderHarness()
    deinit { harness.removeAll() }

    @Test(arguments: RenderHarness.Mode.allCases)
    func sameSpecSameBytesInTheExactShape(_ mode: RenderHarness.Mode) async throws {
        let spec = RenderHarness.spec(mode, media: try await harness.media(for: mode))
        let first = try await harness.render(spec)
        let second = try await harness.render(spec)
        #expect(try Data(contentsOf: first.video) == Data(contentsOf: second.video))

        let facts = try await Probe(first.video)
        #expect(facts.videoCodec == "h264" && facts.pixelFormat == "yuv420p" && facts.frameRate == "24/1")
        #expect(facts.width == 864 && facts.height == 496 && facts.frames == 49)
        #expect(facts.sampleAspectRatio == "1:1", "square pixels: players show exactly the catalog's size")
        #expect(abs(facts.duration - 49.0 / 24) <= 1.0 / 24)
        let sounds = mode == .speech || mode == .videoAndAudio
        #expect(facts.hasAudio == sounds && first.result.hasAudio == sounds)
        if sounds { #expect(abs(facts.audioDuration - 2) < 0.05) }
        #expect(first.result == TaskResult(videoFile: "video.mp4", lastFrameFile: nil, width: 864, height: 496, ratio: "16:9",
                                           duration: 2, frames: 49, fps: 24, hasAudio: sounds))
    }

    @Test(arguments: [RenderHarness.Mode.text, .firstFrame, .referenceVideo])
    func draftLooksLikeTheFinalRender(_ mode: RenderHarness.Mode) async throws {
        var spec = RenderHarness.spec(mode, media: try await harness.media(for: mode))
        let final = try await harness.render(spec)
        spec.draft = true
        let draft = try await harness.render(spec)
        #expect(try Data(contentsOf: final.video) != Data(contentsOf: draft.video))
        let draftFacts = try await Probe(draft.video)
        #expect(draftFacts.frames == 49)
        #expect(draftFacts.width == 864 && draftFacts.height == 496 && draftFacts.sampleAspectRatio == "1:1")
        for index in [0, 24, 47] {
            let a = try await harness.frame(of: final.video, at: index, size: (216, 124))
            let b = try await harness.frame(of: draft.video, at: index, size: (216, 124))
            #expect(a.meanDifference(to: b) < 4, "frame \(index)")
        }
    }

    @Test func framesAreHonoured() async throws {
        var spec = RenderHarness.spec(duration: 1)
        spec.frames = 29
        let rendered = try await harness.render(spec)
        #expect(rendered.result.frames == 29 && rendered.result.duration == 1)
        let facts = try await Probe(rendered.video)
        #expect(facts.frames == 29 && abs(facts.duration - 29.0 / 24) <= 1.0 / 24)
    }
}
