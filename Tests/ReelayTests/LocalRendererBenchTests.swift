import Foundation
import Testing
@testable import Reelay

/// Timings for the report, run on demand: `REELAY_BENCH=1 swift test --filter LocalRendererBench`
/// (see bench/render.sh). Renders a 5 s 720p text scene and encodes `testsrc2` frames with the
/// same encoder settings, one after the other, and prints both times.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["REELAY_BENCH"] != nil), .serialized)
final class LocalRendererBenchTests {
    let harness = RenderHarness()
    deinit { harness.removeAll() }

    @Test func fiveSecondsAt720p() async throws {
        let keep = ProcessInfo.processInfo.environment["REELAY_BENCH_KEEP"]
        let clock = ContinuousClock()
        for (name, audio) in [("video", false), ("video+audio+watermark+last frame", true)] {
            let spec = RenderHarness.spec(resolution: "720p", size: (1280, 720), duration: 5, audio: audio, watermark: audio, lastFrame: audio)
            let start = clock.now
            let rendered = try await harness.render(spec)
            print("bench: LocalRenderer 5 s 720p \(name): \(start.duration(to: clock.now))")
            if let keep { try? FileManager.default.copyItem(at: rendered.video, to: URL(filePath: keep).appending(path: "bench-\(audio).mp4")) }
        }
        let out = try harness.folder().appending(path: "testsrc2.mp4")
        let start = clock.now
        try await harness.tool.run(.ffmpeg, ["-v", "error", "-nostdin", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=24:d=5",
                                             "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-threads", "2",
                                             "-pix_fmt", "yuv420p", "-movflags", "+faststart", out.path])
        print("bench: ffmpeg testsrc2 5 s 720p: \(start.duration(to: clock.now))")
    }
}
