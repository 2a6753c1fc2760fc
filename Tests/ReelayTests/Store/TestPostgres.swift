import Foundation
import Logging
import PostgresNIO
import Testing
@testable import Reelay

/// The PostgreSQL server the tests use: `REELAY_TEST_DATABASE_URL` (scripts/with-postgres sets
/// it). Each user gets a schema of its own, so tests stay independent and run in parallel.
enum TestPostgres {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "set REELAY_TEST_DATABASE_URL (scripts/with-postgres does)" }
    }

    /// For the stores the tests open: the pool's connection notices would drown the output.
    static let logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }()

    /// The server's URL. Without one a PostgreSQL test fails loudly, unless REELAY_SKIP_POSTGRES=1
    /// says to skip it, which the test output reports.
    static func url() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if environment["REELAY_SKIP_POSTGRES"] == "1" {
            try Test.cancel("PostgreSQL skipped: REELAY_SKIP_POSTGRES=1")
        }
        guard let url = environment["REELAY_TEST_DATABASE_URL"], !url.isEmpty else { throw Missing() }
        return url
    }

    /// `url` with extra query options (`search_path=...`, `pool_max_conns=...`).
    static func url(_ url: String, adding options: String) -> String {
        url + (url.contains("?") ? "&" : "?") + options
    }

    /// Runs `body` with the URL of a fresh schema (Reelay creates it on open), dropped after.
    static func withSchema<T>(_ body: (String) async throws -> T) async throws -> T {
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        // A generous connect timeout: the whole suite shares two cores with renders in parallel.
        let schemaURL = Self.url(try url(), adding: "search_path=\(schema)&connect_timeout=60")
        do {
            let result = try await body(schemaURL)
            try await drop(schema, url: schemaURL)
            return result
        } catch {
            try? await drop(schema, url: schemaURL)
            throw error
        }
    }

    private static func drop(_ schema: String, url: String) async throws {
        let database = try await Reelay.PostgresDatabase.open(url: url, logger: logger)
        do {
            try await database.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

extension Reelay.PostgresDatabase {
    /// The first column of every row, as text: for checks the stores do not expose (`worker`).
    func texts(_ sql: String) async throws -> [String] {
        try await query(PostgresQuery(unsafeSQL: sql)).map { try $0.decode(String.self) }
    }
}
