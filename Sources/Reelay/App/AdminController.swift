import Foundation
import Hummingbird
import ReelayCore

/// Operator routes, open only to the admin key (`REELAY_ADMIN_KEY`): manage API keys and their
/// limits, and read usage over HTTP.
struct AdminController: Sendable {
    let keys: any KeyStore
    let store: any TaskStore
    let storage: KeyStorage
    /// The server's limits, which a key's own settings replace.
    let defaults: KeyLimits
    /// Budgets, spend and the price list's currency.
    let spending: Spending
    /// Errors in the OpenAI-style body of the resellers.
    static let errors = OpenAIErrorBody()

    /// Registers the routes on a group that `AdminKeyMiddleware` guards.
    func register(on routes: RouterGroup<ReelayRequestContext>) {
        routes.on(APIRoutes.adminListKeys) { _, _ in
            let list = try await APIError.fromStore { try await keys.list() }
            let spend = try await spendByOwner()
            return Response.json(["object": "list", "data": .array(list.map { encode($0, spend) })])
        }
        routes.on(APIRoutes.adminCreateKey) { request, _ in
            let body = try JSONObjectReader(try await request.jsonBody(limit: 64 * 1024))
            let name = try body.requiredString("name")
            let limits = try KeyLimitOverrides().updated(by: body)
            let budget = try Self.budget(SpendBudget(), updatedBy: body)
            let (key, secret) = try await APIError.fromStore { try await keys.create(name: name, limits: limits, now: Date()) }
            if let budget { try await APIError.fromStore { try await spending.store.setBudget(budget, owner: key.id) } }
            var answer = encode(key, try await spendByOwner()).objectValue ?? [:]
            answer["secret"] = .string(secret)
            return Response.json(.object(answer))
        }
        // Changes the limits the body names (null: back to the server's default).
        routes.on(APIRoutes.adminUpdateKey) { request, context in
            let id = context.parameters.get("key_id") ?? ""
            let body = try JSONObjectReader(try await request.jsonBody(limit: 64 * 1024))
            let unknown = APIError(.notFound, "No active key with id or name '\(id)'.", param: "key_id")
            guard let found = try await APIError.fromStore({ try await keys.activeKey(id) }) else { throw unknown }
            let limits = try found.limits.updated(by: body)
            let budget = try Self.budget(try await APIError.fromStore { try await spending.store.budget(owner: found.id) }, updatedBy: body)
            let name = try body.string("name")
            if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { throw APIError.invalid("name", "name must not be empty.") }
            // Revoked between the two calls: as unknown as one never made.
            guard var key = try await APIError.fromStore({ try await keys.update(found.id, limits: limits) }) else { throw unknown }
            if let name {
                guard let renamed = try await APIError.fromStore({ try await keys.rename(key.id, to: name) }) else { throw unknown }
                key = renamed
            }
            if let budget { try await APIError.fromStore { try await spending.store.setBudget(budget, owner: key.id) } }
            return Response.json(encode(key, try await spendByOwner()))
        }
        routes.on(APIRoutes.adminRevokeKey) { _, context in
            let id = context.parameters.get("key_id") ?? ""
            guard try await APIError.fromStore({ try await keys.revoke(id, now: Date()) }) else {
                throw APIError(.notFound, "No active key with id or name '\(id)'.", param: "key_id")
            }
            return Response.json(["id": .string(id), "revoked": true])
        }
        routes.on(APIRoutes.adminUsage) { request, _ in
            let csv = try Self.wantsCSV(request)
            let days = Int(request.uri.queryParameters["days"].map(String.init) ?? "1") ?? 0
            guard (1...366).contains(days) else { throw APIError.invalid("days", "days must be a whole number in 1...366.") }
            let since = Calendar.utc.startOfDay(for: Date()).addingTimeInterval(-86_400 * Double(days - 1))
            let daily = try await dailyRows(since: since)
            if csv { return self.csv(daily) }
            let cost = Dictionary(grouping: daily, by: \.owner).mapValues { $0.reduce(Money.zero) { $0 + $1.cost } }
            let usage = try await APIError.fromStore { try await store.usage(owner: nil, since: since) }
            let inputs = try await APIError.fromStore { try await store.inputBytes(owner: nil) }
            let uploads = try await APIError.fromStore { try await storage.assets.bytes(owner: nil) }
            let owners = Set(usage.keys).union(inputs.keys).union(uploads.keys).union(cost.keys)
            let rows: [JSONValue] = owners.sorted().map { owner in
                let entry = usage[owner] ?? TaskUsage()
                return ["owner": .string(owner), "active_tasks": .int(entry.activeTasks), "tasks": .int(entry.tasks),
                        "video_seconds": .int(entry.videoSeconds), "stored_bytes": .int((inputs[owner] ?? 0) + (uploads[owner] ?? 0)),
                        "cost": .double((cost[owner] ?? .zero).decimal)]
            }
            return Response.json(["object": "list", "since": .int(since.unixSeconds),
                                  "currency": spending.currency.map(JSONValue.string) ?? .null, "data": .array(rows),
                                  "daily": .array(daily.map(Self.json))])
        }
    }


    /// A key as the admin API shows it: its own limits (null: the default), the limits it is
    /// held to (null: none), its budget and its spend.
    func encode(_ key: APIKey, _ spend: (budgets: [String: SpendBudget], totals: [String: SpendTotals])) -> JSONValue {
        let effective = defaults.overridden(by: key.limits)
        let money = spendJSON(spend.budgets[key.id] ?? SpendBudget(), spend.totals[key.id] ?? SpendTotals())
        return ["id": .string(key.id), "object": "api_key", "name": .string(key.name), "created_at": .int(key.createdAt.unixSeconds),
                "revoked_at": .int(key.revokedAt?.unixSeconds), "limits": key.limits.json,
                "effective_limits": KeyLimitOverrides(effective).json, "budget": money.budget, "spend": money.spend]
    }
}
