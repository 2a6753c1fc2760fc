import Foundation
import HTTPTypes
import ReelayCore

/// Resolves `Authorization: Bearer <key>` to the id that owns tasks, and the limits of that key:
/// a configured key's id derives from its hash (stable across restarts) and it has the server's
/// default limits; a managed key's id is its record's, with the limits set on it.
public struct Authenticator: Sendable {
    let keys: any KeyStore
    /// The configured keys and their owner ids. The configuration holds them in the clear
    /// anyway; looking them up directly spares hashing the key of every request.
    let staticKeyOwners: [String: String]
    /// The limits of a key that sets none of its own.
    let defaults: KeyLimits

    public init(keys: any KeyStore, staticKeys: [String], defaults: KeyLimits = KeyLimits()) {
        self.keys = keys
        self.staticKeyOwners = Dictionary(staticKeys.map { ($0, Self.staticOwner(of: $0)) }) { first, _ in first }
        self.defaults = defaults
    }

    /// The caller, or `APIError.unauthorized`.
    public func caller(of headers: HTTPFields) async throws(APIError) -> Caller {
        guard let secret = Self.bearer(headers), !secret.isEmpty else { throw APIError.unauthorized }
        if let owner = staticKeyOwners[secret] { return Caller(owner: owner, limits: defaults) }
        let hash = APIKey.hash(secret)
        let key: APIKey?
        do {
            key = try await keys.key(hash: hash)
        } catch {
            throw APIError(.unavailable, "The key store is unavailable; try again.")
        }
        guard let key else { throw APIError.unauthorized }
        return Caller(owner: key.id, limits: defaults.overridden(by: key.limits))
    }

    /// A configured key's owner id: derived from its hash, so it stays the same across restarts
    /// and never reveals the key.
    static func staticOwner(of key: String) -> String {
        "static_" + APIKey.hash(key).prefix(16)
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
