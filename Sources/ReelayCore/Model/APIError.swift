/// An error a caller sees: its kind decides the HTTP status, the dialect decides the body.
/// `param` names the offending parameter as the caller wrote it.
public struct APIError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case missingParameter, invalidParameter, unauthorized, forbidden, notFound, conflict
        case payloadTooLarge, rateLimited, quotaExceeded, unsupported, internalError, unavailable

        public var httpStatus: Int {
            switch self {
            case .missingParameter, .invalidParameter, .unsupported: 400
            case .unauthorized: 401
            case .forbidden: 403
            case .notFound: 404
            case .conflict: 409
            case .payloadTooLarge: 413
            case .rateLimited, .quotaExceeded: 429
            case .internalError: 500
            case .unavailable: 503
            }
        }
    }

    public var kind: Kind
    public var message: String
    public var param: String?
    /// Seconds after which retrying may succeed (rate limits), sent as `Retry-After`.
    public var retryAfter: Int?

    public init(_ kind: Kind, _ message: String, param: String? = nil, retryAfter: Int? = nil) {
        self.kind = kind
        self.message = message
        self.param = param
        self.retryAfter = retryAfter
    }

    public var httpStatus: Int { kind.httpStatus }

    /// The message, led by the parameter's name when it does not already say it: for dialects
    /// whose error body has no field of its own for the parameter.
    public var messageNamingParam: String {
        guard kind == .invalidParameter || kind == .missingParameter, let param, !param.isEmpty, !message.contains(param) else {
            return message
        }
        return "\(param): \(message)"
    }

    public static func invalid(_ param: String, _ message: String) -> APIError {
        APIError(.invalidParameter, message, param: param)
    }

    public static let unauthorized = APIError(.unauthorized, "Missing or invalid API key. Send it as 'Authorization: Bearer <key>'.")
    public static func taskNotFound(_ id: String) -> APIError { APIError(.notFound, "Task \(id) does not exist.", param: "task_id") }
    public static let bodyTooLarge = APIError(.payloadTooLarge, "Request body exceeds the 64 MB limit.", param: "body")
}
