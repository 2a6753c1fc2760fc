import Foundation
import ReelayCore
import SQLiteNIO

/// `SpendStore` on the embedded SQLite database. Its one connection runs each statement alone,
/// so a reserve that checks the budgets and inserts in one statement is atomic.
public struct SQLiteSpendStore: SpendStore {
    let database: SQLiteDatabase
    /// What a row holds against its key's budgets.
    static let held = "CASE state WHEN 'reserved' THEN reserved_micros WHEN 'settled' THEN cost_micros ELSE 0 END"

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func budget(owner: String) async throws -> SpendBudget {
        try await database.query("SELECT * FROM key_budgets WHERE owner = ?", [.text(owner)]).first.map(Self.budget) ?? SpendBudget()
    }

    public func setBudget(_ budget: SpendBudget, owner: String) async throws {
        try await database.query("""
            INSERT INTO key_budgets (owner, total_micros, daily_micros, monthly_micros, markup) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (owner) DO UPDATE SET total_micros = excluded.total_micros, daily_micros = excluded.daily_micros,
                                              monthly_micros = excluded.monthly_micros, markup = excluded.markup
            """, [.text(owner), .init(budget.total?.micros), .init(budget.daily?.micros), .init(budget.monthly?.micros),
                  budget.markup.map(SQLiteData.float) ?? .null])
    }

    public func budgets() async throws -> [String: SpendBudget] {
        let rows = try await database.query("SELECT * FROM key_budgets")
        return Dictionary(rows.map { ($0.column("owner")?.string ?? "", Self.budget($0)) }) { first, _ in first }
    }

    public func reserve(_ reservation: SpendReservation, budget: SpendBudget) async throws -> SpendTotals? {
        let period = SpendPeriod(reservation.createdAt)
        let rows = try await database.query("""
            INSERT INTO spend (task_id, owner, model, state, day, month, reserved_micros, created_at)
            SELECT ?1, ?2, ?3, 'reserved', ?4, ?5, ?6, ?7
            WHERE (?8 IS NULL OR (SELECT coalesce(sum(\(Self.held)), 0) FROM spend WHERE owner = ?2) + ?6 <= ?8)
              AND (?9 IS NULL OR (SELECT coalesce(sum(\(Self.held)), 0) FROM spend WHERE owner = ?2 AND day = ?4) + ?6 <= ?9)
              AND (?10 IS NULL OR (SELECT coalesce(sum(\(Self.held)), 0) FROM spend WHERE owner = ?2 AND month = ?5) + ?6 <= ?10)
            RETURNING task_id
            """, [.text(reservation.taskID), .text(reservation.owner), .text(reservation.model), .text(period.day),
                  .text(period.month), .integer(reservation.amount.micros), .init(reservation.createdAt),
                  .init(budget.total?.micros), .init(budget.daily?.micros), .init(budget.monthly?.micros)])
        guard rows.isEmpty else { return nil }
        return try await totals(owner: reservation.owner, period: period)[reservation.owner] ?? SpendTotals()
    }

    public func settle(taskID: String, cost: SpendCost, now: Date) async throws -> Bool {
        // Never above the reservation: the estimate is an upper bound, and a budget must not
        // be overrun by an upstream that counted more than the formula.
        try await !database.query("""
            UPDATE spend SET state = 'settled', cost_micros = min(?, reserved_micros), list_micros = ?, tokens = ?, seconds = ?,
                             ended_at = ?
            WHERE task_id = ? AND state = 'reserved' RETURNING task_id
            """, [.integer(cost.charged.micros), .integer(cost.list.micros), .integer(cost.tokens), .integer(cost.seconds),
                  .init(now), .text(taskID)]).isEmpty
    }

    public func release(taskID: String, now: Date) async throws -> Bool {
        try await !database.query(
            "UPDATE spend SET state = 'released', ended_at = ? WHERE task_id = ? AND state = 'reserved' RETURNING task_id",
            [.init(now), .text(taskID)]).isEmpty
    }

    public func totals(owner: String?, period: SpendPeriod) async throws -> [String: SpendTotals] {
        let rows = try await database.query("""
            SELECT owner, coalesce(sum(\(Self.held)), 0) AS total,
                   coalesce(sum(CASE WHEN day = ?1 THEN \(Self.held) ELSE 0 END), 0) AS today,
                   coalesce(sum(CASE WHEN month = ?2 THEN \(Self.held) ELSE 0 END), 0) AS month,
                   coalesce(sum(CASE state WHEN 'reserved' THEN reserved_micros ELSE 0 END), 0) AS reserved
            FROM spend WHERE (?3 IS NULL OR owner = ?3) GROUP BY owner
            """, [.text(period.day), .text(period.month), .init(owner)])
        return Dictionary(rows.map { row in
            func money(_ name: String) -> Money { Money(micros: row.column(name)?.integer ?? 0) }
            return (row.column("owner")?.string ?? "",
                    SpendTotals(total: money("total"), today: money("today"), month: money("month"), reserved: money("reserved")))
        }) { first, _ in first }
    }

    public func record(taskID: String) async throws -> SpendRecord? {
        guard let row = try await database.query("SELECT * FROM spend WHERE task_id = ?", [.text(taskID)]).first else { return nil }
        func int(_ name: String) -> Int { row.column(name)?.integer ?? 0 }
        return SpendRecord(taskID: taskID, owner: row.column("owner")?.string ?? "", model: row.column("model")?.string ?? "",
                           state: SpendRecord.State(rawValue: row.column("state")?.string ?? "") ?? .released,
                           reserved: Money(micros: int("reserved_micros")),
                           cost: SpendCost(charged: Money(micros: int("cost_micros")), list: Money(micros: int("list_micros")),
                                           tokens: int("tokens"), seconds: int("seconds")),
                           createdAt: row.column("created_at")?.date ?? .distantPast, endedAt: row.column("ended_at")?.date)
    }

    public func open(createdBefore cutoff: Date, limit: Int) async throws -> [String] {
        try await database.query(
            "SELECT task_id FROM spend WHERE state = 'reserved' AND created_at < ? ORDER BY created_at LIMIT ?",
            [.init(cutoff), .integer(limit)]).compactMap { $0.column("task_id")?.string }
    }

    public func usage(sinceDay day: String) async throws -> [SpendUsageRow] {
        try await database.query("""
            SELECT day, owner, model, count(*) AS tasks, sum(tokens) AS tokens, sum(seconds) AS seconds,
                   sum(cost_micros) AS cost, sum(list_micros) AS list
            FROM spend WHERE state = 'settled' AND day >= ? GROUP BY day, owner, model ORDER BY day, owner, model
            """, [.text(day)]).map { row in
            func int(_ name: String) -> Int { row.column(name)?.integer ?? 0 }
            return SpendUsageRow(day: row.column("day")?.string ?? "", owner: row.column("owner")?.string ?? "",
                                 model: row.column("model")?.string ?? "", tasks: int("tasks"), tokens: int("tokens"),
                                 seconds: int("seconds"), cost: Money(micros: int("cost")), list: Money(micros: int("list")))
        }
    }

    static func budget(_ row: SQLiteRow) -> SpendBudget {
        SpendBudget(total: row.column("total_micros")?.integer.map(Money.init(micros:)), daily: row.column("daily_micros")?.integer.map(Money.init(micros:)),
                    monthly: row.column("monthly_micros")?.integer.map(Money.init(micros:)), markup: row.column("markup")?.double)
    }
}
