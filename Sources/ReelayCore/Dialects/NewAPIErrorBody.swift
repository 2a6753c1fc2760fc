/// The error body of new-api, which the seed A and seed D resellers run: its task routes answer
/// `{"code", "message", "data": null}` (the shape of its unknown-task answer), with the HTTP status
/// kept. The message names the parameter, since the body has no field of its own for it.
public enum NewAPIErrorBody {
    public static func encode(_ error: APIError) -> (status: Int, body: JSONValue) {
        if error.kind == .notFound, error.param == "task_id" {
            // new-api's unknown-task answer (it uses HTTP 400; we answer 404 with the same body).
            return (404, ["code": "task_not_exist", "message": "task_not_exist", "data": nil])
        }
        return (error.httpStatus, ["code": .string(code(error.kind)), "message": .string(message(error)), "data": nil])
    }

    /// The message led by the parameter's name (`duration: ...`), so a client can tell which
    /// field it concerns without a field of its own.
    static func message(_ error: APIError) -> String {
        guard let param = error.param, !param.isEmpty, !error.message.hasPrefix(param) else { return error.message }
        return "\(param): \(error.message)"
    }

    /// new-api's code for a request it refuses is `invalid_request`; the others follow the
    /// OpenAI-style codes its relay uses elsewhere.
    static func code(_ kind: APIError.Kind) -> String {
        switch kind {
        case .missingParameter, .invalidParameter, .unsupported: "invalid_request"
        default: OpenAIErrorBody.code(kind)
        }
    }
}
