import Foundation
import Logging
import ReelayCore
import Testing
@testable import Reelay

@Suite struct SQLiteTaskStoreTests {
    /// Runs a test body against a fresh store.
    func withStore(_ body: (SQLiteTaskStore) async throws -> Void) async throws {
        try await TestDatabase.with { database, _ in try await body(SQLiteTaskStore(database: database)) }
    }

    @Test func roundTripsATask() async throws {
        try await withStore { store in
            var task = Fixtures.task()
            task.callbackURL = "https://example.com/hook"
            try await store.insert(task)
            let loaded = try #require(try await store.task(id: task.id))
            #expect(loaded.spec == task.spec)
            #expect(loaded.owner == "alice")
            #expect(loaded.status == .queued)
            #expect(loaded.callbackURL == "https://example.com/hook")
            #expect(abs(loaded.createdAt.timeIntervalSince(task.createdAt)) < 0.001)
            #expect(try await store.task(id: "cgt-missing") == nil)
        }
    }

    @Test func claimsOldestFirstAndEachTaskOnce() async throws {
        try await withStore { store in
            let now = Date()
            let older = Fixtures.task(createdAt: now - 10)
            let newer = Fixtures.task(createdAt: now - 5)
            try await store.insert(newer)
            try await store.insert(older)
            let first = try await store.claimNext(worker: "w1", leaseUntil: now + 30, now: now)
            let second = try await store.claimNext(worker: "w2", leaseUntil: now + 30, now: now)
            let third = try await store.claimNext(worker: "w3", leaseUntil: now + 30, now: now)
            #expect(first?.id == older.id)
            #expect(second?.id == newer.id)
            #expect(third == nil)
            #expect(first?.status == .running)
            #expect(first?.attempts == 1)
        }
    }

    @Test func concurrentClaimsNeverShareATask() async throws {
        try await withStore { store in
            let now = Date()
            for index in 0..<40 { try await store.insert(Fixtures.task(createdAt: now - Double(index))) }
            let claimed = await withTaskGroup(of: [String].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var ids: [String] = []
                        while let task = try? await store.claimNext(worker: "w\(worker)", leaseUntil: now + 30, now: now) { ids.append(task.id) }
                        return ids
                    }
                }
                return await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed).count == 40)
        }
    }

    @Test func terminalTransitionHappensOnce() async throws {
        try await withStore { store in
            let now = Date()
            try await store.insert(Fixtures.task())
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            let result = TaskResult(videoFile: "video.mp4", lastFrameFile: nil, width: 864, height: 496, ratio: "16:9",
                                    duration: 2, frames: 48, fps: 24, hasAudio: false)
            let done = try await store.finish(id: task.id, worker: "w", from: [.running], to: .succeeded, result: result, failure: nil, now: now)
            #expect(done?.status == .succeeded)
            #expect(done?.progress == 100)
            #expect(done?.result == result)
            let again = try await store.finish(id: task.id, worker: nil, from: [.queued, .running], to: .failed, result: nil,
                                               failure: TaskFailure(code: "X", message: "late"), now: now)
            #expect(again == nil)
            #expect(try await store.task(id: task.id)?.status == .succeeded)
        }
    }

    @Test func heartbeatKeepsProgressAndStopsWhenTheTaskIsGone() async throws {
        try await withStore { store in
            let now = Date()
            try await store.insert(Fixtures.task())
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            #expect(try await store.heartbeat(id: task.id, worker: "w", progress: 40, leaseUntil: now + 30, now: now))
            #expect(try await store.task(id: task.id)?.progress == 40)
            #expect(try await store.heartbeat(id: task.id, worker: "other", progress: 50, leaseUntil: now + 30, now: now) == false)
            _ = try await store.finish(id: task.id, worker: nil, from: [.running], to: .cancelled, result: nil, failure: nil, now: now)
            #expect(try await store.heartbeat(id: task.id, worker: "w", progress: 60, leaseUntil: now + 30, now: now) == false)
        }
    }

    @Test func orphansRunAgainUntilTheirAttemptsAreUsedUp() async throws {
        try await withStore { store in
            let now = Date()
            try await store.insert(Fixtures.task())
            // First run: the worker dies (its lease runs out).
            let task = try #require(try await store.claimNext(worker: "dead", leaseUntil: now + 1, now: now))
            #expect(try await store.recoverOrphans(now: now, maxAttempts: 2, all: false).isEmpty)
            #expect(try await store.task(id: task.id)?.status == .running)
            #expect(try await store.recoverOrphans(now: now + 2, maxAttempts: 2, all: false).isEmpty)
            #expect(try await store.task(id: task.id)?.status == .queued)
            // Second run dies too: no attempts left, so it fails with a clear reason.
            _ = try await store.claimNext(worker: "dead", leaseUntil: now + 1, now: now)
            let failed = try await store.recoverOrphans(now: now, maxAttempts: 2, all: true)
            #expect(failed.map(\.id) == [task.id])
            let final = try #require(try await store.task(id: task.id))
            #expect(final.status == .failed)
            #expect(final.failure?.code == "WorkerLost")
        }
    }

    @Test func queuedTasksExpire() async throws {
        try await withStore { store in
            let now = Date()
            let old = Fixtures.task(createdAt: now - 100)
            let fresh = Fixtures.task(createdAt: now)
            try await store.insert(old)
            try await store.insert(fresh)
            let expired = try await store.expireQueued(createdBefore: now - 50, now: now)
            #expect(expired.map(\.id) == [old.id])
            #expect(try await store.task(id: old.id)?.status == .expired)
            #expect(try await store.task(id: fresh.id)?.status == .queued)
        }
    }

    @Test func listsOnlyTheOwnersTasksWithPagingAndFilters() async throws {
        try await withStore { store in
            let now = Date()
            var mine: [GenerationTask] = []
            for index in 0..<5 {
                let task = Fixtures.task(owner: "alice", createdAt: now + Double(index))
                mine.append(task)
                try await store.insert(task)
            }
            try await store.insert(Fixtures.task(owner: "bob", createdAt: now))
            var query = TaskQuery()
            query.limit = 2
            let page1 = try await store.tasks(owner: "alice", query: query)
            #expect(page1.total == 5)
            #expect(page1.tasks.map(\.id) == [mine[4].id, mine[3].id])
            #expect(page1.hasMore)
            query.page = 3
            let page3 = try await store.tasks(owner: "alice", query: query)
            #expect(page3.tasks.map(\.id) == [mine[0].id])
            #expect(!page3.hasMore)
            var cursor = TaskQuery()
            cursor.after = mine[3].id
            cursor.limit = 10
            #expect(try await store.tasks(owner: "alice", query: cursor).tasks.map(\.id) == [mine[2].id, mine[1].id, mine[0].id])
            var byID = TaskQuery()
            byID.ids = [mine[1].id, "cgt-other"]
            #expect(try await store.tasks(owner: "alice", query: byID).tasks.map(\.id) == [mine[1].id])
            #expect(try await store.tasks(owner: "bob", query: byID).tasks.isEmpty)
        }
    }

    @Test func reopeningKeepsEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appending(path: "db.sqlite").path
        let task = Fixtures.task()
        let database = try await SQLiteDatabase.open(path: path, logger: Logger(label: "test"))
        try await SQLiteTaskStore(database: database).insert(task)
        try await database.close()
        let reopened = try await SQLiteDatabase.open(path: path, logger: Logger(label: "test"))
        let loaded = try await SQLiteTaskStore(database: reopened).task(id: task.id)
        try await reopened.close()
        #expect(loaded?.spec == task.spec)
    }
}
