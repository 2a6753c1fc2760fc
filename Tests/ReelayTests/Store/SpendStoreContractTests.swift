import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// What every store's `SpendStore` promises, on SQLite and on PostgreSQL: concurrent reserves
/// never take a budget below zero, a reservation settles or releases once, and the totals and
/// the usage report count settled costs and open reservations as the budgets do.
@Suite struct SpendStoreContractTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func reservation(_ id: String, owner: String = "key_a", micros: Int = 100_000, at date: Date = now) -> SpendReservation {
        SpendReservation(taskID: id, owner: owner, model: "doubao-seedance-2.0", amount: Money(micros: micros), createdAt: date)
    }

    @Test(arguments: StoreKind.allCases) func concurrentReservesNeverOverrunTheBudget(_ kind: StoreKind) async throws {
        try await TestStores.with(kind) { database in
            // Several pools on PostgreSQL, as several instances would have.
            try await database.withOpened(connections: 8) { stores in
                try await database.withOpened(connections: 8) { other in
                    let budget = SpendBudget(total: Money(micros: 1_000_000))
                    let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                        for index in 0..<50 {
                            let store = index.isMultiple(of: 2) ? stores.spend : other.spend
                            group.addTask { try await store.reserve(Self.reservation("cgt-\(index)"), budget: budget) == nil }
                        }
                        return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                    }
                    #expect(granted == 10)
                    let totals = try await stores.spend.totals(owner: "key_a", period: SpendPeriod(Self.now))["key_a"]
                    #expect(totals?.total == Money(micros: 1_000_000) && totals?.reserved == Money(micros: 1_000_000))
                    // Another key is not held by this one's budget.
                    #expect(try await stores.spend.reserve(Self.reservation("cgt-b", owner: "key_b"), budget: budget) == nil)
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func settleAndReleaseHappenOnce(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let spend = stores.spend
            let budget = SpendBudget(total: Money(micros: 250_000))
            #expect(try await spend.reserve(Self.reservation("cgt-1"), budget: budget) == nil)
            #expect(try await spend.reserve(Self.reservation("cgt-2"), budget: budget) == nil)
            // Full: a third is refused with the totals that refused it.
            let refused = try await spend.reserve(Self.reservation("cgt-3"), budget: budget)
            #expect(refused?.total == Money(micros: 200_000))

            let cost = SpendCost(charged: Money(micros: 60_000), list: Money(micros: 40_000), tokens: 108_000, seconds: 5)
            let settles = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<5 { group.addTask { try await spend.settle(taskID: "cgt-1", cost: cost, now: Self.now) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(settles == 1)
            #expect(try await spend.release(taskID: "cgt-1", now: Self.now) == false)
            #expect(try await spend.release(taskID: "cgt-2", now: Self.now))
            #expect(try await spend.release(taskID: "cgt-2", now: Self.now) == false)
            #expect(try await spend.settle(taskID: "cgt-2", cost: cost, now: Self.now) == false)

            let record = try #require(try await spend.record(taskID: "cgt-1"))
            #expect(record.state == .settled && record.cost == cost && record.reserved == Money(micros: 100_000))
            #expect(try await spend.record(taskID: "cgt-2")?.state == .released)
            // What was given back is free again: 60 000 spent, so 190 000 fits.
            let totals = try await spend.totals(owner: nil, period: SpendPeriod(Self.now))["key_a"]
            #expect(totals?.total == Money(micros: 60_000) && totals?.reserved == .zero)
            #expect(try await spend.reserve(Self.reservation("cgt-4", micros: 190_000), budget: budget) == nil)

            // A cost above the reservation is charged at the reservation: a budget never goes below zero.
            let over = SpendCost(charged: Money(micros: 999_999), list: Money(micros: 999_999), tokens: 1, seconds: 1)
            #expect(try await spend.settle(taskID: "cgt-4", cost: over, now: Self.now))
            #expect(try await spend.record(taskID: "cgt-4")?.cost.charged == Money(micros: 190_000))

            let rows = try await spend.usage(sinceDay: SpendPeriod(Self.now).day)
            #expect(rows.count == 1 && rows.first?.tasks == 2 && rows.first?.cost == Money(micros: 250_000) && rows.first?.seconds == 6)
        }
    }

    @Test(arguments: StoreKind.allCases) func dailyAndMonthlyWindowsAndBudgets(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let spend = stores.spend
            let yesterday = Self.now.addingTimeInterval(-86_400)
            let budget = SpendBudget(daily: Money(micros: 150_000), monthly: Money(micros: 10_000_000), markup: 1.25)
            #expect(try await spend.reserve(Self.reservation("cgt-old", at: yesterday), budget: budget) == nil)
            #expect(try await spend.reserve(Self.reservation("cgt-new"), budget: budget) == nil)
            // Today's 100 000 + 100 000 is over 150 000, though yesterday's does not count today.
            let refused = try await spend.reserve(Self.reservation("cgt-more"), budget: budget)
            #expect(refused?.today == Money(micros: 100_000) && refused?.total == Money(micros: 200_000))

            try await spend.setBudget(budget, owner: "key_a")
            #expect(try await spend.budget(owner: "key_a") == budget)
            #expect(try await spend.budgets()["key_a"] == budget)
            #expect(try await spend.budget(owner: "key_none") == SpendBudget())
            // Open reservations older than a cutoff, for the sweep.
            #expect(try await spend.open(createdBefore: Self.now, limit: 10) == ["cgt-old"])
        }
    }
}
