import Foundation
import Synchronization

/// A `MediaTool` for tests: records every call, then either passes it on to another tool (to see
/// what a real run was asked) or answers it with `respond` (to script one without processes).
public final class RecordingMediaTool: MediaTool {
    /// One recorded call.
    public struct Call: Sendable, Equatable {
        public var program: MediaProgram
        public var arguments: [String]
    }

    public typealias Responder = @Sendable (MediaProgram, [String]) async throws -> Data

    private let base: (any MediaTool)?
    private let respond: Responder?
    private let recorded = Mutex<[Call]>([])

    /// Records calls and runs them on `base`.
    public init(forwardingTo base: any MediaTool = LiveMediaTool()) {
        self.base = base
        self.respond = nil
    }

    /// Records calls and answers each with `respond`'s standard output (split into lines for `lines`).
    public init(respond: @escaping Responder) {
        self.base = nil
        self.respond = respond
    }

    /// Every call so far, oldest first.
    public var calls: [Call] { recorded.withLock { $0 } }

    /// The argument lists of the calls to `program`.
    public func arguments(of program: MediaProgram) -> [[String]] {
        calls.filter { $0.program == program }.map(\.arguments)
    }

    public func output(of program: MediaProgram, _ arguments: [String], limit: Int) async throws -> Data {
        record(program, arguments)
        if let base { return try await base.output(of: program, arguments, limit: limit) }
        return try await respond!(program, arguments)
    }

    public func lines(of program: MediaProgram, _ arguments: [String], onLine: (String) async throws -> Void) async throws {
        record(program, arguments)
        if let base { return try await base.lines(of: program, arguments, onLine: onLine) }
        let output = try await respond!(program, arguments)
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            try await onLine(String(line))
        }
    }

    private func record(_ program: MediaProgram, _ arguments: [String]) {
        recorded.withLock { $0.append(Call(program: program, arguments: arguments)) }
    }
}
