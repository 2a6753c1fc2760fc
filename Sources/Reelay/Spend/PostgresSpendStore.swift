import Foundation
import PostgresNIO
import ReelayCore

/// `SpendStore` on the shared PostgreSQL database. Instances reserve concurrently, so a reserve
/// runs in a transaction holding an advisory lock on its key: the budget check and the insert
/// see every other reserve of that key before or after, never between (keys do not wait on
/// each other).
public struct PostgresSpendStore: SpendStore {
    let database: PostgresDatabase
    static let held = "CASE state WHEN 'reserved' THEN reserved_micros WHEN 'settled' THEN cost_micros ELSE 0 END"
    /// "Spnd" in ASCII: the advisory lock space of reserves (the migrations use their own).
    static let reserveLock: Int32 = 0x5370_6E64

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func budget(owner: String) async throws -> SpendBudget {
        try await database.query(
            "SELECT total_micros, daily_micros, monthly_micros, markup FROM key_budgets WHERE owner = \(owner)"
        ).first.map(Self.budget) ?? SpendBudget()
    }

    public func setBudget(_ budget: SpendBudget, owner: String) async throws {
        try await database.query("""
            INSERT INTO key_budgets (owner, total_micros, daily_micros, monthly_micros, markup)
            VALUES (\(owner), \(budget.total?.micros), \(budget.daily?.micros), \(budget.monthly?.micros), \(budget.markup))
            ON CONFLICT (owner) DO UPDATE SET total_micros = excluded.total_micros, daily_micros = excluded.daily_micros,
                                              monthly_micros = excluded.monthly_micros, markup = excluded.markup
            """)
    }

    public func budgets() async throws -> [String: SpendBudget] {
        let rows = try await database.query("SELECT owner, total_micros, daily_micros, monthly_micros, markup FROM key_budgets")
        var budgets: [String: SpendBudget] = [:]
        for row in rows {
            let (owner, total, daily, monthly, markup) = try row.decode((String, Int?, Int?, Int?, Double?).self)
            budgets[owner] = SpendBudget(total: total.map(Money.init(micros:)), daily: daily.map(Money.init(micros:)), monthly: monthly.map(Money.init(micros:)),
                                         markup: markup)
        }
        return budgets
    }

    public func reserve(_ reservation: SpendReservation, budget: SpendBudget) async throws -> SpendTotals? {
        let period = SpendPeriod(reservation.createdAt)
        let owner = reservation.owner
        let logger = database.logger
        return try await database.client.withTransaction(logger: logger) { connection -> SpendTotals? in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.reserveLock), hashtext(\(owner)))", logger: logger)
            let totals = try await Self.totals(of: try await connection.query(Self.totalsQuery(owner: owner, period: period),
                                                                              logger: logger).collect())[owner] ?? SpendTotals()
            if budget.overrun(by: reservation.amount, spent: totals) != nil { return totals }
            try await connection.query("""
                INSERT INTO spend (task_id, owner, model, state, day, month, reserved_micros, created_at)
                VALUES (\(reservation.taskID), \(owner), \(reservation.model), 'reserved', \(period.day), \(period.month),
                        \(reservation.amount.micros), \(reservation.createdAt))
                """, logger: logger)
            return nil
        }
    }

    public func settle(taskID: String, cost: SpendCost, now: Date) async throws -> Bool {
        // Never above the reservation (see SQLiteSpendStore.settle).
        try await !database.query("""
            UPDATE spend SET state = 'settled', cost_micros = least(\(cost.charged.micros), reserved_micros),
                             list_micros = \(cost.list.micros), tokens = \(cost.tokens), seconds = \(cost.seconds), ended_at = \(now)
            WHERE task_id = \(taskID) AND state = 'reserved' RETURNING task_id
            """).isEmpty
    }

    public func release(taskID: String, now: Date) async throws -> Bool {
        try await !database.query(
            "UPDATE spend SET state = 'released', ended_at = \(now) WHERE task_id = \(taskID) AND state = 'reserved' RETURNING task_id"
        ).isEmpty
    }

    public func totals(owner: String?, period: SpendPeriod) async throws -> [String: SpendTotals] {
        try Self.totals(of: try await database.query(Self.totalsQuery(owner: owner, period: period)))
    }

    static func totalsQuery(owner: String?, period: SpendPeriod) -> PostgresQuery {
        """
        SELECT owner, coalesce(sum(\(unescaped: held)), 0)::bigint,
               coalesce(sum(CASE WHEN day = \(period.day) THEN \(unescaped: held) ELSE 0 END), 0)::bigint,
               coalesce(sum(CASE WHEN month = \(period.month) THEN \(unescaped: held) ELSE 0 END), 0)::bigint,
               coalesce(sum(CASE state WHEN 'reserved' THEN reserved_micros ELSE 0 END), 0)::bigint
        FROM spend WHERE (\(owner)::text IS NULL OR owner = \(owner)) GROUP BY owner
        """
    }

    static func totals(of rows: [PostgresRow]) throws -> [String: SpendTotals] {
        var totals: [String: SpendTotals] = [:]
        for row in rows {
            let (owner, total, today, month, reserved) = try row.decode((String, Int, Int, Int, Int).self)
            totals[owner] = SpendTotals(total: Money(micros: total), today: Money(micros: today), month: Money(micros: month),
                                        reserved: Money(micros: reserved))
        }
        return totals
    }

    public func record(taskID: String) async throws -> SpendRecord? {
        guard let row = try await database.query("""
            SELECT owner, model, state, reserved_micros, cost_micros, list_micros, tokens, seconds, created_at, ended_at
            FROM spend WHERE task_id = \(taskID)
            """).first else { return nil }
        let (owner, model, state, reserved, cost, list, tokens, seconds, createdAt, endedAt)
            = try row.decode((String, String, String, Int, Int, Int, Int, Int, Date, Date?).self)
        return SpendRecord(taskID: taskID, owner: owner, model: model, state: SpendRecord.State(rawValue: state) ?? .released,
                           reserved: Money(micros: reserved),
                           cost: SpendCost(charged: Money(micros: cost), list: Money(micros: list), tokens: tokens, seconds: seconds),
                           createdAt: createdAt, endedAt: endedAt)
    }

    public func open(createdBefore cutoff: Date, limit: Int) async throws -> [String] {
        try await database.query(
            "SELECT task_id FROM spend WHERE state = 'reserved' AND created_at < \(cutoff) ORDER BY created_at LIMIT \(limit)"
        ).map { try $0.decode(String.self) }
    }

    public func usage(sinceDay day: String) async throws -> [SpendUsageRow] {
        try await database.query("""
            SELECT day, owner, model, count(*)::bigint, sum(tokens)::bigint, sum(seconds)::bigint, sum(cost_micros)::bigint,
                   sum(list_micros)::bigint
            FROM spend WHERE state = 'settled' AND day >= \(day) GROUP BY day, owner, model ORDER BY day, owner, model
            """).map { row in
            let (day, owner, model, tasks, tokens, seconds, cost, list) = try row.decode((String, String, String, Int, Int, Int, Int, Int).self)
            return SpendUsageRow(day: day, owner: owner, model: model, tasks: tasks, tokens: tokens, seconds: seconds,
                                 cost: Money(micros: cost), list: Money(micros: list))
        }
    }

    static func budget(_ row: PostgresRow) throws -> SpendBudget {
        let (total, daily, monthly, markup) = try row.decode((Int?, Int?, Int?, Double?).self)
        return SpendBudget(total: total.map(Money.init(micros:)), daily: daily.map(Money.init(micros:)), monthly: monthly.map(Money.init(micros:)), markup: markup)
    }
}
