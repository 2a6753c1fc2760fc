import Crypto
import Foundation

/// API keys. Secrets are never stored: only their SHA-256, so a leaked database leaks no key.
public protocol KeyStore: Sendable {
    func create(name: String, now: Date) async throws -> (key: APIKey, secret: String)
    func list() async throws -> [APIKey]
    /// Revokes by id or name; false when nothing matched.
    func revoke(_ idOrName: String, now: Date) async throws -> Bool
    /// The active key whose secret hashes to `hash`.
    func key(hash: String) async throws -> APIKey?
}

public struct APIKey: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, name: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
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
