import Foundation
import ReelayCore

/// Every task's money, one row per task, and each key's budget. A row is made when the task is
/// accepted (`reserve`: the estimate held against the key's budgets) and changes state once,
/// by compare-and-set: `settle` when the task succeeds (the real cost), `release` when it fails,
/// expires, is cancelled or vanishes (nothing). Reserved amounts count against budgets like
/// spent ones, so concurrent creates can never take a budget below zero together.
public protocol SpendStore: Sendable {
    /// A key's budget and markup; an empty budget when none was set.
    func budget(owner: String) async throws -> SpendBudget
    func setBudget(_ budget: SpendBudget, owner: String) async throws
    /// Every key's budget that has one, by owner.
    func budgets() async throws -> [String: SpendBudget]
    /// Holds `reservation.amount` against `budget`, atomically with every other reserve of the
    /// same key. Nil when reserved; the key's totals when a budget cannot cover it.
    func reserve(_ reservation: SpendReservation, budget: SpendBudget) async throws -> SpendTotals?
    /// reserved → settled at `cost` (never above the reservation); false when it was not reserved.
    func settle(taskID: String, cost: SpendCost, now: Date) async throws -> Bool
    /// reserved → released (costs nothing); false when it was not reserved.
    func release(taskID: String, now: Date) async throws -> Bool
    /// Spent and reserved per owner (one owner, or all when nil), in the windows of `period`.
    func totals(owner: String?, period: SpendPeriod) async throws -> [String: SpendTotals]
    func record(taskID: String) async throws -> SpendRecord?
    /// Task ids still reserved and created before `cutoff`, oldest first (the sweep's work).
    func open(createdBefore cutoff: Date, limit: Int) async throws -> [String]
    /// Settled tasks per UTC day, owner and model, since `day` (`YYYY-MM-DD`), in that order.
    func usage(sinceDay day: String) async throws -> [SpendUsageRow]
}

/// What a create holds: the estimate of one task, in the day and month it was accepted.
public struct SpendReservation: Sendable, Equatable {
    public var taskID: String
    public var owner: String
    public var model: String
    public var amount: Money
    public var createdAt: Date

    public init(taskID: String, owner: String, model: String, amount: Money, createdAt: Date) {
        self.taskID = taskID
        self.owner = owner
        self.model = model
        self.amount = amount
        self.createdAt = createdAt
    }
}

/// What a task that succeeded cost, and the usage it was computed from.
public struct SpendCost: Sendable, Equatable {
    public var charged: Money
    public var list: Money
    public var tokens: Int
    public var seconds: Int

    public init(charged: Money, list: Money, tokens: Int, seconds: Int) {
        self.charged = charged
        self.list = list
        self.tokens = tokens
        self.seconds = seconds
    }
}

/// One task's row.
public struct SpendRecord: Sendable, Equatable {
    public enum State: String, Sendable { case reserved, settled, released }
    public var taskID: String
    public var owner: String
    public var model: String
    public var state: State
    public var reserved: Money
    /// Zero unless settled.
    public var cost: SpendCost
    public var createdAt: Date
    public var endedAt: Date?

    /// As the admin API shows it.
    public var json: JSONValue {
        ["task_id": .string(taskID), "owner": .string(owner), "model": .string(model), "state": .string(state.rawValue),
         "reserved": .double(reserved.decimal), "cost": .double(cost.charged.decimal), "list_cost": .double(cost.list.decimal),
         "tokens": .int(cost.tokens), "video_seconds": .int(cost.seconds), "created_at": .int(createdAt.unixSeconds),
         "ended_at": .int(endedAt?.unixSeconds)]
    }
}

/// One line of the usage report.
public struct SpendUsageRow: Sendable, Equatable {
    public var day: String
    public var owner: String
    public var model: String
    public var tasks: Int
    public var tokens: Int
    public var seconds: Int
    public var cost: Money
    public var list: Money
}

/// The budget windows at a moment: its UTC day (`2026-03-12`) and month (`2026-03`). Rows keep
/// the day and month they were reserved in, so a task counts against the day it was accepted.
public struct SpendPeriod: Sendable, Equatable {
    public var day: String
    public var month: String

    public init(_ date: Date) {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        month = String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
        day = month + String(format: "-%02d", parts.day ?? 0)
    }
}
