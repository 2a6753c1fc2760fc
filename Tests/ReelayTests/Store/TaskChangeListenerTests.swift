import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// The task cache in front of PostgreSQL: it keeps polls off the database only while it hears
/// every change other instances make, and a change made elsewhere reaches the next polls here.
/// Needs REELAY_TEST_DATABASE_URL (scripts/with-postgres).
@Suite struct TaskChangeListenerTests {
    @Test func aChangeMadeByAnotherInstanceReachesThePollsOfThisOne() async throws {
        try await withTwoInstances { database, other in
            let base = CountingTaskStore(PostgresTaskStore(database: database))
            let cache = CachingTaskStore(base, filling: false)
            let elsewhere = PostgresTaskStore(database: other)
            let task = Fixtures.task(createdAt: Date() - 60)
            try await elsewhere.insert(task)

            // Before anyone listens, every poll reads the database.
            for _ in 0..<3 { #expect(try await cache.task(id: task.id)?.status == .queued) }
            #expect(base.reads == 3)

            let listener = Task { try await TaskChangeListener(database: database, cache: cache, logger: TestPostgres.logger).run() }
            try await Polling.until("the listener to listen") { cache.isFilling }
            for _ in 0..<3 { #expect(try await cache.task(id: task.id)?.status == .queued) }
            #expect(base.reads == 4, "listening, repeated polls are answered from memory")

            let now = Date()
            _ = try await elsewhere.claimNext(worker: "elsewhere", leaseUntil: now + 30, now: now)
            _ = try await Polling.until("the claim made elsewhere to be seen here", read: { try await cache.task(id: task.id)?.status },
                                        done: { $0 == .running })
            _ = try await elsewhere.heartbeat(id: task.id, worker: "elsewhere", progress: 40, leaseUntil: now + 30, now: now)
            _ = try await Polling.until("the progress saved elsewhere to be seen here", read: { try await cache.task(id: task.id)?.progress },
                                        done: { $0 == 40 })
            try await elsewhere.delete(id: task.id)
            _ = try await Polling.until("the deletion made elsewhere to be seen here", read: { try await cache.task(id: task.id) },
                                        done: { $0 == nil })

            // Not listening any more, nothing is kept: a change now could not be heard.
            listener.cancel()
            _ = await listener.result
            #expect(!cache.isFilling)
            let second = Fixtures.task()
            try await elsewhere.insert(second)
            let reads = base.reads
            for _ in 0..<2 { _ = try await cache.task(id: second.id) }
            #expect(base.reads == reads + 2)
        }
    }

    /// Two pools on one fresh schema, as two instances would have.
    private func withTwoInstances(_ body: (Reelay.PostgresDatabase, Reelay.PostgresDatabase) async throws -> Void) async throws {
        try await TestPostgres.withSchema { url in
            let database = try await Reelay.PostgresDatabase.open(url: url, logger: TestPostgres.logger)
            let other = try await Reelay.PostgresDatabase.open(url: url, logger: TestPostgres.logger)
            do {
                try await body(database, other)
            } catch {
                await database.close()
                await other.close()
                throw error
            }
            await database.close()
            await other.close()
        }
    }
}
