import Foundation
import Logging
import ReelayCore

/// Prices and budgets at work: the estimate a create reserves against its key's budgets, the
/// cost a task is charged once it succeeds, and the release when it does not. Hears every task
/// change (a `TaskEvents` listener), so a task is settled as it ends, on whichever instance
/// ends it; `SpendSweeper` settles what a crash left reserved.
public struct Spending: TaskEvents {
    /// Nil without `REELAY_PRICES`: every task is recorded (tokens, seconds) at no cost.
    let prices: PriceList?
    let store: any SpendStore
    let catalog: ModelCatalog
    let logger: Logger

    public init(prices: PriceList?, store: any SpendStore, catalog: ModelCatalog, logger: Logger) {
        self.prices = prices
        self.store = store
        self.catalog = catalog
        self.logger = logger
    }

    public var currency: String? { prices?.currency }

    /// The most this spec can cost this key; nil when unpriced.
    func estimate(_ spec: RenderSpec, budget: SpendBudget) -> PriceQuote? {
        let longest = catalog.model(named: spec.model)?.durations.max ?? 15
        return prices?.estimate(spec, longestSeconds: longest, markup: budget.markup)
    }

    /// Holds the task's estimate against its key's budgets, or refuses the create with the
    /// dialect's quota error naming the budget and what is left of it.
    func reserve(_ task: GenerationTask) async throws(APIError) -> PriceQuote? {
        let budget = try await call { try await store.budget(owner: task.owner) }
        let quote = try priced(task.spec, budget: budget)
        let reservation = SpendReservation(taskID: task.id, owner: task.owner, model: task.spec.model,
                                           amount: quote?.charged ?? .zero, createdAt: task.createdAt)
        if let spent = try await call({ try await store.reserve(reservation, budget: budget) }) {
            throw refusal(budget: budget, spent: spent, needs: reservation.amount)
        }
        return quote
    }

    /// A dry run: the estimate, and what the key's budgets would have left, without holding
    /// anything. Refused as the create would be when a budget cannot cover it.
    func dryRun(_ spec: RenderSpec, owner: String, now: Date = Date()) async throws(APIError) -> JSONValue {
        let budget = try await call { try await store.budget(owner: owner) }
        let quote = try priced(spec, budget: budget)
        let spent = try await call { try await store.totals(owner: owner, period: SpendPeriod(now)) }[owner] ?? SpendTotals()
        let amount = quote?.charged ?? .zero
        if budget.overrun(by: amount, spent: spent) != nil { throw refusal(budget: budget, spent: spent, needs: amount) }
        let left = budget.remaining(after: spent)
        func money(_ value: Money?) -> JSONValue { value.map { .double($0.decimal) } ?? .null }
        return ["object": "estimate", "dry_run": true, "model": .string(spec.model), "resolution": .string(spec.resolution),
                "duration": .int(spec.duration), "generate_audio": .bool(spec.generateAudio), "draft": .bool(spec.draft),
                "estimate": quote?.json ?? .null,
                "budget_remaining": ["total": money(left.total), "daily": money(left.daily), "monthly": money(left.monthly)]]
    }

    /// Gives back what a create held when its task was never stored.
    func release(_ taskID: String) async {
        do { _ = try await store.release(taskID: taskID, now: Date()) } catch {
            // The sweep releases it later: the task does not exist, so its row is released then.
            logger.warning("Could not release the reservation of \(taskID) now; the sweep will: \(error)")
        }
    }

    /// Settles a task that ended: its cost when it succeeded, nothing otherwise. The store's
    /// compare-and-set makes a repeated event (or the sweep meeting the event) count once.
    public func taskChanged(_ task: GenerationTask) async {
        guard task.status.isTerminal else { return }
        do {
            if task.status == .succeeded, let result = task.result {
                let budget = try await store.budget(owner: task.owner)
                let quote = prices?.cost(task.spec, result: result, markup: budget.markup)
                let cost = SpendCost(charged: quote?.charged ?? .zero, list: quote?.list ?? .zero, tokens: result.tokens,
                                     seconds: result.duration)
                _ = try await store.settle(taskID: task.id, cost: cost, now: Date())
            } else {
                _ = try await store.release(taskID: task.id, now: Date())
            }
        } catch {
            logger.warning("Could not settle the cost of \(task.id) now; the sweep will: \(error)")
        }
    }

    /// The estimate, or a refusal when the key has a budget and the model no price: a budget
    /// cannot be kept over work whose cost is unknown.
    private func priced(_ spec: RenderSpec, budget: SpendBudget) throws(APIError) -> PriceQuote? {
        let quote = estimate(spec, budget: budget)
        if quote == nil, budget.isLimited {
            throw APIError(.quotaExceeded, "This key has a budget, and no price is set for \(spec.model) at \(spec.resolution); ask the operator to price it.")
        }
        return quote
    }

    private func refusal(budget: SpendBudget, spent: SpendTotals, needs amount: Money) -> APIError {
        let currency = prices?.currency ?? ""
        guard let (name, limit, remaining) = budget.overrun(by: amount, spent: spent) else {
            return APIError(.quotaExceeded, "This key's budget cannot cover this request.")
        }
        return APIError(.quotaExceeded, "This request is estimated at \(amount.plain) \(currency), more than the \(remaining.plain) \(currency) left of this key's \(name) budget of \(limit.plain) \(currency).")
    }

    private func call<T>(_ body: () async throws -> T) async throws(APIError) -> T {
        try await APIError.fromStore(body, store: "spend store")
    }
}
