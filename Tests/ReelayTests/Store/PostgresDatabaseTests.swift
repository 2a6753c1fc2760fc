import Foundation
import Logging
import PostgresNIO
import Testing
@testable import Reelay

/// The PostgreSQL specifics behind the contract: reading the URL, and migrations that several
/// instances starting at once apply exactly once.
@Suite struct PostgresDatabaseTests {
    @Test func readsTheDatabaseURL() throws {
        let url = try PostgresURL("postgres://reelay:p%40ss@db.example:6543/jobs?sslmode=disable&application_name=api&search_path=Queue")
        #expect(url.configuration.host == "db.example")
        #expect(url.configuration.port == 6543)
        #expect(url.configuration.username == "reelay")
        #expect(url.configuration.password == "p@ss")
        #expect(url.configuration.database == "jobs")
        #expect(url.schema == "queue")
        #expect(url.configuration.options.additionalStartupParameters.map { "\($0.0)=\($0.1)" } == ["application_name=api", "search_path=Queue"])

        let socket = try PostgresURL("postgresql://reelay@/jobs?host=/run/postgresql&pool_max_conns=3")
        #expect(socket.configuration.unixSocketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(socket.configuration.options.maximumConnections == 3)
        #expect(socket.configuration.password == nil)

        #expect(throws: ConfigurationError.self) { try PostgresURL("mysql://reelay@db/jobs") }
        #expect(throws: ConfigurationError.self) { try PostgresURL("postgres://reelay@db/jobs?sslmode=sometimes") }
        #expect(throws: ConfigurationError.self) { try PostgresURL("postgres://reelay@db/jobs?pool_max_conns=0") }
    }

    @Test func instancesStartingTogetherMigrateOnce() async throws {
        try await TestPostgres.withSchema { url in
            let logger = TestPostgres.logger
            let databases = try await withThrowingTaskGroup(of: Reelay.PostgresDatabase.self) { group in
                for _ in 0..<4 { group.addTask { try await Reelay.PostgresDatabase.open(url: url, logger: logger) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let rows = try await databases[0].query("SELECT version FROM schema_migrations ORDER BY version")
            let versions = try rows.map { try $0.decode(Int.self) }
            for database in databases { await database.close() }
            #expect(versions == Array(1...Reelay.PostgresDatabase.migrations.count))
        }
    }

    @Test func anUnreachableServerIsAnError() async throws {
        await #expect(throws: (any Error).self) {
            let database = try await Reelay.PostgresDatabase.open(url: "postgres://reelay@127.0.0.1:1/none?sslmode=disable&connect_timeout=2",
                                                                  logger: TestPostgres.logger)
            await database.close()
        }
    }
}
