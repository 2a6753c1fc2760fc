import ArgumentParser
import Foundation
import Reelay
import ReelayCore

/// The money options of `reelay keys create` and `update`: a key's budgets, in the price list's
/// currency, and its markup, as the admin API sets them (`budget_total`, `budget_daily`,
/// `budget_monthly`, `markup`). Amounts are kept as whole millionths, so they are read from the
/// text digit by digit rather than through a floating-point number.
struct KeyBudgetOptions: ParsableArguments {
    @Option(help: "Total budget: an amount in the price list's currency (12.50, at most 6 decimals), or 'none' to lift it.")
    var budget: String?
    @Option(help: "Budget per UTC day, as --budget.") var dailyBudget: String?
    @Option(help: "Budget per UTC calendar month, as --budget.") var monthlyBudget: String?
    @Option(help: "The factor the key's prices are multiplied by (1.2 adds 20 %), or 'default' for the price list's.")
    var markup: String?

    /// `budget` with the options given applied; nil when none was given.
    func applied(to budget: SpendBudget) throws -> SpendBudget? {
        guard self.budget != nil || dailyBudget != nil || monthlyBudget != nil || markup != nil else { return nil }
        var budget = budget
        if let text = self.budget { budget.total = try Self.amount(text, option: "--budget") }
        if let text = dailyBudget { budget.daily = try Self.amount(text, option: "--daily-budget") }
        if let text = monthlyBudget { budget.monthly = try Self.amount(text, option: "--monthly-budget") }
        if let markup { budget.markup = try Self.markup(markup) }
        return budget
    }

    /// nil for `none`, else a decimal amount ≥ 0 with at most six decimals.
    static func amount(_ text: String, option: String) throws -> Money? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "none" { return nil }
        let parts = trimmed.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0], fraction = parts.count > 1 ? parts[1] : ""
        let digits = { (part: Substring) in part.allSatisfy { ("0"..."9").contains($0) } }
        guard !whole.isEmpty, whole.count <= 12, digits(whole), digits(fraction), parts.count == 1 || !fraction.isEmpty,
              fraction.count <= 6, let units = Int(whole), let millionths = Int(fraction.padding(toLength: 6, withPad: "0", startingAt: 0))
        else {
            throw ValidationError("\(option) must be an amount in the price list's currency such as 12.50 (digits, at most 6 decimals), "
                + "or 'none' to lift it; not '\(text)'.")
        }
        return Money(micros: units * 1_000_000 + millionths)
    }

    /// nil for `default`, else a factor > 0.
    static func markup(_ text: String) throws -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "default" { return nil }
        guard trimmed.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }), let value = Double(trimmed), value > 0, value.isFinite else {
            throw ValidationError("--markup must be a number > 0 (1.2 adds 20 %), or 'default' for the price list's; not '\(text)'.")
        }
        return value
    }

    /// One cell of a key's budgets with what was spent and what is left, for `keys list` and
    /// `update`; empty when the key has neither budget nor markup.
    static func describe(_ budget: SpendBudget, spent: SpendTotals?) -> String {
        let spent = spent ?? SpendTotals()
        let left = budget.remaining(after: spent)
        var parts: [String] = []
        for (name, limit, used, rest) in [("total", budget.total, spent.total, left.total), ("daily", budget.daily, spent.today, left.daily),
                                          ("monthly", budget.monthly, spent.month, left.monthly)] {
            guard let limit, let rest else { continue }
            parts.append("\(name)=\(limit.plain) spent=\(used.plain) remaining=\(rest.plain)")
        }
        if let markup = budget.markup { parts.append("markup=\(markup)") }
        return parts.joined(separator: "; ")
    }
}
