import Foundation
import HTTPTypes
import ReelayCore

/// Resolves `Authorization: Bearer <key>` to the id that owns tasks. Static keys from the
/// configuration are known only by their hash too, so their owner id is stable across restarts.
public struct Authenticator: Sendable {
    let keys: any KeyStore
    let staticKeyHashes: Set<String>
    let limiter: RequestRateLimiter

    public init(keys: any KeyStore, staticKeys: [String], requestsPerMinute: Int? = nil) {
        self.keys = keys
        self.staticKeyHashes = Set(staticKeys.map(APIKey.hash))
        self.limiter = RequestRateLimiter(limit: requestsPerMinute)
    }

    /// The owner id of the caller, or `APIError.unauthorized`; counts the request against the
    /// key's rate limit.
    public func owner(of headers: HTTPFields) async throws(APIError) -> String {
        let owner = try await identify(headers)
        try limiter.admit(owner)
        return owner
    }

    private func identify(_ headers: HTTPFields) async throws(APIError) -> String {
        guard let secret = Self.bearer(headers), !secret.isEmpty else { throw APIError.unauthorized }
        let hash = APIKey.hash(secret)
        if staticKeyHashes.contains(hash) { return "static_" + hash.prefix(16) }
        let key: APIKey?
        do {
            key = try await keys.key(hash: hash)
        } catch {
            throw APIError(.unavailable, "The key store is unavailable; try again.")
        }
        guard let key else { throw APIError.unauthorized }
        return key.id
    }

    static func bearer(_ headers: HTTPFields) -> String? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
