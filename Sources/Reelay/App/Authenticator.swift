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

    /// The credential of `Bearer <credential>` (scheme case-insensitive, spaces and tabs around
    /// it ignored). Byte-wise: this runs on every request.
    static func bearer(_ headers: HTTPFields) -> String? {
        guard let value = headers[.authorization] else { return nil }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let bytes = Array(value.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        let scheme = Array("bearer".utf8)
        guard end - start > scheme.count, isBlank(bytes[start + scheme.count]) else { return nil }
        for (offset, letter) in scheme.enumerated() where bytes[start + offset] | 0x20 != letter { return nil }
        start += scheme.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
