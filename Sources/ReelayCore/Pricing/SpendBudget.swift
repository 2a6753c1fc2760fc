import Foundation

/// The money a key may spend: in all, per UTC day and per UTC calendar month. Nil: no limit.
public struct SpendBudget: Sendable, Equatable, Codable {
    public var total: Money?
    public var daily: Money?
    public var monthly: Money?
    /// The factor this key's prices are multiplied by; nil takes the price list's default.
    public var markup: Double?

    public init(total: Money? = nil, daily: Money? = nil, monthly: Money? = nil, markup: Double? = nil) {
        self.total = total
        self.daily = daily
        self.monthly = monthly
        self.markup = markup
    }

    public var isLimited: Bool { total != nil || daily != nil || monthly != nil }

    /// The first budget that `amount` more would overrun, with what is left of it; nil when
    /// every budget has room. Spent counts both settled costs and open reservations.
    public func overrun(by amount: Money, spent: SpendTotals) -> (name: String, limit: Money, remaining: Money)? {
        for (name, limit, used) in [("total", total, spent.total), ("daily", daily, spent.today), ("monthly", monthly, spent.month)] {
            guard let limit else { continue }
            if used + amount > limit { return (name, limit, max(limit - used, .zero)) }
        }
        return nil
    }

    /// What is left of each budget (nil where there is none), never below zero.
    public func remaining(after spent: SpendTotals) -> (total: Money?, daily: Money?, monthly: Money?) {
        (total.map { max($0 - spent.total, .zero) }, daily.map { max($0 - spent.today, .zero) },
         monthly.map { max($0 - spent.month, .zero) })
    }
}

/// A key's spending so far in each budget's window: settled costs plus open reservations.
public struct SpendTotals: Sendable, Equatable {
    public var total: Money
    public var today: Money
    public var month: Money
    /// Of `total`, what open reservations hold (tasks not yet ended).
    public var reserved: Money

    public init(total: Money = .zero, today: Money = .zero, month: Money = .zero, reserved: Money = .zero) {
        self.total = total
        self.today = today
        self.month = month
        self.reserved = reserved
    }
}
