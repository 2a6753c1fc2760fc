import Foundation
import ReelayCore
import Subprocess
import Synchronization

/// Runs media programs found in `PATH` as child processes (swift-subprocess), each under
/// `ChildLimits`: `prlimit` (util-linux) sets the CPU and memory limits in the child before it
/// becomes the program, and a watchdog kills it when its wall time runs out. Standard error is
/// read as it comes and only its tail kept, so a chatty program can neither fill a pipe nor memory.
public struct LiveMediaTool: MediaTool {
    public var limits: ChildLimits
    /// How many bytes of standard error are kept for error messages.
    public var standardErrorLimit: Int

    public init(limits: ChildLimits = .render, standardErrorLimit: Int = 4096) {
        self.limits = limits
        self.standardErrorLimit = standardErrorLimit
    }

    public func output(of program: MediaProgram, _ arguments: [String], limit: Int) async throws -> Data {
        let keep = standardErrorLimit, wallTime = limits.wallTime
        return try await execute(program) { watchdog in
            let result = try await Subprocess.run(
                .name("prlimit"), arguments: command(program, arguments),
                input: .none, output: .data(limit: limit), error: .sequence
            ) { execution in
                let timer = watchdog.start(execution, for: wallTime)
                defer { timer.cancel() }
                return try await Self.tail(of: execution.standardError, keeping: keep)
            }
            return (result.terminationStatus, result.closureResult, result.standardOutput)
        }
    }

    public func lines(of program: MediaProgram, _ arguments: [String], onLine: (String) async throws -> Void) async throws {
        let keep = standardErrorLimit, wallTime = limits.wallTime
        try await execute(program) { watchdog in
            let result = try await Subprocess.run(
                .name("prlimit"), arguments: command(program, arguments),
                input: .none, output: .sequence, error: .sequence
            ) { execution in
                let timer = watchdog.start(execution, for: wallTime)
                defer { timer.cancel() }
                return try await withThrowingTaskGroup(of: String.self) { group in
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

    /// `prlimit`'s arguments: the limits, then the program and its own arguments.
    private func command(_ program: MediaProgram, _ arguments: [String]) -> Arguments {
        Arguments(limits.prlimitArguments(running: program.rawValue) + arguments)
    }

    /// Runs `body` and turns its outcome into the protocol's promises: `CancellationError` when the
    /// task was cancelled (swift-subprocess has killed the child by then), `MediaToolError` when the
    /// program is missing or failed.
    private func execute<Output>(
        _ program: MediaProgram,
        _ body: (Watchdog) async throws -> (TerminationStatus, String, Output)
    ) async throws -> Output {
        try Task.checkCancellation()
        let watchdog = Watchdog()
        let outcome: (TerminationStatus, String, Output)
        do {
            outcome = try await body(watchdog)
        } catch let error as SubprocessError {
            try Task.checkCancellation()
            switch error.code {
            case .executableNotFound:
                throw MediaToolError(program: program, status: "could not run: prlimit (util-linux) is not installed", standardError: "")
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
            throw MediaToolError(program: program, status: describe(status, standardError, timedOut: watchdog.fired), standardError: standardError)
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

    /// The end of a failed run in words, naming the limit it ran into. prlimit exits 127 when it
    /// cannot find the program, as a shell does.
    private func describe(_ status: TerminationStatus, _ standardError: String, timedOut: Bool) -> String {
        if timedOut { return "stopped at its time limit of \(MediaLimits.describe(limits.wallTime))" }
        switch status {
        case .exited(127) where standardError.contains("failed to execute"):
            return MediaToolError.notFoundStatus
        case .signaled(SIGXCPU), .signaled(SIGKILL):
            // The kernel's answer to RLIMIT_CPU (the soft and hard limits are one).
            return "stopped at its CPU time limit of \(limits.cpuSeconds) s"
        case .exited(let code) where standardError.contains("Cannot allocate memory") || standardError.contains("out of memory"):
            return "ran out of its memory limit of \(MediaLimits.describe(bytes: limits.addressSpace)) (exit status \(code))"
        case .exited(let code):
            return "exit status \(code)"
        case .signaled(let signal):
            return "signal \(signal)"
        }
    }
}

/// Kills a child whose wall time has run out, and remembers that it did.
private final class Watchdog: Sendable {
    private let firedFlag = Atomic<Bool>(false)

    var fired: Bool { firedFlag.load(ordering: .acquiring) }

    /// Starts the timer that kills `execution` after `limit`; cancel it when the program has ended.
    func start(_ execution: Execution<some InputProtocol, some OutputProtocol, some OutputProtocol>, for limit: Duration) -> Task<Void, Never> {
        Task { [self] in
            do { try await Task.sleep(for: limit) } catch { return }
            firedFlag.store(true, ordering: .releasing)
            try? execution.send(signal: .kill)
        }
    }
}
