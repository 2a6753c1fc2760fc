import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// What every store that parks upstream tasks promises (`UpstreamParking`), on SQLite and on
/// PostgreSQL: a parked task has no worker, is claimed by one poller at a time when due, is
/// never taken for an orphan, goes to a worker without a new attempt once handed off, and a
/// cancelled one stays parked for its upstream clean-up.
@Suite struct UpstreamParkingContractTests {
    static func parking(_ stores: Stores) throws -> any TaskStore & UpstreamParking {
        try #require(stores.tasks as? any TaskStore & UpstreamParking)
    }

    static func wait(_ upstreamID: String, nextLook: Date, since: Date = Date()) -> UpstreamWait {
        UpstreamWait(channel: "ark", upstreamID: upstreamID, since: since, nextLook: nextLook, interval: 1)
    }

    /// Inserts `count` tasks, claims them for worker `w` and parks them, due at `due`.
    static func parked(_ store: any TaskStore & UpstreamParking, count: Int, due: Date, now: Date) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let task = Fixtures.task(createdAt: now - Double(count - index))
            try await store.insert(task)
            let claimed = try #require(try await store.claimNext(worker: "w", leaseUntil: now + 30, now: now))
            #expect(try await store.park(id: claimed.id, worker: "w", wait: wait("up-\(claimed.id)", nextLook: due), progress: 3, now: now))
            ids.append(claimed.id)
        }
        return ids
    }

    @Test(arguments: StoreKind.allCases) func aParkedTaskStaysRunningWithoutAWorkerAndIsNoOrphan(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = try Self.parking(stores)
            let now = Date()
            let ids = try await Self.parked(store, count: 1, due: now + 60, now: now)
            let task = try #require(try await store.task(id: ids[0]))
            #expect(task.status == .running && task.progress == 3 && task.attempts == 1)
            // Its old worker no longer holds it; no lease runs out, even at a single instance's start.
            #expect(try await store.heartbeat(id: ids[0], worker: "w", progress: 5, leaseUntil: now + 30, now: now) == false)
            #expect(try await store.recoverOrphans(now: now + 3600, maxAttempts: 1, all: true).isEmpty)
            #expect(try await store.task(id: ids[0])?.status == .running)
            #expect(try await store.claimNext(worker: "w2", leaseUntil: now + 30, now: now) == nil)
            // Not due yet: no poller takes it.
            #expect(try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 30, now: now).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func twoPollersNeverClaimTheSameTaskInARound(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = try Self.parking(stores)
            let now = Date()
            let ids = try await Self.parked(store, count: 30, due: now, now: now)
            async let first = store.claimParked(channel: "ark", poller: "p1", limit: 20, leaseUntil: now + 30, now: now)
            async let second = store.claimParked(channel: "ark", poller: "p2", limit: 20, leaseUntil: now + 30, now: now)
            let (a, b) = try await (first, second)
            let claimedA = Set(a.map(\.task.id)), claimedB = Set(b.map(\.task.id))
            #expect(claimedA.isDisjoint(with: claimedB))
            #expect(claimedA.union(claimedB) == Set(ids))
            #expect(a.allSatisfy { $0.wait.upstreamID == "up-\($0.task.id)" && $0.wait.channel == "ark" })
            // Claimed: nobody else gets them until the lease runs out, then another poller does.
            #expect(try await store.claimParked(channel: "ark", poller: "p3", limit: 100, leaseUntil: now + 30, now: now).isEmpty)
            let later = try await store.claimParked(channel: "ark", poller: "p3", limit: 100, leaseUntil: now + 90, now: now + 31)
            #expect(later.count == 30)
            // Another channel's tasks are not claimed.
            #expect(try await store.claimParked(channel: "other", poller: "p4", limit: 100, leaseUntil: now + 200, now: now + 100).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func aRescheduledTaskWaitsForItsNextLookAndAHandedOffOneGoesToAWorker(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = try Self.parking(stores)
            let now = Date()
            let ids = try await Self.parked(store, count: 2, due: now, now: now)
            let claimed = try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 30, now: now)
            #expect(claimed.count == 2)
            var wait = claimed[0].wait
            wait.nextLook = now + 10
            wait.interval = 4.5
            wait.phase = "running"
            #expect(try await store.reschedule(id: claimed[0].task.id, poller: "p", wait: wait, progress: 40, now: now))
            #expect(try await store.reschedule(id: claimed[0].task.id, poller: "other", wait: wait, progress: 50, now: now) == false)
            #expect(try await store.task(id: claimed[0].task.id)?.progress == 40)
            #expect(try await store.handOff(id: claimed[1].task.id, poller: "p", now: now))
            // The handed-off task goes to the next worker, without a new attempt.
            let ready = try #require(try await store.claimNext(worker: "w9", leaseUntil: now + 30, now: now))
            #expect(ready.id == claimed[1].task.id && ready.attempts == 1 && ready.status == .running)
            #expect(try await store.finish(id: ready.id, worker: "w9", from: [.running], to: .succeeded, result: TaskStoreContractTests.result,
                                           failure: nil, now: now) != nil)
            // The rescheduled one is due again only at its next look; a wake brings that forward.
            #expect(try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 30, now: now + 5).isEmpty)
            #expect(try await store.wake(channel: "ark", upstreamID: "up-\(claimed[0].task.id)", now: now + 5))
            #expect(try await store.wake(channel: "ark", upstreamID: "up-unknown", now: now + 5) == false)
            let woken = try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 30, now: now + 5)
            #expect(woken.map(\.task.id) == [claimed[0].task.id])
            #expect(woken.first?.wait.interval == 4.5 && woken.first?.wait.phase == "running")
            #expect(Set(ids) == Set(claimed.map(\.task.id)))
        }
    }

    /// A callback that lands while a poller looks at the task: that look's re-park must not
    /// put the task off to its next interval, or the wake is lost.
    @Test(arguments: StoreKind.allCases) func aWakeDuringALookIsNotUndoneByThatLooksRepark(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = try Self.parking(stores)
            let now = Date()
            let ids = try await Self.parked(store, count: 1, due: now, now: now)
            let claimed = try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 30, now: now)
            #expect(claimed.map(\.task.id) == ids)
            #expect(try await store.wake(channel: "ark", upstreamID: "up-\(ids[0])", now: now + 1))
            var wait = claimed[0].wait
            wait.nextLook = now + 60
            #expect(try await store.reschedule([ParkedLook(id: ids[0], wait: wait, progress: 10)], poller: "p", now: now + 1) == 0)
            #expect(try await store.reschedule(id: ids[0], poller: "p", wait: wait, progress: 10, now: now + 1) == false)
            let again = try await store.claimParked(channel: "ark", poller: "p2", limit: 10, leaseUntil: now + 31, now: now + 1)
            #expect(again.map(\.task.id) == ids)
        }
    }

    @Test(arguments: StoreKind.allCases) func aBatchIsParkedAgainInOneGoOnlyWhereThePollerStillHoldsIt(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = try Self.parking(stores)
            let now = Date()
            _ = try await Self.parked(store, count: 3, due: now, now: now)
            let claimed = try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 30, now: now)
            #expect(claimed.count == 3)
            let looks = claimed.enumerated().map { index, parked in
                var wait = parked.wait
                wait.nextLook = now + Double(10 * (index + 1))
                wait.interval = 2.5 + Double(index)
                wait.misses = index
                wait.phase = index == 0 ? nil : "running"
                // The first keeps a lower progress than it has: progress never goes back.
                return ParkedLook(id: parked.task.id, wait: wait, progress: index == 0 ? 1 : 30 + index)
            }
            // Another poller holds none of them.
            #expect(try await store.reschedule(looks, poller: "other", now: now) == 0)
            #expect(try await store.reschedule(looks, poller: "p", now: now) == 3)
            #expect(try await store.task(id: looks[0].id)?.progress == 3)
            #expect(try await store.task(id: looks[2].id)?.progress == 32)
            // Each is due at its own next look, with its own look state.
            let first = try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 60, now: now + 15)
            #expect(first.map(\.task.id) == [looks[0].id])
            #expect(first.first?.wait.interval == 2.5 && first.first?.wait.phase == nil && first.first?.wait.misses == 0)
            let rest = try await store.claimParked(channel: "ark", poller: "p2", limit: 10, leaseUntil: now + 90, now: now + 30)
            #expect(Set(rest.map(\.task.id)) == Set([looks[1].id, looks[2].id]))
            #expect(rest.first { $0.task.id == looks[2].id }?.wait.misses == 2)
            #expect(rest.first { $0.task.id == looks[2].id }?.wait.phase == "running")
        }
    }

    @Test(arguments: StoreKind.allCases) func aCancelledParkedTaskIsClaimedOnceForItsCleanUp(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let store = try Self.parking(stores)
            let now = Date()
            let ids = try await Self.parked(store, count: 1, due: now + 600, now: now)
            let cancelled = try await store.finish(id: ids[0], worker: nil, from: [.queued, .running], to: .cancelled, result: nil,
                                                   failure: TaskFailure(code: .cancelled, message: "cancelled"), now: now)
            #expect(cancelled?.status == .cancelled)
            let claimed = try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 30, now: now)
            #expect(claimed.map(\.task.id) == ids && claimed.first?.task.status == .cancelled)
            try await store.unpark(id: ids[0], poller: "p")
            #expect(try await store.claimParked(channel: "ark", poller: "p", limit: 10, leaseUntil: now + 90, now: now + 60).isEmpty)
            #expect(try await store.task(id: ids[0])?.status == .cancelled)
        }
    }
}
