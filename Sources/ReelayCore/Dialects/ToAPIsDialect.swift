import Foundation

/// Seed B (seed 002; toapis): `POST /v1/videos/generations` with `aspect_ratio` and a
/// `metadata` object, queried at `GET /v1/videos/generations/{id}` as a flat `generation.task`.
///
/// Decisions where the seed is silent:
/// - `metadata` is documented as "extended parameters": besides `resolution` and `audio` it also
///   takes Ark's `seed`, `watermark`, `camera_fixed` (or `camerafixed`) and `return_last_frame`.
///   Unknown fields are ignored, as toapis does.
/// - `image_urls` roles follow the page by count (1 = first frame, 2 = first + last frame,
///   3+ = first + last + reference images), so the request means what toapis documents;
///   whether frames and references may be mixed is the catalog's rule, not the codec's.
///   An empty list counts as absent (clients send `[]` for "none").
/// - `image_with_roles[i].role` is required: first_frame, last_frame, reference_image, or
///   `reference` (the 1.0 spelling).
/// - The query object always has `completed_at` (null until the task ends) and `expires_at`
///   (null until there is a video: when its links expire). `result` appears on success only,
///   with the last frame (if asked for) at `result.last_frame_url`; `error` only on failure,
///   where cancelled and expired tasks read `failed` with the reason in `error.message`.
/// - What the page leaves out is refused by name (the catalog's toapis rules): a missing prompt
///   (also beside images: the page marks it required), `duration: -1` (the range is 4 ~ 12) and,
///   on 1.5 pro, `aspect_ratio: adaptive` (not one of its six ratios).
/// - Numbers and booleans sent as strings (`"duration": "5"`, `"audio": "true"`) are read as the
///   values they spell (`JSONObjectReader`): form-built clients send them, and nothing is lost.
/// - Error bodies carry the caller's parameter as `error.param` beside the documented keys.
public struct ToAPIsDialect: Dialect {
    public init() {}

    public var id: DialectID { .toapis }
    public var createRoute: APIRoute { APIRoutes.toapisCreate }
    public var queryRoute: APIRoute { APIRoutes.toapisQuery }

    public func decodeCreate(_ body: JSONValue) throws(APIError) -> GenerationRequest {
        let reader = try JSONObjectReader(body)
        var request = GenerationRequest(model: try reader.requiredString("model"))
        request.prompt = try reader.string("prompt") ?? ""
        request.duration = try reader.int("duration")
        request.ratio = try reader.string("aspect_ratio")
        request.paramNames["ratio"] = "aspect_ratio"

        if let metadata = try reader.object("metadata") {
            request.resolution = try metadata.string("resolution")
            request.generateAudio = try metadata.bool("audio")
            request.seed = try metadata.int("seed")
            request.watermark = try metadata.bool("watermark")
            request.returnLastFrame = try metadata.bool("return_last_frame")
            request.cameraFixed = try metadata.bool(metadata.has("camerafixed") ? "camerafixed" : "camera_fixed")
        }
        for (field, key) in [("resolution", "resolution"), ("generate_audio", "audio"), ("seed", "seed"),
                             ("watermark", "watermark"), ("return_last_frame", "return_last_frame")] {
            request.paramNames[field] = "metadata.\(key)"
        }

        request.media = try ImageFields.decode(reader, beside: []) { urls in
            urls.indices.map { $0 == 0 ? .firstFrame : $0 == 1 ? .lastFrame : .referenceImage }
        }
        request.paramNames["media"] = "image_urls"
        return request
    }

    public func createResponse(_ view: TaskView) -> JSONValue {
        .object(Self.task(view))
    }

    public func taskResponse(_ view: TaskView) -> JSONValue {
        let task = view.task
        var object = Self.task(view)
        object["completed_at"] = .int(task.finishedAt?.unixSeconds)
        object["expires_at"] = .int(task.status == .succeeded ? view.linksExpireAt?.unixSeconds : nil)
        if task.status == .succeeded {
            var result: [String: JSONValue] = [
                "type": "video",
                "data": [["url": .string(view.videoURL ?? ""), "format": "mp4"]],
            ]
            if let lastFrame = view.lastFrameURL { result["last_frame_url"] = .string(lastFrame) }
            object["result"] = .object(result)
        }
        if let reason = task.failureReason {
            object["error"] = ["code": "generation_failed", "message": .string(reason)]
        }
        return .object(object)
    }

    public func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue) {
        var body: [String: JSONValue] = [
            "code": .int(error.httpStatus),
            "message": .string(error.messageNamingParam),
            "type": .string(Self.errorType(error.kind)),
        ]
        if let param = error.param { body["param"] = .string(param) }
        return (error.httpStatus, ["error": .object(body)])
    }

    /// The keys the create answer and the query answer share.
    private static func task(_ view: TaskView) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "id": .string(view.task.id),
            "object": "generation.task",
            "model": .string(view.task.spec.requestedModel),
            "status": .string(status(view.task.status)),
            "progress": .int(view.task.progress),
            "created_at": .int(view.task.createdAt.unixSeconds),
            "metadata": [:],
        ]
        ReelayFields.add(view.task, to: &object)
        return object
    }

    public static func status(_ status: TaskStatus) -> String {
        switch status {
        case .queued: "queued"
        case .running: "in_progress"
        case .succeeded: "completed"
        case .failed, .cancelled, .expired: "failed"
        }
    }

    static func errorType(_ kind: APIError.Kind) -> String {
        switch kind {
        case .missingParameter, .invalidParameter, .unsupported, .conflict, .payloadTooLarge: "invalid_request"
        // toapis has no permission type; a key that may not do something is an authentication matter.
        case .unauthorized, .forbidden: "authentication_error"
        case .notFound: "not_found_error"
        case .rateLimited: "rate_limit_exceeded"
        case .quotaExceeded: "insufficient_quota"
        case .internalError, .unavailable: "internal_error"
        }
    }
}

/// `image_urls` and `image_with_roles`, the image fields seeds B and C share.
enum ImageFields {
    /// The images of a request whose other media are `beside`. `image_urls` get their roles
    /// from `UnroledImages` (the page's count rule `alone` when nothing else decides);
    /// `image_with_roles` carry their own. Both at once is an error naming `image_with_roles`.
    static func decode(_ reader: JSONObjectReader, beside: [MediaInput],
                       alone: ([String]) -> [MediaInput.Role]) throws(APIError) -> [MediaInput] {
        let urls = try reader.strings("image_urls") ?? []
        let roled = try reader.array("image_with_roles") ?? []
        if !urls.isEmpty && !roled.isEmpty {
            throw .invalid(reader.name("image_with_roles"),
                           "image_urls and image_with_roles cannot be used together; put every image in image_with_roles with its role.")
        }
        if urls.isEmpty { return try withRoles(roled, param: reader.name("image_with_roles")) }
        return zip(urls, UnroledImages.roles(urls, beside: beside, alone: alone)).enumerated().map { index, item in
            MediaInput(kind: .image, url: item.0, role: item.1, param: "\(reader.name("image_urls"))[\(index)]")
        }
    }

    private static let roleNames: [String: MediaInput.Role] = [
        "first_frame": .firstFrame, "last_frame": .lastFrame,
        "reference_image": .referenceImage, "reference": .referenceImage,
    ]

    private static func withRoles(_ items: [JSONValue], param: String) throws(APIError) -> [MediaInput] {
        var media: [MediaInput] = []
        for (index, item) in items.enumerated() {
            let entry = try JSONObjectReader(item, path: "\(param)[\(index)]")
            let url = try entry.requiredString("url")
            let name = try entry.requiredString("role")
            guard let role = roleNames[name] else {
                throw .invalid(entry.name("role"), "Unknown image role '\(name)'; use first_frame, last_frame or reference_image.")
            }
            media.append(MediaInput(kind: .image, url: url, role: role, param: entry.name("url")))
        }
        return media
    }
}

extension GenerationTask {
    /// Why a task ended without a video, for dialects that fold cancelled and expired into
    /// "failed" and need the reason to say which; nil while it runs or after it succeeded.
    var failureReason: String? {
        switch status {
        case .queued, .running, .succeeded: nil
        case .failed: failure?.message ?? "The generation failed."
        case .cancelled: failure?.message ?? "The task was cancelled."
        case .expired: failure?.message ?? "The task expired before it could finish."
        }
    }
}
