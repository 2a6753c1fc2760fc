import Crypto
import Foundation

/// The secret that signs result links: configured (several instances must share it), or made
/// once and kept in the data directory so links survive restarts.
enum SigningSecret {
    static func load(configured: String?, directory: URL) throws -> Data {
        if let configured, !configured.isEmpty { return Data(SHA256.hash(data: Data(configured.utf8))) }
        let file = directory.appending(path: "signing.key")
        if let existing = try? Data(contentsOf: file), existing.count >= 32 { return existing }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        try secret.write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return secret
    }
}
