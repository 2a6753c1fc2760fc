import Foundation

/// A `MediaTool` that runs at most `limit` programs at once and queues the rest, whoever asks.
/// Probes and previews run while a client waits; without a gate, a burst of requests would
/// start a child process each and starve the renders and every other request.
public struct GatedMediaTool: MediaTool {
    private let base: any MediaTool
    private let gate: Gate

    public init(_ base: any MediaTool, limit: Int) {
        self.base = base
        self.gate = Gate(limit: max(1, limit))
    }

    public func output(of program: MediaProgram, _ arguments: [String], limit: Int) async throws -> Data {
        try await inside { try await base.output(of: program, arguments, limit: limit) }
    }

    public func lines(of program: MediaProgram, _ arguments: [String], onLine: (String) async throws -> Void) async throws {
        try await inside { try await base.lines(of: program, arguments, onLine: onLine) }
    }

    /// Runs `work` holding a place in the gate, which it leaves however `work` ends.
    private func inside<T>(_ work: () async throws -> T) async throws -> T {
        await gate.enter()
        do {
            let value = try await work()
            await gate.leave()
            return value
        } catch {
            await gate.leave()
            throw error
        }
    }
}

/// A counting semaphore: `enter` waits (first come, first served) while `limit` are inside.
private actor Gate {
    private let limit: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = limit
    }

    func enter() async {
        guard inside >= limit else {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the place to the next in line, or frees it.
    func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
