/// The OpenAI-style error body new-api resellers answer with on their routes other than tasks
/// (assets, admin): `{"error": {"message", "type", "param", "code"}}`.
public struct OpenAIErrorBody: ErrorShape {
    public init() {}

    public func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue) {
        (error.httpStatus, Self.encode(error))
    }

    public static func encode(_ error: APIError) -> JSONValue {
        ["error": [
            "message": .string(error.message),
            "type": .string(type(error.kind)),
            "param": .string(error.param),
            "code": .string(code(error.kind)),
        ]]
    }

    static func type(_ kind: APIError.Kind) -> String {
        switch kind {
        case .missingParameter, .invalidParameter, .unsupported, .notFound, .conflict, .payloadTooLarge: "invalid_request_error"
        case .unauthorized: "authentication_error"
        case .forbidden: "permission_error"
        case .rateLimited, .quotaExceeded: "rate_limit_error"
        case .internalError, .unavailable: "server_error"
        }
    }

    static func code(_ kind: APIError.Kind) -> String {
        switch kind {
        case .missingParameter: "missing_parameter"
        case .invalidParameter, .unsupported: "invalid_parameter"
        case .unauthorized: "invalid_api_key"
        case .forbidden: "permission_denied"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .payloadTooLarge: "request_too_large"
        case .rateLimited: "rate_limit_exceeded"
        case .quotaExceeded: "insufficient_quota"
        case .internalError: "internal_error"
        case .unavailable: "service_unavailable"
        }
    }
}
