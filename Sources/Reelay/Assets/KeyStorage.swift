import ReelayCore

/// The bytes a key keeps on the server, its assets and the inline media of its tasks, and the
/// check that a new upload stays within the key's storage limit. Counted from the stores, so
/// every instance sees the same totals; two uploads at the same moment may both pass a limit
/// that only one of them fits (each is checked against what was stored before it).
public struct KeyStorage: Sendable {
    let tasks: any TaskStore
    let assets: any AssetStore

    public init(tasks: any TaskStore, assets: any AssetStore) {
        self.tasks = tasks
        self.assets = assets
    }

    /// The bytes `owner` keeps now.
    public func used(by owner: String) async throws -> Int {
        async let inputs = tasks.inputBytes(owner: owner)[owner] ?? 0
        async let uploads = assets.bytes(owner: owner)[owner] ?? 0
        return try await inputs + uploads
    }

    /// Refuses `bytes` more for `caller` when they would take it past its limit: the dialect's
    /// quota error naming `param`, saying how much is used and how to make room (waiting does
    /// not help, so no Retry-After).
    public func check(_ caller: Caller, adding bytes: Int, param: String) async throws(APIError) {
        guard let limit = caller.limits.storageBytes, bytes > 0 else { return }
        let used: Int
        do { used = try await self.used(by: caller.owner) } catch {
            throw APIError(.unavailable, "The store is unavailable; try again.")
        }
        guard used + bytes > limit else { return }
        throw APIError(.quotaExceeded,
                       "This key keeps \(Self.describe(used)) of media (assets and inline media of its tasks) and may keep \(Self.describe(limit)); this request adds \(Self.describe(bytes)). Delete assets or finished tasks to make room.",
                       param: param)
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(bytes) bytes"
    }
}
