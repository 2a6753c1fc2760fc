import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// What every `TaskStore` promises, run on SQLite and on PostgreSQL: the same tests, the same
/// answers. PostgreSQL needs REELAY_TEST_DATABASE_URL (scripts/with-postgres sets it).
@Suite struct TaskStoreContractTests {
    static let result = TaskResult(videoFile: "video.mp4", lastFrameFile: nil, width: 864, height: 496, ratio: "16:9",
                                   duration: 2, frames: 48, fps: 24, hasAudio: false)

    /// A PostgreSQL case skipped by REELAY_SKIP_POSTGRES=1 is cancelled quietly; this test says
    /// so in the output (and fails, like every PostgreSQL case, when no server is configured).
    @Test func postgresIsConfigured() throws {
        _ = try TestPostgres.url()
    }

    @Test(arguments: StoreKind.allCases) func roundTripsATask(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            var task = Fixtures.task()
            task.callbackURL = "https://example.com/hook"
            try await store.insert(task)
            let loaded = try #require(try await store.task(id: task.id))
            #expect(loaded.spec == task.spec)
            #expect(loaded.owner == "alice")
            #expect(loaded.dialect == task.dialect)
            #expect(loaded.status == .queued)
            #expect(loaded.callbackURL == "https://example.com/hook")
            #expect(loaded.result == nil && loaded.failure == nil && loaded.startedAt == nil)
            #expect(abs(loaded.createdAt.timeIntervalSince(task.createdAt)) < 0.001)
            #expect(try await store.task(id: "cgt-missing") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func claimsOldestFirstAndEachTaskOnce(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
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
            #expect(first?.startedAt != nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func claimsAreFairBetweenKeys(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            // Alice queued 30 tasks long ago; Bob and Carol one each, later.
            let alice = (0..<30).map { Fixtures.task(owner: "alice", createdAt: now - 100 + Double($0)) }
            let bob = Fixtures.task(owner: "bob", createdAt: now - 10)
            let carol = Fixtures.task(owner: "carol", createdAt: now - 5)
            for task in alice.reversed() + [carol, bob] { try await store.insert(task) }
            var claimed: [String] = []
            for worker in 0..<6 {
                let task = try #require(try await store.claimNext(worker: "w\(worker)", leaseUntil: now + 30, now: now))
                claimed.append(task.id)
            }
            // Nobody runs anything: Alice's oldest. Then the owners with nothing running, oldest
            // first; then Alice again, her tasks oldest first, since the others have no more.
            #expect(claimed == [alice[0].id, bob.id, carol.id, alice[1].id, alice[2].id, alice[3].id])
            // A newcomer goes ahead of Alice's queue at once.
            let dave = Fixtures.task(owner: "dave", createdAt: now)
            try await store.insert(dave)
            #expect(try await store.claimNext(worker: "w6", leaseUntil: now + 30, now: now)?.id == dave.id)
            #expect(try await store.claimNext(worker: "w7", leaseUntil: now + 30, now: now)?.id == alice[4].id)
        }
    }

    @Test(arguments: StoreKind.allCases) func concurrentClaimsNeverShareATask(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            for index in 0..<40 { try await store.insert(Fixtures.task(createdAt: now - Double(index))) }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var ids: [String] = []
                        while let task = try await store.claimNext(worker: "w\(worker)", leaseUntil: now + 30, now: now) {
                            ids.append(task.id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed).count == 40)
        }
    }

    /// Two store handles, as two instances would have (for PostgreSQL two pools of one
    /// connection each; SQLite has one connection per data directory), and 8 workers.
    @Test(arguments: StoreKind.allCases) func eightWorkersOnTwoConnectionsClaimEachTaskExactlyOnce(_ kind: StoreKind) async throws {
        try await TestStores.with(kind) { database in
            try await database.withOpened(connections: 1) { first in
                try await database.withOpened(connections: 1) { second in
                    let handles = kind == .sqlite ? [first.tasks] : [first.tasks, second.tasks]
                    let now = Date()
                    var inserted: Set<String> = []
                    for index in 0..<200 {
                        let task = Fixtures.task(createdAt: now - Double(index) * 0.01)
                        inserted.insert(task.id)
                        try await first.tasks.insert(task)
                    }
                    let claims = try await withThrowingTaskGroup(of: [(worker: String, task: GenerationTask)].self) { group in
                        for worker in 0..<8 {
                            let store = handles[worker % handles.count]
                            group.addTask {
                                var claims: [(worker: String, task: GenerationTask)] = []
                                while let task = try await store.claimNext(worker: "w\(worker)", leaseUntil: now + 30, now: now) {
                                    claims.append(("w\(worker)", task))
                                }
                                return claims
                            }
                        }
                        return try await group.reduce(into: []) { $0 += $1 }
                    }
                    #expect(claims.count == 200)
                    #expect(Set(claims.map(\.task.id)) == inserted)
                    #expect(claims.allSatisfy { $0.task.attempts == 1 && $0.task.status == .running })
                    #expect(Set(claims.map(\.worker)).count > 1, "the claims were not spread over the workers")
                    #expect(try await first.tasks.counts()[.running] == 200)
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func terminalTransitionHappensOnce(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            try await store.insert(Fixtures.task())
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            let done = try await store.finish(id: task.id, worker: "w", from: [.running], to: .succeeded, result: Self.result,
                                              failure: nil, now: now)
            #expect(done?.status == .succeeded)
            #expect(done?.progress == 100)
            #expect(done?.result == Self.result)
            #expect(done?.finishedAt != nil)
            let again = try await store.finish(id: task.id, worker: nil, from: [.queued, .running], to: .failed, result: nil,
                                               failure: TaskFailure(code: "X", message: "late"), now: now)
            #expect(again == nil)
            #expect(try await store.task(id: task.id)?.status == .succeeded)
        }
    }

    @Test(arguments: StoreKind.allCases) func finishAppliesOnlyForTheHoldingWorker(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            try await store.insert(Fixtures.task())
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            #expect(try await store.finish(id: task.id, worker: "other", from: [.running], to: .succeeded, result: Self.result,
                                           failure: nil, now: now) == nil)
            let failure = TaskFailure(code: "Boom", message: "it broke")
            let failed = try await store.finish(id: task.id, worker: "w", from: [.running], to: .failed, result: nil,
                                                failure: failure, now: now)
            #expect(failed?.failure == failure)
            #expect(failed?.progress == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func heartbeatKeepsProgressAndStopsWhenTheTaskIsGone(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            try await store.insert(Fixtures.task())
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            #expect(try await store.heartbeat(id: task.id, worker: "w", progress: 40, leaseUntil: now + 30, now: now))
            #expect(try await store.task(id: task.id)?.progress == 40)
            // Progress never goes back.
            #expect(try await store.heartbeat(id: task.id, worker: "w", progress: 30, leaseUntil: now + 30, now: now))
            #expect(try await store.task(id: task.id)?.progress == 40)
            #expect(try await store.heartbeat(id: task.id, worker: "other", progress: 50, leaseUntil: now + 30, now: now) == false)
            _ = try await store.finish(id: task.id, worker: nil, from: [.running], to: .cancelled, result: nil, failure: nil, now: now)
            #expect(try await store.heartbeat(id: task.id, worker: "w", progress: 60, leaseUntil: now + 30, now: now) == false)
        }
    }

    @Test(arguments: StoreKind.allCases) func releaseHandsTheTaskBackOnlyFromItsWorker(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            try await store.insert(Fixtures.task())
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            _ = try await store.heartbeat(id: task.id, worker: "w", progress: 50, leaseUntil: now + 30, now: now)
            try await store.release(id: task.id, worker: "other", now: now)
            #expect(try await store.task(id: task.id)?.status == .running)
            try await store.release(id: task.id, worker: "w", now: now)
            let released = try #require(try await store.task(id: task.id))
            #expect(released.status == .queued)
            #expect(released.attempts == 0)
            #expect(released.progress == 0)
            #expect(try await store.claimNext(worker: "w2", leaseUntil: now + 30, now: now)?.attempts == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func orphansRunAgainUntilTheirAttemptsAreUsedUp(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
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

    @Test(arguments: StoreKind.allCases) func queuedTasksExpire(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            let old = Fixtures.task(createdAt: now - 100)
            let fresh = Fixtures.task(createdAt: now)
            try await store.insert(old)
            try await store.insert(fresh)
            let expired = try await store.expireQueued(createdBefore: now - 50, now: now)
            #expect(expired.map(\.id) == [old.id])
            #expect(expired.first?.failure?.code == "Expired")
            #expect(try await store.task(id: old.id)?.status == .expired)
            #expect(try await store.task(id: fresh.id)?.status == .queued)
        }
    }

    @Test(arguments: StoreKind.allCases) func listsOnlyTheOwnersTasksWithPagingAndFilters(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
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
            cursor.ascending = true
            cursor.after = mine[2].id
            #expect(try await store.tasks(owner: "alice", query: cursor).tasks.map(\.id) == [mine[3].id, mine[4].id])
            var byID = TaskQuery()
            byID.ids = [mine[1].id, "cgt-other"]
            #expect(try await store.tasks(owner: "alice", query: byID).tasks.map(\.id) == [mine[1].id])
            #expect(try await store.tasks(owner: "bob", query: byID).tasks.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func filtersByStatusAndModel(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            var aliased = Fixtures.task(createdAt: now - 3)
            aliased.spec.requestedModel = "seedance-alias"
            try await store.insert(aliased)
            try await store.insert(Fixtures.task(createdAt: now - 2))
            try await store.insert(Fixtures.task(createdAt: now - 1))
            let running = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            var query = TaskQuery()
            query.statuses = [.running, .succeeded]
            #expect(try await store.tasks(owner: "alice", query: query).tasks.map(\.id) == [running.id])
            query.statuses = [.queued]
            #expect(try await store.tasks(owner: "alice", query: query).total == 2)
            var byModel = TaskQuery()
            byModel.model = "seedance-alias"
            #expect(try await store.tasks(owner: "alice", query: byModel).tasks.map(\.id) == [aliased.id])
            byModel.model = aliased.spec.model
            #expect(try await store.tasks(owner: "alice", query: byModel).total == 3)
            byModel.model = "no-such-model"
            #expect(try await store.tasks(owner: "alice", query: byModel).total == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func countsAndDeletes(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            let tasks = (0..<3).map { Fixtures.task(createdAt: now - Double($0)) }
            for task in tasks { try await store.insert(task) }
            _ = try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now)
            #expect(try await store.counts() == [.queued: 2, .running: 1])
            try await store.delete(id: tasks[0].id)
            #expect(try await store.task(id: tasks[0].id) == nil)
            #expect(try await store.counts() == [.queued: 1, .running: 1])
        }
    }

    @Test(arguments: StoreKind.allCases) func usageCountsActiveAndRecentTasksThatDidNotFail(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            let dayStart = now - 3600
            try await store.insert(Fixtures.task(owner: "alice", createdAt: now - 7200))    // before the window, queued: active only
            for index in 0..<3 { try await store.insert(Fixtures.task(owner: "alice", createdAt: now - Double(10 + index))) }
            // Alice: the oldest runs, the next succeeds, the next fails. (Bob's task comes after
            // these claims: claims are fair, and his would go ahead of Alice's second.)
            let old = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            let done = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            _ = try await store.finish(id: done.id, worker: "w", from: [.running], to: .succeeded, result: Self.result, failure: nil, now: now)
            let bad = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            _ = try await store.finish(id: bad.id, worker: "w", from: [.running], to: .failed, result: nil,
                                       failure: TaskFailure(code: "X", message: "x"), now: now)
            try await store.insert(Fixtures.task(owner: "bob", createdAt: now))
            #expect(old.createdAt < dayStart)
            let usage = try await store.usage(owner: nil, since: dayStart)
            // Active: the old running one and one queued; created in the window and not failed: the
            // succeeded one and the queued one, 2 seconds each.
            #expect(usage["alice"] == TaskUsage(activeTasks: 2, tasks: 2, videoSeconds: 4))
            #expect(usage["bob"] == TaskUsage(activeTasks: 1, tasks: 1, videoSeconds: 2))
            #expect(try await store.usage(owner: "bob", since: dayStart) == ["bob": TaskUsage(activeTasks: 1, tasks: 1, videoSeconds: 2)])
        }
    }

    @Test(arguments: StoreKind.allCases) func deleteFinishedRemovesOnlyTasksThatEndedBeforeTheCutoff(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            for index in 0..<3 { try await store.insert(Fixtures.task(createdAt: now - Double(3 - index))) }
            let early = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            _ = try await store.finish(id: early.id, worker: "w", from: [.running], to: .succeeded, result: Self.result,
                                       failure: nil, now: now - 100)
            let late = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            _ = try await store.finish(id: late.id, worker: "w", from: [.running], to: .succeeded, result: Self.result,
                                       failure: nil, now: now)
            #expect(try await store.deleteFinished(before: now - 50) == [early.id])
            #expect(try await store.task(id: early.id) == nil)
            #expect(try await store.counts() == [.succeeded: 1, .queued: 1])
        }
    }

    @Test(arguments: StoreKind.allCases) func reopeningKeepsEverything(_ kind: StoreKind) async throws {
        try await TestStores.with(kind) { database in
            let task = Fixtures.task()
            try await database.withOpened { try await $0.tasks.insert(task) }
            let loaded = try await database.withOpened { try await $0.tasks.task(id: task.id) }
            #expect(loaded?.spec == task.spec)
        }
    }
}
