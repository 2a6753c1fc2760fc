import Crypto
import Foundation

/// API keys. Secrets are never stored: only their SHA-256, so a leaked database leaks no key.
public protocol KeyStore: Sendable {
    // Keys are looked up on every request: the limits come with the key, in the same row.
    func create(name: String, limits: KeyLimitOverrides, now: Date) async throws -> (key: APIKey, secret: String)
    func list() async throws -> [APIKey]
    /// Sets the limits of an active key by id or name (all four, nil for the default); nil when
    /// nothing matched.
    func update(_ idOrName: String, limits: KeyLimitOverrides) async throws -> APIKey?
    /// Gives an active key (by id) another name; nil when no active key has that id.
    func rename(_ id: String, to name: String) async throws -> APIKey?
    /// Revokes by id or name; false when nothing matched.
    func revoke(_ idOrName: String, now: Date) async throws -> Bool
    /// The active key whose secret hashes to `hash`.
    func key(hash: String) async throws -> APIKey?
}

extension KeyStore {
    /// A key with the server's default limits.
    public func create(name: String, now: Date) async throws -> (key: APIKey, secret: String) {
        try await create(name: name, limits: KeyLimitOverrides(), now: now)
    }

    /// The oldest active key with this id or name (the one `update` and `revoke` act on).
    public func activeKey(_ idOrName: String) async throws -> APIKey? {
        try await list().first { ($0.id == idOrName || $0.name == idOrName) && $0.revokedAt == nil }
    }
}

public struct APIKey: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?
    /// What the operator set for this key; the server's defaults fill in the rest.
    public var limits: KeyLimitOverrides

    public init(id: String, name: String, createdAt: Date, revokedAt: Date? = nil, limits: KeyLimitOverrides = .init()) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.limits = limits
    }

    /// The hash a secret is stored and looked up by.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hexString
    }

    /// A new secret: `rk-` and 40 random base-62 characters (238 bits).
    public static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return "rk-" + String((0..<40).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
