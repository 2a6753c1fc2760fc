import Foundation

/// What went wrong talking to an S3-compatible store. Messages name the operation, the key and
/// what the store said (its error code and message), never a credential.
public enum S3Error: Error, Equatable, CustomStringConvertible {
    /// The store answered with an error status; `code` and `message` come from its XML body.
    case refused(operation: String, key: String, status: Int, code: String, message: String)
    /// No usable answer: the connection failed or the answer could not be read.
    case unreachable(operation: String, key: String, reason: String)
    /// An answer that is not what S3 sends (a missing upload id, an unreadable listing).
    case unexpectedResponse(operation: String, key: String, reason: String)
    /// The settings cannot make a client.
    case configuration(String)

    public var description: String {
        switch self {
        case let .refused(operation, key, status, code, message):
            "S3 refused \(operation) \(key.isEmpty ? "" : "of '\(key)' ")with HTTP \(status) \(code)" + (message.isEmpty ? "" : ": \(message)")
        case let .unreachable(operation, key, reason):
            "S3 \(operation) \(key.isEmpty ? "" : "of '\(key)' ")failed: \(reason)"
        case let .unexpectedResponse(operation, key, reason):
            "S3 \(operation) \(key.isEmpty ? "" : "of '\(key)' ")answered unexpectedly: \(reason)"
        case let .configuration(reason):
            "S3 settings: \(reason)"
        }
    }

    /// The store's error code (`NoSuchKey`, `SignatureDoesNotMatch`, ...), when it gave one.
    public var code: String? {
        if case let .refused(_, _, _, code, _) = self { return code }
        return nil
    }

    /// Whether another attempt may succeed: the store was busy or failing, or never answered.
    var isTransient: Bool {
        switch self {
        case let .refused(_, _, status, _, _): status == 429 || status >= 500
        case .unreachable: true
        case .unexpectedResponse, .configuration: false
        }
    }
}
