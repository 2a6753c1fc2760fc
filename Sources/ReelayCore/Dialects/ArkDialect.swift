import Foundation

/// Volcengine Ark / BytePlus ModelArk, as its official SDK (`volcenginesdkarkruntime`,
/// `client.content_generation.tasks`) speaks it: `POST /api/v3/contents/generations/tasks`
/// answers `{"id"}`, `GET .../tasks/{id}` the task object, `GET .../tasks` a page of them.
///
/// Decisions where Ark's documents are silent:
/// - The SDK sends every optional field, as `null` when unset: null means "not given".
/// - Fields the SDK sends that Reelay has no use for (`safety_identifier`, `output_format`,
///   `omni_reference_task_type`) are ignored, as Ark ignores what a model does not use.
/// - `service_tier`, `execution_expires_after` and `priority` are checked here (so a bad value
///   names its parameter) but do not change how Reelay schedules; the task object reports
///   Ark's defaults for them.
/// - An unknown model is Ark's 404 `InvalidEndpointOrModel.NotFound`, not a 400.
/// - `param` is always present in error bodies, `""` when no parameter is at fault, as Ark does.
public struct ArkDialect: Dialect {
    public init() {}

    public var id: DialectID { .ark }
    public var createRoute: APIRoute { APIRoutes.arkCreate }
    public var queryRoute: APIRoute { APIRoutes.arkQuery }

    static let serviceTiers = ["default", "flex"]
    /// Seconds a task may wait before it expires (Ark's default is 172800, two days).
    static let executionExpiry = 3600...259_200
    static let priorities = 0...9

    public func decodeCreate(_ body: JSONValue) throws(APIError) -> GenerationRequest {
        let reader = try JSONObjectReader(body)
        let request = try Self.decodeBody(reader)
        if let tier = try reader.string("service_tier"), !Self.serviceTiers.contains(tier) {
            throw .invalid("service_tier", "service_tier must be default or flex, not '\(tier)'.")
        }
        try Self.check(reader, "execution_expires_after", in: Self.executionExpiry, unit: " seconds")
        try Self.check(reader, "priority", in: Self.priorities)
        return request
    }

    /// Ark's generation body: `model`, `content[]` (with the legacy text commands, which the
    /// top-level fields override) and the top-level generation fields. Seed A forwards the same
    /// body, so `AnyFastDialect` decodes it the same way.
    static func decodeBody(_ reader: JSONObjectReader) throws(APIError) -> GenerationRequest {
        var request = GenerationRequest(model: try reader.requiredString("model"))
        let content = try ContentArray.decode(reader, param: "content")
        request.media = content.media
        request.draftTaskID = content.draftTaskID
        request.paramNames["prompt"] = content.textParam
        request.paramNames["media"] = "content"

        // Applied first, so that the top-level fields below win.
        let commands = try PromptCommands.parse(content.text, param: content.textParam)
        request.prompt = commands.prompt
        let commandParam = "\(content.textParam) commands"
        func fromCommand<T>(_ value: T?, _ field: String) -> T? {
            if value != nil { request.paramNames[field] = commandParam }
            return value
        }
        request.resolution = fromCommand(commands.resolution, "resolution")
        request.ratio = fromCommand(commands.ratio, "ratio")
        request.duration = fromCommand(commands.duration, "duration")
        request.frames = fromCommand(commands.frames, "frames")
        request.seed = fromCommand(commands.seed, "seed")
        request.cameraFixed = fromCommand(commands.cameraFixed, "camera_fixed")
        request.watermark = fromCommand(commands.watermark, "watermark")
        if let fps = commands.fps, fps != 24 {
            throw APIError.invalid(commandParam, "Only 24 fps is supported (--fps \(fps)).")
        }

        try ArkFields.apply(reader, to: &request)
        return request
    }

    private static func check(_ reader: JSONObjectReader, _ key: String, in range: ClosedRange<Int>,
                              unit: String = "") throws(APIError) {
        guard let value = try reader.int(key), !range.contains(value) else { return }
        throw .invalid(key, "\(key) must be between \(range.lowerBound) and \(range.upperBound)\(unit), not \(value).")
    }

    public func createResponse(_ view: TaskView) -> JSONValue {
        ["id": .string(view.task.id)]
    }

    public func taskResponse(_ view: TaskView) -> JSONValue {
        ArkTaskObject.encode(view)
    }

    public func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue) {
        var status = error.httpStatus
        var code = Self.code(error.kind)
        var type = Self.type(status)
        if error.param == "model" && (error.kind == .invalidParameter || error.kind == .notFound) {
            (status, code, type) = (404, "InvalidEndpointOrModel.NotFound", "NotFound")
        }
        let body: JSONValue = ["error": [
            "code": .string(code),
            "message": .string(error.message),
            "param": .string(error.param ?? ""),
            "type": .string(type),
        ]]
        return (status, body)
    }

    static func code(_ kind: APIError.Kind) -> String {
        switch kind {
        case .missingParameter: "MissingParameter"
        case .invalidParameter, .unsupported: "InvalidParameter"
        case .unauthorized: "AuthenticationError"
        case .forbidden: "AccessDenied"
        case .notFound: "ResourceNotFound"
        case .conflict: "Conflict"
        case .payloadTooLarge: "RequestTooLarge"
        case .rateLimited: "RateLimitExceeded"
        case .quotaExceeded: "QuotaExceeded"
        case .internalError: "InternalServiceError"
        case .unavailable: "ServiceUnavailable"
        }
    }

    /// Ark names the error type after the HTTP status.
    static func type(_ status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 409: "Conflict"
        case 413: "RequestEntityTooLarge"
        case 429: "TooManyRequests"
        case 503: "ServiceUnavailable"
        default: "InternalServerError"
        }
    }
}
