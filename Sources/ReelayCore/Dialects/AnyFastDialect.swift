import Foundation

/// Seed A (seeds 000 and 001; anyfast and other new-api resellers): Ark's content array at
/// `POST /v1/video/generations`, queried at `GET /v1/video/generations/{id}` in new-api's
/// `{code, message, data}` envelope with the Ark task object nested under `data.data`.
public struct AnyFastDialect: Dialect {
    public init() {}

    public var id: DialectID { .anyfast }
    public var createRoute: APIRoute { APIRoutes.anyfastCreate }
    public var queryRoute: APIRoute { APIRoutes.anyfastQuery }

    public func decodeCreate(_ body: JSONValue) throws(APIError) -> GenerationRequest {
        let reader = try JSONObjectReader(body)
        var request = GenerationRequest(model: try reader.requiredString("model"))
        let content = try ContentArray.decode(reader, param: "content")
        request.media = content.media
        request.draftTaskID = content.draftTaskID
        request.paramNames["prompt"] = content.textParam
        request.paramNames["media"] = "content"

        // Legacy text commands: applied first, so that the top-level fields below win.
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

    public func createResponse(_ view: TaskView) -> JSONValue {
        // Seed 001's shape; seed 000's older `{id, status, created_at}` is a subset of its keys.
        [
            "id": .string(view.task.id),
            "task_id": .string(view.task.id),
            "object": "video",
            "model": .string(view.task.spec.requestedModel),
            "status": "",
            "progress": 0,
            "created_at": .int(view.task.createdAt.unixSeconds),
        ]
    }

    public func taskResponse(_ view: TaskView) -> JSONValue {
        let task = view.task
        var data: [String: JSONValue] = [
            "task_id": .string(task.id),
            "action": "generate",
            "status": .string(Self.status(task.status)),
            "fail_reason": .string(task.failure?.message ?? ""),
            "submit_time": .int(task.createdAt.unixSeconds),
            "start_time": .int(task.startedAt?.unixSeconds ?? 0),
            "finish_time": .int(task.finishedAt?.unixSeconds ?? 0),
            "progress": .string("\(task.progress)%"),
            "data": ArkTaskObject.encode(view),
        ]
        if task.status == .succeeded, let url = view.videoURL { data["result_url"] = .string(url) }
        return ["code": "success", "message": "", "data": .object(data)]
    }

    public func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue) {
        if error.kind == .notFound, error.param == "task_id" {
            // new-api's unknown-task answer (it uses HTTP 400; we answer 404 with the same body).
            return (404, ["code": "task_not_exist", "message": "task_not_exist", "data": nil])
        }
        return (error.httpStatus, OpenAIErrorBody.encode(error))
    }

    static func status(_ status: TaskStatus) -> String {
        switch status {
        case .queued: "QUEUED"
        case .running: "IN_PROGRESS"
        case .succeeded: "SUCCESS"
        case .failed, .cancelled, .expired: "FAILURE"
        }
    }
}
