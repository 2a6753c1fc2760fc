import Foundation

/// The media programs Reelay shells out to.
public enum MediaProgram: String, Sendable, CaseIterable {
    case ffmpeg
    case ffprobe
    case espeak = "espeak-ng"
}

/// Runs media programs. `LiveMediaTool` spawns real processes; `RecordingMediaTool` records the
/// calls (and can answer them itself) for tests. Both calls run the program to completion, kill it
/// when the calling task is cancelled (throwing `CancellationError`), and throw `MediaToolError`
/// with the tail of its standard error when it fails.
public protocol MediaTool: Sendable {
    /// Runs `program` and returns everything it wrote to standard output, at most `limit` bytes.
    func output(of program: MediaProgram, _ arguments: [String], limit: Int) async throws -> Data

    /// Runs `program`, handing each line of its standard output to `onLine` as soon as it is written
    /// (ffmpeg's `-progress pipe:1`).
    func lines(of program: MediaProgram, _ arguments: [String], onLine: (String) async throws -> Void) async throws
}

extension MediaTool {
    /// Runs `program` for its effect, returning its (small) standard output.
    @discardableResult
    public func run(_ program: MediaProgram, _ arguments: [String]) async throws -> Data {
        try await output(of: program, arguments, limit: 1 << 20)
    }
}
