import Foundation
import ReelayCore
import Synchronization
import Testing
@testable import Reelay

/// The in-memory task cache of the SQLite mode: polls skip the database, and no read ever returns
/// a task older than the last write that returned. (The whole store contract suite runs through
/// the cache too, since `Stores.open` puts it in front of SQLite.)
@Suite struct CachingTaskStoreTests {
    @Test func aRepeatedPollReadsTheDatabaseOnce() async throws {
        try await withCache { cache, base in
            let task = Fixtures.task()
            try await cache.insert(task)
            for _ in 0..<5 {
                #expect(try await cache.task(id: task.id)?.status == .queued)
            }
            #expect(base.reads == 1)
            #expect(try await cache.task(id: "cgt-missing") == nil)
            #expect(try await cache.task(id: "cgt-missing") == nil, "an unknown id is not remembered as missing")
            #expect(base.reads == 3)
        }
    }

    @Test func everyWriteIsSeenByTheNextRead() async throws {
        try await withCache { cache, base in
            let now = Date()
            let task = Fixtures.task(createdAt: now - 60)
            try await cache.insert(task)
            #expect(try await cache.task(id: task.id)?.status == .queued)

            _ = try await cache.claimNext(worker: "w", leaseUntil: now + 30, now: now)
            #expect(try await cache.task(id: task.id)?.status == .running)

            _ = try await cache.heartbeat(id: task.id, worker: "w", progress: 40, leaseUntil: now + 30, now: now)
            #expect(try await cache.task(id: task.id)?.progress == 40)

            try await cache.release(id: task.id, worker: "w", now: now)
            #expect(try await cache.task(id: task.id)?.status == .queued)

            let expired = try await cache.expireQueued(createdBefore: now, now: now)
            #expect(expired.map(\.id) == [task.id])
            #expect(try await cache.task(id: task.id)?.status == .expired)

            try await cache.delete(id: task.id)
            #expect(try await cache.task(id: task.id) == nil)

            let finished = Fixtures.task()
            try await cache.insert(finished)
            _ = try await cache.claimNext(worker: "w", leaseUntil: now + 30, now: now)
            #expect(try await cache.task(id: finished.id)?.status == .running)
            _ = try await cache.finish(id: finished.id, worker: "w", from: [.running], to: .failed, result: nil,
                                       failure: TaskFailure(code: "X", message: "x"), now: now - 40 * 86_400)
            #expect(try await cache.task(id: finished.id)?.status == .failed)
            #expect(try await cache.deleteFinished(before: now - 30 * 86_400) == [finished.id])
            #expect(try await cache.task(id: finished.id) == nil)
            #expect(base.reads == 9, "each read after a write went to the database")
        }
    }

    @Test func orphanRecoveryForgetsEveryTask() async throws {
        try await withCache { cache, _ in
            let now = Date()
            let task = Fixtures.task()
            try await cache.insert(task)
            _ = try await cache.claimNext(worker: "w", leaseUntil: now - 1, now: now)
            #expect(try await cache.task(id: task.id)?.status == .running)
            // The requeued task is not in the answer (only failed ones are).
            #expect(try await cache.recoverOrphans(now: now, maxAttempts: 3, all: false).isEmpty)
            #expect(try await cache.task(id: task.id)?.status == .queued)
        }
    }

    /// A read that started before a write and returns the row as it was before the write must not
    /// leave that row in the cache.
    @Test func aReadOvertakenByAWriteDoesNotCacheTheOldRow() async throws {
        try await withCache { cache, base in
            let now = Date()
            let task = Fixtures.task()
            try await cache.insert(task)
            _ = try await cache.claimNext(worker: "w", leaseUntil: now + 30, now: now)

            let gate = base.holdNextRead()
            async let slow = cache.task(id: task.id)
            let old = try await gate.rowRead()           // the database answered: progress 0
            #expect(old?.progress == 0)
            _ = try await cache.heartbeat(id: task.id, worker: "w", progress: 70, leaseUntil: now + 30, now: now)
            gate.release()                                 // the old answer arrives after the write
            let overtaken = try await slow
            #expect(overtaken?.progress == 0)
            #expect(try await cache.task(id: task.id)?.progress == 70)
            #expect(try await cache.task(id: task.id)?.progress == 70)
        }
    }

    @Test func holdsAtMostItsCapacity() async throws {
        try await withCache(capacity: 3) { cache, base in
            var ids: [String] = []
            for _ in 0..<10 {
                let task = Fixtures.task()
                try await cache.insert(task)
                ids.append(task.id)
            }
            for id in ids + ids {
                #expect(try await cache.task(id: id)?.id == id)
                #expect(cache.count <= 3)
            }
            // The three newest are still held.
            let reads = base.reads
            for id in ids.suffix(3) { _ = try await cache.task(id: id) }
            #expect(base.reads == reads)
        }
    }

    private func withCache(capacity: Int = 4096, _ body: (CachingTaskStore, CountingTaskStore) async throws -> Void) async throws {
        try await TestDatabase.with { database, _ in
            let base = CountingTaskStore(SQLiteTaskStore(database: database))
            try await body(CachingTaskStore(base, capacity: capacity), base)
        }
    }
}

/// A task store that counts reads by id and can hold one read's answer back until told.
final class CountingTaskStore: TaskStore {
    private let base: any TaskStore
    private let readCount = Mutex(0)
    private let nextGate = Mutex<ReadGate?>(nil)

    init(_ base: any TaskStore) { self.base = base }

    var reads: Int { readCount.withLock { $0 } }

    /// The next `task(id:)` reads the row, reports it to the gate, and returns only after `release()`.
    func holdNextRead() -> ReadGate {
        let gate = ReadGate()
        nextGate.withLock { $0 = gate }
        return gate
    }

    func task(id: String) async throws -> GenerationTask? {
        readCount.withLock { $0 += 1 }
        let row = try await base.task(id: id)
        if let gate = nextGate.withLock({ gate in defer { gate = nil }; return gate }) {
            await gate.hold(row)
        }
        return row
    }

    func insert(_ task: GenerationTask) async throws { try await base.insert(task) }
    func tasks(owner: String, query: TaskQuery) async throws -> TaskPage { try await base.tasks(owner: owner, query: query) }
    func claimNext(worker: String, leaseUntil: Date, now: Date) async throws -> GenerationTask? {
        try await base.claimNext(worker: worker, leaseUntil: leaseUntil, now: now)
    }
    func heartbeat(id: String, worker: String, progress: Int, leaseUntil: Date, now: Date) async throws -> Bool {
        try await base.heartbeat(id: id, worker: worker, progress: progress, leaseUntil: leaseUntil, now: now)
    }
    func finish(id: String, worker: String?, from: Set<TaskStatus>, to status: TaskStatus,
                result: TaskResult?, failure: TaskFailure?, provider: String?, now: Date) async throws -> GenerationTask? {
        try await base.finish(id: id, worker: worker, from: from, to: status, result: result, failure: failure, provider: provider, now: now)
    }
    func release(id: String, worker: String, now: Date) async throws { try await base.release(id: id, worker: worker, now: now) }
    func recoverOrphans(now: Date, maxAttempts: Int, all: Bool) async throws -> [GenerationTask] {
        try await base.recoverOrphans(now: now, maxAttempts: maxAttempts, all: all)
    }
    func expireQueued(createdBefore cutoff: Date, now: Date) async throws -> [GenerationTask] {
        try await base.expireQueued(createdBefore: cutoff, now: now)
    }
    func delete(id: String) async throws { try await base.delete(id: id) }
    func counts() async throws -> [TaskStatus: Int] { try await base.counts() }
    func usage(owner: String?, since: Date) async throws -> [String: TaskUsage] { try await base.usage(owner: owner, since: since) }
    func inputBytes(owner: String?) async throws -> [String: Int] { try await base.inputBytes(owner: owner) }
    func deleteFinished(before cutoff: Date) async throws -> [String] { try await base.deleteFinished(before: cutoff) }
}

/// Hands a held read's row to the test, and lets the read return when the test says so.
final class ReadGate: Sendable {
    private let row = AsyncStream<GenerationTask?>.makeStream()
    private let opened = AsyncStream<Void>.makeStream()

    func hold(_ task: GenerationTask?) async {
        row.continuation.yield(task)
        for await _ in opened.stream { return }
    }

    func rowRead() async throws -> GenerationTask? {
        for await task in row.stream { return task }
        throw CancellationError()
    }

    func release() {
        opened.continuation.yield()
        opened.continuation.finish()
    }
}
