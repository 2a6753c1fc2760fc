import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// The admin listing of every key's tasks, on SQLite and on PostgreSQL (and through the cache in
/// front of them): filters by key, status, model and time, newest first, paged.
@Suite struct TaskListingContractTests {
    @Test(arguments: StoreKind.allCases) func listsEveryKeysTasksWithFilters(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = CachingTaskStore(stores.tasks)
            let now = Date()
            let old = Fixtures.task(owner: "alice", createdAt: now - 3600)
            let mid = Fixtures.task(owner: "bob", createdAt: now - 60)
            let new = Fixtures.task(owner: "alice", createdAt: now - 1)
            for task in [old, mid, new] { try await store.insert(task) }
            _ = try await store.finish(id: mid.id, worker: nil, from: [.queued], to: .cancelled, result: nil,
                                       failure: TaskFailure(code: .cancelled, message: "x"), now: now)

            let all = try await store.tasks(matching: TaskFilter())
            #expect(all.tasks.map(\.id) == [new.id, mid.id, old.id])
            #expect(all.total == 3 && !all.hasMore)

            var alice = TaskFilter()
            alice.owner = "alice"
            #expect(try await store.tasks(matching: alice).tasks.map(\.id) == [new.id, old.id])

            var cancelled = TaskFilter()
            cancelled.statuses = [.cancelled]
            #expect(try await store.tasks(matching: cancelled).tasks.map(\.id) == [mid.id])

            var model = TaskFilter()
            model.model = old.spec.model
            #expect(try await store.tasks(matching: model).total == 3)
            model.model = "no-such-model"
            #expect(try await store.tasks(matching: model).total == 0)

            var window = TaskFilter()
            window.createdFrom = now - 120
            window.createdBefore = now - 30
            #expect(try await store.tasks(matching: window).tasks.map(\.id) == [mid.id])

            var paged = TaskFilter()
            paged.limit = 2
            let first = try await store.tasks(matching: paged)
            #expect(first.tasks.map(\.id) == [new.id, mid.id] && first.hasMore && first.total == 3)
            paged.page = 2
            let second = try await store.tasks(matching: paged)
            #expect(second.tasks.map(\.id) == [old.id] && !second.hasMore)
        }
    }
}
