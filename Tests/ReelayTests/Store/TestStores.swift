import Foundation
import Logging
import Testing
@testable import Reelay

/// A fresh, empty database of one kind for the length of a test: a SQLite file in a temporary
/// folder, or a PostgreSQL schema of its own. `open()` gives another handle on the same data
/// (for PostgreSQL another connection pool, as a second instance would have).
struct TestStores {
    let kind: StoreKind
    let configuration: AppConfiguration

    static func with<T>(_ kind: StoreKind, _ body: (TestStores) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = AppConfiguration()
        configuration.dataDirectory = directory.path
        switch kind {
        case .sqlite:
            return try await body(TestStores(kind: kind, configuration: configuration))
        case .postgres:
            return try await TestPostgres.withSchema { url in
                configuration.databaseURL = url
                return try await body(TestStores(kind: kind, configuration: configuration))
            }
        }
    }

    /// Runs `body` on freshly opened stores of a fresh database, closed after.
    static func withStores<T>(_ kind: StoreKind, _ body: (Stores) async throws -> T) async throws -> T {
        try await with(kind) { database in try await database.withOpened(body) }
    }

    /// Opens the stores through the same factory `reelay serve` uses. At most `connections`
    /// connections for PostgreSQL; SQLite always has one.
    func open(connections: Int? = nil) async throws -> Stores {
        var configuration = configuration
        if let connections, let url = configuration.databaseURL {
            configuration.databaseURL = TestPostgres.url(url, adding: "pool_max_conns=\(connections)")
        }
        return try await Stores.open(configuration, logger: TestPostgres.logger)
    }

    func withOpened<T>(connections: Int? = nil, _ body: (Stores) async throws -> T) async throws -> T {
        let stores = try await open(connections: connections)
        do {
            let result = try await body(stores)
            await stores.close()
            return result
        } catch {
            await stores.close()
            throw error
        }
    }
}
