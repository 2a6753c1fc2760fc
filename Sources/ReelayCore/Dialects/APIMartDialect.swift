import Foundation

/// Seed C (seed 003; apimart): `POST /v1/videos/generations` with `size` and separate URL lists
/// per medium, answered in a `{code, data}` envelope; queried at `GET /v1/tasks/{id}`.
///
/// Decisions where the seed is silent:
/// - `image_urls` roles: one ordinary image alone is the first frame (cases 2 and 7). Otherwise
///   every entry is a reference image: beside `video_urls` or `audio_urls` (the multi-modal
///   cases 9 and 13; `UnroledImages`, the rule every dialect shares), as an `asset://`
///   portrait (cases 10 and 12 pass approved assets "as reference images"), or when there are
///   several (the page caps image_urls at "9 reference images"; first and last frames are asked
///   for with `image_with_roles`, case 3).
/// - `video_urls` are reference videos and `audio_urls` reference audio. The caps (9 images,
///   3 videos, 3 audio), "audio needs an image or video beside it" and "no video or audio with
///   first/last frames" are the catalog's media rules, checked by validation.
/// - Status words: queued is `submitted` (as the create answer says), running `processing`;
///   an expired task reads `failed`. `completed` and `actual_time` appear once the task ended,
///   `result` on success (a last frame, when asked for, at `result.images[0].url[0]`), and
///   `error` on failure or cancellation: `{code: <failure code>, message, type: failed |
///   cancelled | expired}`.
/// - `duration: -1` is refused by name (the catalog's apimart rule: the page's range is 4 to 15).
///   `seed: -1` is taken as Ark's random seed (the page gives no range), and numbers and
///   booleans sent as strings are read as the values they spell (`JSONObjectReader`).
/// - `estimated_time` is a rough render time from the output's length and resolution.
/// - Error bodies carry the caller's parameter as `error.param` beside the documented keys; an
///   exhausted quota is HTTP 402 `payment_required`, as apimart's type names it.
public struct APIMartDialect: Dialect {
    public init() {}

    public var id: DialectID { .apimart }
    public var createRoute: APIRoute { APIRoutes.apimartCreate }
    public var queryRoute: APIRoute { APIRoutes.apimartQuery }

    public func decodeCreate(_ body: JSONValue) throws(APIError) -> GenerationRequest {
        let reader = try JSONObjectReader(body)
        var request = GenerationRequest(model: try reader.requiredString("model"))
        request.prompt = try reader.string("prompt") ?? ""
        request.duration = try reader.int("duration")
        // The page's table gives 1.5 Pro `aspect_ratio` and `audio` where 2.0 has `size` and
        // `generate_audio`; either spelling is read for any model, one of each pair at most.
        let ratioKey = try Self.oneOf(reader, "size", "aspect_ratio")
        request.ratio = try reader.string(ratioKey)
        request.paramNames["ratio"] = ratioKey
        request.resolution = try reader.string("resolution")
        request.seed = try reader.int("seed")
        let audioKey = try Self.oneOf(reader, "generate_audio", "audio")
        request.generateAudio = try reader.bool(audioKey)
        request.paramNames["generate_audio"] = audioKey
        request.returnLastFrame = try reader.bool("return_last_frame")
        if let tools = try reader.array("tools") {
            request.tools = try ArkFields.toolTypes(tools, param: reader.name("tools"))
        }

        let videos = try Self.urls(reader, "video_urls", .video, .referenceVideo)
        let audio = try Self.urls(reader, "audio_urls", .audio, .referenceAudio)
        let images = try ImageFields.decode(reader, beside: videos + audio) { urls in
            let firstFrame = urls.count == 1 && !urls[0].hasPrefix("asset://")
            return Array(repeating: firstFrame ? .firstFrame : .referenceImage, count: urls.count)
        }
        request.media = images + videos + audio
        request.paramNames["media"] = "image_urls"
        return request
    }

    public func createResponse(_ view: TaskView) -> JSONValue {
        ["code": 200, "data": [["status": .string(Self.status(view.task.status)), "task_id": .string(view.task.id)]]]
    }

    public func taskResponse(_ view: TaskView) -> JSONValue {
        let task = view.task
        var data: [String: JSONValue] = [
            "id": .string(task.id),
            "status": .string(Self.status(task.status)),
            "progress": .int(task.progress),
            "created": .int(task.createdAt.unixSeconds),
            "estimated_time": .int(Self.estimatedSeconds(task.spec)),
        ]
        if let finished = task.finishedAt {
            data["completed"] = .int(finished.unixSeconds)
            data["actual_time"] = .int(max(0, finished.unixSeconds - (task.startedAt ?? task.createdAt).unixSeconds))
        }
        if task.status == .succeeded {
            var result: [String: JSONValue] = [
                "videos": [["url": .array(view.videoURL.map { [.string($0)] } ?? []),
                            "expires_at": .int(view.linksExpireAt?.unixSeconds)]],
            ]
            if let lastFrame = view.lastFrameURL { result["images"] = [["url": [.string(lastFrame)]]] }
            data["result"] = .object(result)
        }
        if let reason = task.failureReason {
            data["error"] = [
                "code": .string(task.failure?.code.rawValue ?? "generation_failed"),
                "message": .string(reason),
                "type": .string(ArkTaskObject.status(task.status)),
            ]
        }
        ReelayFields.add(task, to: &data)
        return ["code": 200, "data": .object(data)]
    }

    public func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue) {
        let (status, type): (Int, String) = switch error.kind {
        case .missingParameter, .invalidParameter, .unsupported, .notFound, .conflict, .payloadTooLarge:
            (error.httpStatus, "invalid_request_error")
        case .unauthorized: (error.httpStatus, "authentication_error")
        case .quotaExceeded: (402, "payment_required")
        case .forbidden: (error.httpStatus, "permission_error")
        case .rateLimited: (error.httpStatus, "rate_limit_error")
        case .internalError, .unavailable: (error.httpStatus, "server_error")
        }
        var body: [String: JSONValue] = ["code": .int(status), "message": .string(error.messageNamingParam), "type": .string(type)]
        if let param = error.param { body["param"] = .string(param) }
        return (status, ["error": .object(body)])
    }

    public static func status(_ status: TaskStatus) -> String {
        switch status {
        case .queued: "submitted"
        case .running: "processing"
        case .succeeded: "completed"
        case .failed, .expired: "failed"
        case .cancelled: "cancelled"
        }
    }

    /// About 12 s of rendering per second of 720p video, scaled by resolution (inferred; the page
    /// gives no figure). An automatic duration (-1) is counted as 5 s.
    static func estimatedSeconds(_ spec: RenderSpec) -> Int {
        let perSecond = switch spec.resolution {
        case "480p": 6
        case "1080p": 27
        default: 12
        }
        return (spec.duration > 0 ? spec.duration : 5) * perSecond
    }

    /// Which of two spellings of one field the body uses (the first when neither); both is an
    /// error naming the second.
    private static func oneOf(_ reader: JSONObjectReader, _ first: String, _ second: String) throws(APIError) -> String {
        guard reader.has(second) else { return first }
        if reader.has(first) {
            throw .invalid(reader.name(second), "\(first) and \(second) say the same thing; send one of them.")
        }
        return second
    }

    /// A list of URLs of one medium, each named by its index.
    private static func urls(_ reader: JSONObjectReader, _ key: String, _ kind: MediaInput.Kind,
                             _ role: MediaInput.Role) throws(APIError) -> [MediaInput] {
        (try reader.strings(key) ?? []).enumerated().map { index, url in
            MediaInput(kind: kind, url: url, role: role, param: "\(reader.name(key))[\(index)]")
        }
    }
}
