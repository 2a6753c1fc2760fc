/// Runs `work`, cancelling it once `limit` has passed and throwing `timedOut()` instead. Used for
/// downloads, where the HTTP client's own deadline does not cover a body that stalls halfway.
func withTimeLimit<T: Sendable>(_ limit: Duration, timedOut: @escaping @Sendable () -> any Error,
                                _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let value = try await group.next()! else { throw timedOut() }
        return value
    }
}
