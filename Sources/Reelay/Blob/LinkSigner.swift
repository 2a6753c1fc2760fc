import Crypto
import Foundation

/// Signs and checks the expiring links under which result files are served:
/// `<public url>/files/<task id>/<name>?expires=<unix>&signature=<hex HMAC-SHA256>`.
public struct LinkSigner: Sendable {
    let key: SymmetricKey
    /// An HMAC already keyed: copying it skips deriving the key pads on every link.
    private let keyed: HMAC<SHA256>
    public let publicURL: String
    public let lifetime: TimeInterval

    public init(secret: Data, publicURL: String, lifetime: TimeInterval) {
        self.key = SymmetricKey(data: secret)
        self.keyed = HMAC<SHA256>(key: key)
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.lifetime = lifetime
    }

    public func link(taskID: String, name: String, now: Date = Date()) -> (url: String, expires: Date) {
        let expires = Int(now.timeIntervalSince1970 + lifetime)
        let path = "/files/\(taskID)/\(name)"
        return ("\(publicURL)\(path)?expires=\(expires)&signature=\(signature(path: path, expires: expires))",
                Date(timeIntervalSince1970: TimeInterval(expires)))
    }

    /// True when the signature matches the path and the link has not expired.
    public func verify(path: String, expires: String?, signature: String?, now: Date = Date()) -> Bool {
        guard let expires, let expiry = Int(expires), let signature, let given = Data(hex: signature) else { return false }
        guard TimeInterval(expiry) >= now.timeIntervalSince1970 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data("\(path):\(expiry)".utf8), using: key)
    }

    func signature(path: String, expires: Int) -> String {
        var mac = keyed
        mac.update(data: Array("\(path):\(expires)".utf8))
        return mac.finalize().hexString
    }
}
