import ReelayCore

extension APIError {
    /// Runs a store call for a route. A failure, whose words may name the database or its files,
    /// becomes a 503 that names only which store; the details stay out of the answer.
    static func fromStore<T>(_ body: () async throws -> T, store: String = "store") async throws(APIError) -> T {
        do { return try await body() } catch { throw APIError(.unavailable, "The \(store) is unavailable; try again.") }
    }
}
