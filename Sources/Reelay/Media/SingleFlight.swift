/// Runs one piece of work per key at a time: a caller that asks for a key already being worked
/// on waits for that run's result instead of starting another. Ten players asking for the same
/// missing thumbnail at once make one ffmpeg run, not ten.
public actor SingleFlight<Value: Sendable> {
    private var running: [String: Task<Value, any Error>] = [:]

    public init() {}

    public func run(_ key: String, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let existing = running[key] { return try await existing.value }
        let task = Task { try await work() }
        running[key] = task
        defer { running[key] = nil }
        return try await task.value
    }
}
