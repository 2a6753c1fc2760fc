import Foundation

/// Seed D (seed 004; yutoai and other new-api resellers): the unified format at
/// `POST /v2/videos/generations`, answered with `{task_id}` and queried at
/// `GET /v2/videos/generations/{id}` as a flat new-api task.
///
/// Decisions where the seed is silent:
/// - `images` (an array of URLs) get roles the way Ark treats images without one: one is the
///   first frame, two are the first and last frame, three or more are reference images (1.0
///   lite i2v takes 1-4; frames and references cannot be mixed upstream).
/// - Ark's spellings of the top-level fields are read too (`camera_fixed`, `frames`, `draft`,
///   `tools`, `callback_url`): new-api forwards Ark's names, and the validator judges them.
/// - Status words: queued is `QUEUED`, running `IN_PROGRESS`; cancelled and expired tasks read
///   `FAILURE` with the reason in `fail_reason`. Times not yet reached are 0, as new-api writes
///   them. `data.output` is "" and `data.outputs` [] until there is a video; `data.last_frame_url`
///   appears when there is a last frame.
/// - The page marks `prompt` required and gives `seed` the range [0, 2147483647]: a missing
///   prompt (also beside images) and `seed: -1` are refused by name (the catalog's unified
///   rules). Numbers and booleans sent as strings are read as the values they spell.
/// - Errors are new-api's task error body (`NewAPIErrorBody`); an unknown task is its
///   `task_not_exist` body with HTTP 404 (new-api itself answers 400), as in seed A.
public struct UnifiedDialect: Dialect {
    public init() {}

    public var id: DialectID { .unified }
    public var createRoute: APIRoute { APIRoutes.unifiedCreate }
    public var queryRoute: APIRoute { APIRoutes.unifiedQuery }

    public func decodeCreate(_ body: JSONValue) throws(APIError) -> GenerationRequest {
        let reader = try JSONObjectReader(body)
        var request = GenerationRequest(model: try reader.requiredString("model"))
        request.prompt = try reader.string("prompt") ?? ""
        try ArkFields.apply(reader, to: &request)
        let images = try reader.strings("images") ?? []
        let roles = UnroledImages.roles(images, beside: [], alone: UnroledImages.arkCount)
        request.media = zip(images, roles).enumerated().map { index, item in
            MediaInput(kind: .image, url: item.0, role: item.1, param: "images[\(index)]")
        }
        request.paramNames["media"] = "images"
        return request
    }

    public func createResponse(_ view: TaskView) -> JSONValue {
        ["task_id": .string(view.task.id)]
    }

    public func taskResponse(_ view: TaskView) -> JSONValue {
        let task = view.task
        let videos = task.status == .succeeded ? view.videoURL.map { [$0] } ?? [] : []
        var data: [String: JSONValue] = [
            "output": .string(videos.first ?? ""),
            "outputs": .array(videos.map { .string($0) }),
        ]
        if task.status == .succeeded, let lastFrame = view.lastFrameURL { data["last_frame_url"] = .string(lastFrame) }
        var object: [String: JSONValue] = [
            "task_id": .string(task.id),
            "platform": "seedance",
            "action": "generate",
            "status": .string(AnyFastDialect.status(task.status)),
            "fail_reason": .string(task.failureReason ?? ""),
            "submit_time": .int(task.createdAt.unixSeconds),
            "start_time": .int(task.startedAt?.unixSeconds ?? 0),
            "finish_time": .int(task.finishedAt?.unixSeconds ?? 0),
            "progress": .string("\(task.progress)%"),
            "data": .object(data),
        ]
        ReelayFields.add(task, to: &object)
        return .object(object)
    }

    public func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue) {
        NewAPIErrorBody.encode(error)
    }
}
