import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// Both stores keep who made a task's video: written by the end that names it, or by parking
/// the task on its channel, and kept by a later end that names nobody.
@Suite struct TaskProviderStoreTests {
    @Test(arguments: StoreKind.allCases) func theEndRecordsTheProvider(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let now = Date()
            try await store.insert(Fixtures.task())
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            #expect(task.provider == nil)
            let done = try await store.finish(id: task.id, worker: "w", from: [.running], to: .succeeded,
                                              result: TaskStoreContractTests.result, failure: nil, provider: "local", now: now)
            #expect(done?.provider == "local")
            #expect(try await store.task(id: task.id)?.provider == "local")
        }
    }

    @Test(arguments: StoreKind.allCases) func parkingRecordsTheChannelAndAFailureKeepsIt(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = stores.tasks
            let parking = try #require(store as? any UpstreamParking)
            let now = Date()
            try await store.insert(Fixtures.task())
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            let wait = UpstreamWait(channel: "ark-east", upstreamID: "cgt-up-1", since: now, nextLook: now + 60, interval: 1)
            #expect(try await parking.park(id: task.id, worker: "w", wait: wait, progress: 10, now: now))
            #expect(try await store.task(id: task.id)?.provider == "ark-east")
            let failed = try await store.finish(id: task.id, worker: nil, from: [.running], to: .failed, result: nil,
                                                failure: TaskFailure(code: "Boom", message: "it broke upstream"), now: now)
            #expect(failed?.provider == "ark-east")
        }
    }
}
