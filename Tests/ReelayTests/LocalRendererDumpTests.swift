import Foundation
import Testing
@testable import Reelay

@Suite(.enabled(if: ProcessInfo.processInfo.environment["REELAY_DUMP"] != nil)) struct LocalRendererDumpTests {
    @Test func dump() async throws {
        let recorder = RecordingMediaTool(forwardingTo: LiveMediaTool())
        let h = RenderHarness()
        _ = try await h.render(RenderHarness.spec(resolution: "720p", size: (1280, 720), duration: 5), tool: recorder)
        let args = recorder.arguments(of: .ffmpeg)[0]
        try args.joined(separator: "\n").write(toFile: "/tmp/rl/text720.args", atomically: true, encoding: .utf8)
    }
}
