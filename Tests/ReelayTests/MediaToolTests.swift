import Foundation
import Testing
@testable import Reelay

/// The live tool against the real ffmpeg and ffprobe, and the recording tool.
@Suite struct MediaToolTests {
    let tool = LiveMediaTool()

    @Test func returnsStandardOutput() async throws {
        let output = try await tool.output(of: .ffprobe, ["-version"], limit: 1 << 20)
        #expect(String(decoding: output, as: UTF8.self).hasPrefix("ffprobe version"))
    }

    @Test func streamsLinesAsWritten() async throws {
        var lines: [String] = []
        try await tool.lines(of: .ffmpeg, ["-hide_banner", "-nostdin", "-nostats", "-v", "error", "-f", "lavfi",
                                           "-i", "testsrc2=s=64x64:r=24:d=0.5", "-progress", "pipe:1", "-f", "null", "-"]) {
            lines.append($0)
        }
        #expect(lines.contains("frame=12"))
        #expect(lines.last == "progress=end")
    }

    @Test func failureCarriesTheTailOfStandardError() async throws {
        let missing = "/nonexistent/reelay-\(UUID().uuidString).png"
        let error = await #expect(throws: MediaToolError.self) {
            try await tool.run(.ffmpeg, ["-hide_banner", "-nostdin", "-i", missing, "-f", "null", "-"])
        }
        #expect(error?.program == .ffmpeg)
        #expect(error?.status.hasPrefix("exit status") == true)
        #expect(error?.standardError.contains("No such file or directory") == true)
        #expect(error?.description.contains(missing) == true)
    }

    @Test func keepsOnlyTheTailOfAFloodOfStandardError() async throws {
        // ~20 kB of debug chatter, then a failure (a stream that stays empty) whose reason comes last.
        let tool = LiveMediaTool(standardErrorLimit: 2048)
        let error = await #expect(throws: MediaToolError.self) {
            try await tool.run(.ffmpeg, ["-hide_banner", "-nostdin", "-v", "debug", "-f", "lavfi", "-i", "testsrc2=s=64x64:d=2",
                                         "-abort_on", "empty_output_stream", "-filter_complex", "[0]split[a][b];[b]select=0[c]",
                                         "-map", "[a]", "-f", "null", "-", "-map", "[c]", "-f", "null", "-"])
        }
        let text = try #require(error?.standardError)
        #expect(text.utf8.count <= 2048)
        #expect(text.contains("Empty output on stream 1"))
        #expect(!text.hasPrefix(" "))
    }

    @Test func cancellingTheTaskKillsTheProcess() async throws {
        // An endless encode, marked so that we can look for it among the running processes.
        let marker = "reelay-cancel-\(UUID().uuidString)"
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            try await tool.lines(of: .ffmpeg, ["-hide_banner", "-nostdin", "-nostats", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x240",
                                               "-metadata", "title=\(marker)", "-progress", "pipe:1", "-f", "null", "-"]) { _ in
                started.continuation.yield()
            }
        }
        for await _ in started.stream { break }
        #expect(Self.processes(containing: marker) == 1)
        task.cancel()
        // The encode never ends by itself: returning at all means the process was stopped.
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(Self.processes(containing: marker) == 0)
    }

    @Test func recordingToolForwardsAndRecords() async throws {
        let recorder = RecordingMediaTool(forwardingTo: tool)
        let output = try await recorder.run(.ffprobe, ["-version"])
        #expect(!output.isEmpty)
        #expect(recorder.calls == [RecordingMediaTool.Call(program: .ffprobe, arguments: ["-version"])])
    }

    @Test func recordingToolAnswersWithAScript() async throws {
        let recorder = RecordingMediaTool { program, _ in Data("\(program.rawValue)\nsecond line\n".utf8) }
        var lines: [String] = []
        try await recorder.lines(of: .espeak, ["--version"]) { lines.append($0) }
        #expect(lines == ["espeak-ng", "second line"])
        #expect(recorder.arguments(of: .espeak) == [["--version"]])
        #expect(recorder.arguments(of: .ffmpeg).isEmpty)
    }

    /// How many running processes have `text` in their command line (Linux `/proc`).
    static func processes(containing text: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.count { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(text)
        }
    }
}
