import Foundation
import Hummingbird
import ReelayCore

/// The money side of the admin API: budgets set through the key routes, each key's spend and
/// balance in the key answers, and spend in the usage report (JSON or CSV).
extension AdminController {
    /// The admin body's names for a key's budget fields.
    static let budgetFields = ["budget_total", "budget_daily", "budget_monthly", "markup"]

    /// `budget` changed by an admin body: an amount ≥ 0 sets a budget (markup: a factor > 0),
    /// null lifts it (markup: back to the price list's); a field left out keeps its value.
    /// Nil when the body names none of them.
    static func budget(_ budget: SpendBudget, updatedBy body: JSONObjectReader) throws(APIError) -> SpendBudget? {
        guard budgetFields.contains(where: { body.fields[$0] != nil }) else { return nil }
        var budget = budget
        for field in budgetFields {
            guard let value = body.fields[field] else { continue }
            let number: Double?
            switch value {
            case .null: number = nil
            case .int(let int): number = Double(int)
            case .double(let double): number = double
            default: throw APIError.invalid(field, "\(field) must be a number, or null to lift it.")
            }
            if field == "markup" {
                guard number.map({ $0 > 0 && $0.isFinite }) ?? true else { throw APIError.invalid(field, "markup must be a number > 0 (1.2 adds 20 %), or null.") }
                budget.markup = number
                continue
            }
            let money = try number.map { (number: Double) throws(APIError) -> Money in
                guard let money = Money(decimal: number) else { throw APIError.invalid(field, "\(field) must be an amount ≥ 0, or null for none.") }
                return money
            }
            switch field {
            case "budget_total": budget.total = money
            case "budget_daily": budget.daily = money
            default: budget.monthly = money
            }
        }
        return budget
    }

    /// A key's budget, spend and what is left, as the key answers carry it.
    func spendJSON(_ budget: SpendBudget, _ totals: SpendTotals) -> (budget: JSONValue, spend: JSONValue) {
        func money(_ value: Money?) -> JSONValue { value.map { .double($0.decimal) } ?? .null }
        let left = budget.remaining(after: totals)
        return (["total": money(budget.total), "daily": money(budget.daily), "monthly": money(budget.monthly),
                 "markup": budget.markup.map(JSONValue.double) ?? .null],
                ["currency": spending.currency.map(JSONValue.string) ?? .null, "total": money(totals.total),
                 "today": money(totals.today), "month": money(totals.month), "reserved": money(totals.reserved),
                 "remaining": ["total": money(left.total), "daily": money(left.daily), "monthly": money(left.monthly)]])
    }

    /// Every key's budget and spend now, for the key answers.
    func spendByOwner() async throws(APIError) -> (budgets: [String: SpendBudget], totals: [String: SpendTotals]) {
        try await APIError.fromStore {
            (try await spending.store.budgets(), try await spending.store.totals(owner: nil, period: SpendPeriod(Date())))
        }
    }

    /// Settled tasks per UTC day, key and model since `since`: the usage report's `daily` rows.
    func dailyRows(since: Date) async throws(APIError) -> [SpendUsageRow] {
        try await APIError.fromStore { try await spending.store.usage(sinceDay: SpendPeriod(since).day) }
    }

    static func json(_ row: SpendUsageRow) -> JSONValue {
        ["day": .string(row.day), "owner": .string(row.owner), "model": .string(row.model), "tasks": .int(row.tasks),
         "tokens": .int(row.tokens), "video_seconds": .int(row.seconds), "cost": .double(row.cost.decimal),
         "list_cost": .double(row.list.decimal)]
    }

    /// The `daily` rows as CSV (RFC 4180, a header line, amounts with six decimals).
    func csv(_ rows: [SpendUsageRow]) -> Response {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\r\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = ["day,owner,model,tasks,tokens,video_seconds,cost,list_cost,currency"]
        let currency = spending.currency ?? ""
        for row in rows {
            lines.append([row.day, field(row.owner), field(row.model), String(row.tasks), String(row.tokens), String(row.seconds),
                          row.cost.fixed, row.list.fixed, field(currency)].joined(separator: ","))
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"reelay-usage.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
    }

    /// CSV when `?format=csv` or the request accepts `text/csv` (and not JSON first).
    static func wantsCSV(_ request: Request) throws(APIError) -> Bool {
        if let format = request.uri.queryParameters["format"].map(String.init) {
            guard format == "csv" || format == "json" else { throw APIError.invalid("format", "format must be json or csv.") }
            return format == "csv"
        }
        return request.headers[.accept]?.hasPrefix("text/csv") ?? false
    }
}
