import Foundation
import Hummingbird
import ReelayCore

/// Operator routes, open only to the admin key (`REELAY_ADMIN_KEY`): manage API keys and read
/// usage over HTTP.
struct AdminController: Sendable {
    let keys: any KeyStore
    let store: any TaskStore
    /// Errors in the OpenAI-style body of the resellers.
    static let dialect = AnyFastDialect()

    /// Registers the routes on a group that `AdminKeyMiddleware` guards.
    func register(on routes: RouterGroup<ReelayRequestContext>) {
        routes.get("/admin/keys") { _, _ in
            let list = try await storeCall { try await keys.list() }
            return Response.json(["object": "list", "data": .array(list.map(Self.encode))])
        }
        routes.post("/admin/keys") { request, _ in
            let body = try JSONObjectReader(try await request.jsonBody(limit: 64 * 1024))
            let name = try body.requiredString("name")
            let (key, secret) = try await storeCall { try await keys.create(name: name, now: Date()) }
            var answer = Self.encode(key).objectValue ?? [:]
            answer["secret"] = .string(secret)
            return Response.json(.object(answer))
        }
        routes.delete("/admin/keys/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard try await storeCall({ try await keys.revoke(id, now: Date()) }) else {
                throw APIError(.notFound, "No active key with id or name '\(id)'.", param: "id")
            }
            return Response.json(["id": .string(id), "revoked": true])
        }
        routes.get("/admin/usage") { request, _ in
            let days = Int(request.uri.queryParameters["days"].map(String.init) ?? "1") ?? 0
            guard (1...366).contains(days) else { throw APIError.invalid("days", "days must be a whole number in 1...366.") }
            let since = Calendar.utc.startOfDay(for: Date()).addingTimeInterval(-86_400 * Double(days - 1))
            let usage = try await storeCall { try await store.usage(owner: nil, since: since) }
            let rows: [JSONValue] = usage.keys.sorted().map { owner in
                let entry = usage[owner]!
                return ["owner": .string(owner), "active_tasks": .int(entry.activeTasks), "tasks": .int(entry.tasks),
                        "video_seconds": .int(entry.videoSeconds)]
            }
            return Response.json(["object": "list", "since": .int(since.unixSeconds), "data": .array(rows)])
        }
    }

    private func storeCall<T>(_ body: () async throws -> T) async throws(APIError) -> T {
        do { return try await body() } catch { throw APIError(.unavailable, "The store is unavailable; try again.") }
    }

    static func encode(_ key: APIKey) -> JSONValue {
        ["id": .string(key.id), "object": "api_key", "name": .string(key.name), "created_at": .int(key.createdAt.unixSeconds),
         "revoked_at": .int(key.revokedAt?.unixSeconds)]
    }
}
