import Crypto
import Foundation
import Synchronization

/// Signs and checks the expiring links under which result files are served:
/// `<public url>/files/<task id>/<name>?expires=<unix>&signature=<hex HMAC-SHA256>`.
public struct LinkSigner: Sendable {
    let key: SymmetricKey
    /// An HMAC already keyed: copying it skips deriving the key pads on every link.
    private let keyed: HMAC<SHA256>
    public let publicURL: String
    public let lifetime: TimeInterval
    private let memo = SignatureMemo()

    /// Expiry times are whole multiples of this: every answer within one window carries the same
    /// link, so a client (or a browser's video element) can keep what it fetched, and the
    /// signature is computed once per window.
    static let window = 60

    public init(secret: Data, publicURL: String, lifetime: TimeInterval) {
        self.key = SymmetricKey(data: secret)
        self.keyed = HMAC<SHA256>(key: key)
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.lifetime = lifetime
    }

    /// A link valid for at least `lifetime` (and less than a window more).
    public func link(taskID: String, name: String, now: Date = Date()) -> (url: String, expires: Date) {
        let end = Int((now.timeIntervalSince1970 + lifetime).rounded(.up))
        let expires = (end + Self.window - 1) / Self.window * Self.window
        let path = "/files/\(taskID)/\(name)"
        let signature = memo.signature(path: path, expires: expires) { self.signature(path: path, expires: expires) }
        return ("\(publicURL)\(path)?expires=\(expires)&signature=\(signature)",
                Date(timeIntervalSince1970: TimeInterval(expires)))
    }

    /// True when the signature matches the path and the link has not expired.
    public func verify(path: String, expires: String?, signature: String?, now: Date = Date()) -> Bool {
        guard let expires, let expiry = Int(expires), let signature, let given = Data(hex: signature) else { return false }
        guard TimeInterval(expiry) >= now.timeIntervalSince1970 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Self.message(path: path, expires: expiry), using: key)
    }

    func signature(path: String, expires: Int) -> String {
        var mac = keyed
        mac.update(data: Self.message(path: path, expires: expires))
        return mac.finalize().hexString
    }

    /// What a link's signature covers: its path and expiry.
    private static func message(path: String, expires: Int) -> [UInt8] {
        Array("\(path):\(expires)".utf8)
    }
}

/// The signatures made for the current expiry window, forgotten when the window moves on (and
/// when too many files were linked within one).
private final class SignatureMemo: Sendable {
    private struct Window {
        var expires = 0
        var signatures: [String: String] = [:]
    }

    private static let capacity = 10_000
    private let window = Mutex(Window())

    func signature(path: String, expires: Int, make: () -> String) -> String {
        if let known = window.withLock({ $0.expires == expires ? $0.signatures[path] : nil }) { return known }
        let signature = make()
        window.withLock { window in
            if window.expires != expires || window.signatures.count >= Self.capacity {
                window = Window(expires: expires)
            }
            window.signatures[path] = signature
        }
        return signature
    }
}
