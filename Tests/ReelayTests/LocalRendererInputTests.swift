import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// Renders that start from, end on or show input pictures.
@Suite final class LocalRendererInputTests {
    let harness = RenderHarness()
    deinit { harness.removeAll() }

    func input(_ file: URL, _ role: MediaInput.Role, _ index: Int = 1) -> MediaInput {
        MediaInput(kind: .image, url: file.absoluteString, role: role, param: "content[\(index)].image_url.url")
    }

    @Test(arguments: [false, true])
    func firstFrameIsTheInputPicture(cameraFixed: Bool) async throws {
        let picture = try await harness.picture("testsrc2", size: (1280, 800))
        let spec = RenderHarness.spec(media: [input(picture, .firstFrame)], cameraFixed: cameraFixed)
        let rendered = try await harness.render(spec)
        let expected = try await harness.frame(of: picture, size: (864, 496), fill: true)
        let first = try await harness.frame(of: rendered.video, at: 0, size: (864, 496))
        let last = try await harness.frame(of: rendered.video, at: 48, size: (864, 496))
        #expect(first.meanDifference(to: expected) < 6)
        // A moving camera zooms in; a fixed one holds the picture.
        if cameraFixed {
            #expect(last.meanDifference(to: expected) < 6)
        } else {
            #expect(last.meanDifference(to: expected) > 10)
        }
    }

    @Test func adaptiveRatioFollowsThePicture() async throws {
        let picture = try await harness.picture("testsrc2", size: (900, 1200))
        let spec = RenderHarness.spec(ratio: "adaptive", size: nil, media: [input(picture, .firstFrame)])
        let rendered = try await harness.render(spec)
        #expect(rendered.result.ratio == "3:4")
        #expect(rendered.result.width == 560 && rendered.result.height == 752)
        let facts = try await Probe(rendered.video)
        #expect(facts.width == 560 && facts.height == 752 && facts.sampleAspectRatio == "1:1")
    }

    @Test func keepRatioKeepsThePicturesShape() async throws {
        let picture = try await harness.picture("testsrc2", size: (1200, 800))
        let spec = RenderHarness.spec(ratio: "keep_ratio", size: nil, media: [input(picture, .firstFrame)])
        let rendered = try await harness.render(spec)
        let size = try #require(Geometry.keepRatioSize(family: .v2, resolution: "480p", width: 1200, height: 800))
        #expect(rendered.result.width == size.width && rendered.result.height == size.height)
        #expect(rendered.result.ratio == "3:2")
        let facts = try await Probe(rendered.video)
        #expect(facts.width == size.width && facts.height == size.height && facts.sampleAspectRatio == "1:1")
    }

    @Test func firstAndLastFramesCrossfade() async throws {
        let first = try await harness.picture("color=c=0xC03020", size: (864, 496))
        let last = try await harness.picture("color=c=0x2050C0", size: (864, 496))
        let spec = RenderHarness.spec(media: [input(first, .firstFrame, 1), input(last, .lastFrame, 2)], lastFrame: true)
        let rendered = try await harness.render(spec)
        let red = try await harness.frame(of: first, size: (864, 496))
        let blue = try await harness.frame(of: last, size: (864, 496))
        let start = try await harness.frame(of: rendered.video, at: 0, size: (864, 496))
        let middle = try await harness.frame(of: rendered.video, at: 24, size: (864, 496))
        let end = try await harness.frame(of: rendered.video, at: 48, size: (864, 496))
        #expect(start.meanDifference(to: red) < 4)
        #expect(end.meanDifference(to: blue) < 4)
        #expect(middle.meanDifference(to: red) > 10 && middle.meanDifference(to: blue) > 10)
        let still = try await harness.frame(of: rendered.folder.appending(path: "last_frame.png"), size: (864, 496))
        #expect(still.meanDifference(to: blue) < 4)
    }

    /// toapis' three images (first frame, last frame, a reference): the video starts on the first,
    /// shows the reference between, and ends on the last, so every image shapes it.
    @Test func framesWithAReferenceShowEveryPicture() async throws {
        let first = try await harness.picture("color=c=0xC03020", size: (864, 496))
        let last = try await harness.picture("color=c=0x2050C0", size: (864, 496))
        let reference = try await harness.picture("color=c=0x20A040", size: (864, 496))
        let media = [input(first, .firstFrame, 1), input(last, .lastFrame, 2), input(reference, .referenceImage, 3)]
        let rendered = try await harness.render(RenderHarness.spec(media: media))
        let frames = (start: try await harness.frame(of: rendered.video, at: 0, size: (864, 496)),
                      middle: try await harness.frame(of: rendered.video, at: 24, size: (864, 496)),
                      end: try await harness.frame(of: rendered.video, at: 48, size: (864, 496)))
        #expect(frames.start.meanDifference(to: try await harness.frame(of: first, size: (864, 496))) < 4)
        #expect(frames.middle.meanDifference(to: try await harness.frame(of: reference, size: (864, 496))) < 6)
        #expect(frames.end.meanDifference(to: try await harness.frame(of: last, size: (864, 496))) < 4)
    }

    @Test func referencePicturesPlayAsAMontage() async throws {
        let colors = ["0xD02020", "0x20A040", "0x2040D0"]
        var pictures: [URL] = []
        for color in colors { pictures.append(try await harness.picture("color=c=\(color)", size: (640, 640))) }
        let media = pictures.enumerated().map { input($1, .referenceImage, $0 + 1) }
        let rendered = try await harness.render(RenderHarness.spec(duration: 3, media: media))
        let facts = try await Probe(rendered.video)
        #expect(facts.frames == 73)
        // Each picture fills the frame around the middle of its turn.
        for (picture, index) in zip(pictures, [6, 36, 71]) {
            let expected = try await harness.frame(of: picture, size: (864, 496), fill: true)
            let shown = try await harness.frame(of: rendered.video, at: index, size: (864, 496))
            #expect(shown.meanDifference(to: expected) < 4, "frame \(index)")
        }
    }

    @Test func undecodablePictureIsBadInputNamingTheParameter() async throws {
        let file = try harness.folder().appending(path: "broken.png")
        try Data("this is not a picture at all".utf8).write(to: file)
        let spec = RenderHarness.spec(media: [input(file, .firstFrame, 1)])
        let error = await #expect(throws: ProviderError.self) { try await harness.render(spec) }
        #expect(error?.code == "InvalidInput")
        #expect(error?.message.contains("content[1].image_url.url") == true)
    }

    @Test func loaderFailureIsBadInput() async throws {
        let spec = RenderHarness.spec(media: [MediaInput(kind: .image, url: "https://example.com/a.png", role: .firstFrame, param: "image_urls[0]")])
        let error = await #expect(throws: ProviderError.self) { try await harness.render(spec) }
        #expect(error?.code == "InvalidInput")
        #expect(error?.message.contains("image_urls[0]") == true)
    }
}
