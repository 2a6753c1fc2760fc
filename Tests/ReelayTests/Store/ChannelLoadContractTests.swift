import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// Tasks in flight per channel, as the admin channel report counts them, on SQLite and on
/// PostgreSQL: running tasks the upstream ledger holds, and only those.
@Suite struct ChannelLoadContractTests {
    @Test(arguments: StoreKind.allCases) func countsRunningTasksTheLedgerHolds(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let load = try #require(stores.upstreamLedger as? any ChannelLoad)
            #expect(try await load.inFlight().isEmpty)
            let now = Date()
            let sent = Fixtures.task(createdAt: now - 3)
            let accepted = Fixtures.task(createdAt: now - 2)
            let waiting = Fixtures.task(createdAt: now - 1)
            for task in [sent, accepted, waiting] { try await stores.tasks.insert(task) }
            for _ in 0..<2 { _ = try await stores.tasks.claimNext(worker: "w1", leaseUntil: now + 30, now: now) }
            try await stores.upstreamLedger.record(.init(channel: "ark", upstreamID: nil, createdAt: now), for: sent.id)
            try await stores.upstreamLedger.record(.init(channel: "relay", upstreamID: "up-1", createdAt: now), for: accepted.id)
            // A note of a task that is not running (still queued here) does not count.
            try await stores.upstreamLedger.record(.init(channel: "ark", upstreamID: "up-2", createdAt: now), for: waiting.id)
            #expect(try await load.inFlight() == ["ark": 1, "relay": 1])
            _ = try await stores.tasks.finish(id: accepted.id, worker: nil, from: [.running], to: .cancelled, result: nil,
                                              failure: TaskFailure(code: .cancelled, message: "x"), now: now)
            #expect(try await load.inFlight() == ["ark": 1])
        }
    }
}
