import Foundation
import Subprocess

/// Runs media programs found in `PATH` as child processes (swift-subprocess). Standard error is
/// read as it comes and only its tail kept, so a chatty program can neither fill a pipe nor memory.
public struct LiveMediaTool: MediaTool {
    /// How many bytes of standard error are kept for error messages.
    public var standardErrorLimit: Int

    public init(standardErrorLimit: Int = 4096) {
        self.standardErrorLimit = standardErrorLimit
    }

    public func output(of program: MediaProgram, _ arguments: [String], limit: Int) async throws -> Data {
        let keep = standardErrorLimit
        return try await execute(program) {
            let result = try await Subprocess.run(
                .name(program.rawValue), arguments: Arguments(arguments),
                input: .none, output: .data(limit: limit), error: .sequence
            ) { execution in
                try await Self.tail(of: execution.standardError, keeping: keep)
            }
            return (result.terminationStatus, result.closureResult, result.standardOutput)
        }
    }

    public func lines(of program: MediaProgram, _ arguments: [String], onLine: (String) async throws -> Void) async throws {
        let keep = standardErrorLimit
        try await execute(program) {
            let result = try await Subprocess.run(
                .name(program.rawValue), arguments: Arguments(arguments),
                input: .none, output: .sequence, error: .sequence
            ) { execution in
                try await withThrowingTaskGroup(of: String.self) { group in
                    group.addTask { try await Self.tail(of: execution.standardError, keeping: keep) }
                    do {
                        for try await line in execution.standardOutput.strings() {
                            try await onLine(line)
                        }
                    } catch {
                        // The stderr reader only ends when the program does: end it now.
                        try? execution.send(signal: .kill)
                        throw error
                    }
                    return try await group.next() ?? ""
                }
            }
            return (result.terminationStatus, result.closureResult, ())
        }
    }

    /// Runs `body` and turns its outcome into the protocol's promises: `CancellationError` when the
    /// task was cancelled (swift-subprocess has killed the child by then), `MediaToolError` when the
    /// program is missing or failed.
    private func execute<Output>(
        _ program: MediaProgram,
        _ body: () async throws -> (TerminationStatus, String, Output)
    ) async throws -> Output {
        try Task.checkCancellation()
        let outcome: (TerminationStatus, String, Output)
        do {
            outcome = try await body()
        } catch let error as SubprocessError {
            try Task.checkCancellation()
            switch error.code {
            case .executableNotFound:
                throw MediaToolError.notFound(program)
            case .outputLimitExceeded:
                throw MediaToolError(program: program, status: "output too large", standardError: "\(error)")
            default:
                throw MediaToolError(program: program, status: "could not run", standardError: "\(error)")
            }
        } catch {
            try Task.checkCancellation()
            throw error
        }
        try Task.checkCancellation()
        let (status, standardError, output) = outcome
        guard status.isSuccess else {
            throw MediaToolError(program: program, status: Self.describe(status), standardError: standardError)
        }
        return output
    }

    /// Reads a stream to its end, keeping the last `limit` bytes, cut to whole lines.
    private static func tail(of stream: SubprocessOutputSequence, keeping limit: Int) async throws -> String {
        var kept: [UInt8] = []
        for try await buffer in stream {
            buffer.withUnsafeBytes { kept.append(contentsOf: $0) }
            if kept.count > 2 * limit { kept.removeFirst(kept.count - limit) }
        }
        if kept.count > limit {
            kept.removeFirst(kept.count - limit)
            if let newline = kept.firstIndex(of: UInt8(ascii: "\n")) { kept.removeFirst(newline + 1) }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    private static func describe(_ status: TerminationStatus) -> String {
        switch status {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "signal \(signal)"
        }
    }
}
