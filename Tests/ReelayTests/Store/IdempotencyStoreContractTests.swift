import Foundation
import Testing
@testable import Reelay

/// What every `IdempotencyStore` promises, run on SQLite and on PostgreSQL: the first create
/// holds a key, later ones (from any instance) are told which task holds it.
@Suite struct IdempotencyStoreContractTests {
    @Test(arguments: StoreKind.allCases) func theFirstReservationHoldsTheKey(_ kind: StoreKind) async throws {
        try await TestStores.with(kind) { database in
            try await database.withOpened { stores in
                let store = stores.idempotency
                let now = Date()
                let first = IdempotencyRecord(owner: "alice", key: "k1", fingerprint: "f1", taskID: "cgt-1", createdAt: now)
                #expect(try await store.reserve(first).taskID == "cgt-1")
                // Another instance's handle on the same data sees the same holder.
                try await database.withOpened { other in
                    let second = IdempotencyRecord(owner: "alice", key: "k1", fingerprint: "f2", taskID: "cgt-2", createdAt: now + 1)
                    let held = try await other.idempotency.reserve(second)
                    #expect(held.taskID == "cgt-1" && held.fingerprint == "f1")
                }
                // Keys are per owner.
                let bob = IdempotencyRecord(owner: "bob", key: "k1", fingerprint: "f3", taskID: "cgt-3", createdAt: now)
                #expect(try await store.reserve(bob).taskID == "cgt-3")

                // Only the holding task releases the key.
                try await store.release(owner: "alice", key: "k1", taskID: "cgt-2")
                let kept = try await store.record(owner: "alice", key: "k1")
                #expect(kept?.taskID == "cgt-1")
                #expect(kept.map { abs($0.createdAt.timeIntervalSince(now)) < 0.001 } == true)
                try await store.release(owner: "alice", key: "k1", taskID: "cgt-1")
                let released = try await store.record(owner: "alice", key: "k1")
                #expect(released == nil)
                #expect(try await store.record(owner: "bob", key: "k1")?.taskID == "cgt-3")
            }
        }
    }
}
