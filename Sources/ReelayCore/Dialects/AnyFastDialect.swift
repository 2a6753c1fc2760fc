import Foundation

/// Seed A (seeds 000 and 001; anyfast and other new-api resellers): Ark's content array at
/// `POST /v1/video/generations`, queried at `GET /v1/video/generations/{id}` in new-api's
/// `{code, message, data}` envelope with the Ark task object nested under `data.data`. Errors
/// are new-api's task error body (`NewAPIErrorBody`).
///
/// The two pages describe the same request but answer a create differently: seed 001 (the
/// newer) with `{id, task_id, object, model, status, progress, created_at}`, seed 000 with
/// `{id, status: "submitted", created_at}` and an ISO time. The bare path answers as seed 001;
/// `/anyfast-v0` answers as seed 000, so a client typed for either works by base URL alone.
public struct AnyFastDialect: Dialect {
    /// Which page's create answer this codec gives.
    public enum Page: Sendable { case seed000, seed001 }

    public let page: Page

    public init(page: Page = .seed001) {
        self.page = page
    }

    public var id: DialectID { .anyfast }
    public var createRoute: APIRoute { page == .seed000 ? APIRoutes.anyfastV0Create : APIRoutes.anyfastCreate }
    public var queryRoute: APIRoute { page == .seed000 ? APIRoutes.anyfastV0Query : APIRoutes.anyfastQuery }

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
        if page == .seed000 {
            return ["id": .string(view.task.id), "status": "submitted",
                    "created_at": .string(view.task.createdAt.formatted(.iso8601))]
        }
        return [
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
        ReelayFields.add(task, to: &data)
        return ["code": "success", "message": "", "data": .object(data)]
    }

    public func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue) {
        NewAPIErrorBody.encode(error)
    }

    public static func status(_ status: TaskStatus) -> String {
        switch status {
        case .queued: "QUEUED"
        case .running: "IN_PROGRESS"
        case .succeeded: "SUCCESS"
        case .failed, .cancelled, .expired: "FAILURE"
        }
    }
}
