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
    /// Errors in the OpenAI-style body of the resellers.
    static let errors = OpenAIErrorBody()

    /// Registers the routes on a group that `AdminKeyMiddleware` guards.
    func register(on routes: RouterGroup<ReelayRequestContext>) {
        routes.on(APIRoutes.adminListKeys) { _, _ in
            let list = try await storeCall { try await keys.list() }
            return Response.json(["object": "list", "data": .array(list.map(encode))])
        }
        routes.on(APIRoutes.adminCreateKey) { request, _ in
            let body = try JSONObjectReader(try await request.jsonBody(limit: 64 * 1024))
            let name = try body.requiredString("name")
            let limits = try KeyLimitOverrides().updated(by: body)
            let (key, secret) = try await storeCall { try await keys.create(name: name, limits: limits, now: Date()) }
            var answer = encode(key).objectValue ?? [:]
            answer["secret"] = .string(secret)
            return Response.json(.object(answer))
        }
        // Changes the limits the body names (null: back to the server's default).
        routes.on(APIRoutes.adminUpdateKey) { request, context in
            let id = context.parameters.get("key_id") ?? ""
            let body = try JSONObjectReader(try await request.jsonBody(limit: 64 * 1024))
            let unknown = APIError(.notFound, "No active key with id or name '\(id)'.", param: "key_id")
            guard let found = try await storeCall({ try await keys.activeKey(id) }) else { throw unknown }
            let limits = try found.limits.updated(by: body)
            // Revoked between the two calls: as unknown as one never made.
            guard let key = try await storeCall({ try await keys.update(found.id, limits: limits) }) else { throw unknown }
            return Response.json(encode(key))
        }
        routes.on(APIRoutes.adminRevokeKey) { _, context in
            let id = context.parameters.get("key_id") ?? ""
            guard try await storeCall({ try await keys.revoke(id, now: Date()) }) else {
                throw APIError(.notFound, "No active key with id or name '\(id)'.", param: "key_id")
            }
            return Response.json(["id": .string(id), "revoked": true])
        }
        routes.on(APIRoutes.adminUsage) { request, _ in
            let days = Int(request.uri.queryParameters["days"].map(String.init) ?? "1") ?? 0
            guard (1...366).contains(days) else { throw APIError.invalid("days", "days must be a whole number in 1...366.") }
            let since = Calendar.utc.startOfDay(for: Date()).addingTimeInterval(-86_400 * Double(days - 1))
            let usage = try await storeCall { try await store.usage(owner: nil, since: since) }
            let inputs = try await storeCall { try await store.inputBytes(owner: nil) }
            let uploads = try await storeCall { try await storage.assets.bytes(owner: nil) }
            let owners = Set(usage.keys).union(inputs.keys).union(uploads.keys)
            let rows: [JSONValue] = owners.sorted().map { owner in
                let entry = usage[owner] ?? TaskUsage()
                return ["owner": .string(owner), "active_tasks": .int(entry.activeTasks), "tasks": .int(entry.tasks),
                        "video_seconds": .int(entry.videoSeconds), "stored_bytes": .int((inputs[owner] ?? 0) + (uploads[owner] ?? 0))]
            }
            return Response.json(["object": "list", "since": .int(since.unixSeconds), "data": .array(rows)])
        }
    }

    private func storeCall<T>(_ body: () async throws -> T) async throws(APIError) -> T {
        do { return try await body() } catch { throw APIError(.unavailable, "The store is unavailable; try again.") }
    }

    /// A key as the admin API shows it: its own limits (null: the default) and the limits it is
    /// held to (null: none).
    func encode(_ key: APIKey) -> JSONValue {
        let effective = defaults.overridden(by: key.limits)
        return ["id": .string(key.id), "object": "api_key", "name": .string(key.name), "created_at": .int(key.createdAt.unixSeconds),
                "revoked_at": .int(key.revokedAt?.unixSeconds), "limits": key.limits.json,
                "effective_limits": KeyLimitOverrides(effective).json]
    }
}
