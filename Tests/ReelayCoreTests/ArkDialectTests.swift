import Foundation
import Testing
@testable import ReelayCore

/// Ark native: the bodies the official SDK (`volcenginesdkarkruntime`) sends decode and validate,
/// tasks encode into its `ContentGenerationTask` and list models, list queries parse as the SDK
/// writes them, and errors take Ark's shape.
@Suite struct ArkDialectTests {
    let dialect = ArkDialect()

    // MARK: - Create

    /// `tasks.create(model=..., content=[...])` as the SDK sends it: every optional field null.
    @Test func sdkBodyWithNullsDecodesAndValidates() throws {
        let request = try dialect.decode("""
            {"model": "doubao-seedance-1-0-lite-t2v-250428",
             "content": [{"type": "text", "text": "小猫在古香古色的室内吃东西 --ratio 16:9 --resolution 720p  --dur 5 --camerafixed false"}],
             "safety_identifier": null, "callback_url": null, "return_last_frame": null, "service_tier": null,
             "execution_expires_after": null, "priority": null, "generate_audio": null, "draft": null, "camera_fixed": null,
             "watermark": null, "seed": null, "resolution": null, "ratio": null, "duration": null, "frames": null,
             "tools": null, "output_format": null, "omni_reference_task_type": null}
            """)
        #expect(request.prompt == "小猫在古香古色的室内吃东西")
        #expect(request.callbackURL == nil && request.tools.isEmpty)
        let spec = try validate(request)
        #expect(spec.model == "doubao-seedance-1-0-lite-t2v-250428")
        #expect(spec.resolution == "720p" && spec.ratio == "16:9" && spec.duration == 5 && !spec.cameraFixed)
        #expect(spec.width == 1248 && spec.height == 704)
        #expect(spec.seed == randomSeed)
    }

    /// Every create parameter of the SDK at once, Seedance 2.0 with multimodal references.
    @Test func everySdkParameterDecodesAndValidates() throws {
        let request = try dialect.decode("""
            {"model": "doubao-seedance-2-0-260128",
             "content": [
               {"type": "text", "text": "The girl in image 1 dances to the music of audio 1, filmed like video 1"},
               {"type": "image_url", "image_url": {"url": "https://example.com/girl.png"}, "role": "reference_image"},
               {"type": "image_url", "image_url": {"url": "https://example.com/room.png"}, "role": "reference_image"},
               {"type": "video_url", "video_url": {"url": "https://example.com/moves.mp4"}, "role": "reference_video"},
               {"type": "audio_url", "audio_url": {"url": "https://example.com/song.mp3"}, "role": "reference_audio"}
             ],
             "callback_url": "https://example.com/hook", "return_last_frame": true, "service_tier": "flex",
             "execution_expires_after": 3600, "priority": 9, "generate_audio": true, "draft": false, "camera_fixed": false,
             "watermark": true, "seed": 11, "resolution": "1080p", "ratio": "9:16", "duration": 12, "frames": null,
             "safety_identifier": "user-1", "output_format": "mp4"}
            """)
        #expect(request.media.map(\.role) == [.referenceImage, .referenceImage, .referenceVideo, .referenceAudio])
        #expect(request.media.map(\.param) == ["content[1].image_url.url", "content[2].image_url.url", "content[3].video_url.url",
                                                "content[4].audio_url.url"])
        #expect(request.callbackURL == "https://example.com/hook")
        let spec = try validate(request)
        #expect(spec.model == "doubao-seedance-2.0" && spec.requestedModel == "doubao-seedance-2-0-260128")
        #expect(spec.resolution == "1080p" && spec.ratio == "9:16" && spec.width == 1080 && spec.height == 1920)
        #expect(spec.duration == 12 && spec.seed == 11 && spec.generateAudio && spec.watermark && spec.returnLastFrame)
    }

    @Test func firstAndLastFramesAndFrames() throws {
        let request = try dialect.decode("""
            {"model": "doubao-seedance-1-5-pro-251215",
             "content": [{"type": "text", "text": "a bud opens"},
               {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}, "role": "first_frame"},
               {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}, "role": "last_frame"}],
             "frames": 121}
            """)
        #expect(request.media.map(\.role) == [.firstFrame, .lastFrame])
        #expect(request.frames == 121)
    }

    @Test func draftTaskDecodesAndValidates() throws {
        let request = try dialect.decode("""
            {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "draft_task", "draft_task": {"id": "cgt-20260101000000-abcde"}}],
             "resolution": "720p"}
            """)
        #expect(request.draftTaskID == "cgt-20260101000000-abcde")
        let spec = try validate(request)
        #expect(spec.draftTaskID == "cgt-20260101000000-abcde" && spec.resolution == "720p")
    }

    @Test func topLevelFieldsWinOverTextCommands() throws {
        let request = try dialect.decode("""
            {"model": "doubao-seedance-1-0-pro-250528", "content": [{"type": "text", "text": "a fox --rs 480p --dur 5 --seed 3"}],
             "duration": 10, "seed": 4}
            """)
        #expect(request.prompt == "a fox" && request.resolution == "480p" && request.duration == 10 && request.seed == 4)
        #expect(request.param("resolution") == "content[0].text commands")
        #expect(request.param("duration") == "duration")
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var label: String
        var json: String
        var param: String
        var kind: APIError.Kind = .invalidParameter
        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "service tier", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "service_tier": "turbo"}"#, param: "service_tier"),
        BadInput(label: "expiry too short", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "execution_expires_after": 3599}"#, param: "execution_expires_after"),
        BadInput(label: "expiry too long", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "execution_expires_after": 259201}"#, param: "execution_expires_after"),
        BadInput(label: "priority 10", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "priority": 10}"#, param: "priority"),
        BadInput(label: "priority -1", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "priority": -1}"#, param: "priority"),
        BadInput(label: "priority word", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "priority": "high"}"#, param: "priority"),
        BadInput(label: "no model", json: #"{"content": [{"type": "text", "text": "x"}]}"#, param: "model", kind: .missingParameter),
        BadInput(label: "no content", json: #"{"model": "doubao-seedance-2.0"}"#, param: "content", kind: .missingParameter),
        BadInput(label: "no image url", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}, {"type": "image_url", "image_url": {}}]}"#, param: "content[1].image_url.url", kind: .missingParameter),
        BadInput(label: "bad role", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "image_url", "image_url": {"url": "https://e.com/a.png"}, "role": "hero"}]}"#, param: "content[0].role"),
        BadInput(label: "bad content type", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "html"}]}"#, param: "content[0].type"),
        BadInput(label: "bad command", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x --rt wide"}]}"#, param: "content[0].text"),
        BadInput(label: "fps command", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x --fps 30"}]}"#, param: "content[0].text commands"),
        BadInput(label: "callback", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "callback_url": "ftp://e.com"}"#, param: "callback_url"),
        BadInput(label: "unknown model", json: #"{"model": "doubao-seedance-9", "content": [{"type": "text", "text": "x"}]}"#, param: "model"),
        BadInput(label: "duration", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "duration": 30}"#, param: "duration"),
        BadInput(label: "empty text", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": ""}]}"#, param: "content[0].text", kind: .missingParameter),
        BadInput(label: "image not a URL", json: #"{"model": "doubao-seedance-2.0", "content": [{"type": "image_url", "image_url": {"url": "cat.png"}}]}"#, param: "content[0].image_url.url"),
    ]

    @Test(arguments: badInputs) func badInputNamesTheParameter(_ input: BadInput) {
        let error = dialect.rejection(input.json)
        #expect(error?.param == input.param)
        #expect(error?.kind == input.kind)
    }

    @Test func boundaryValuesOfTheSchedulingFieldsAreAccepted() throws {
        for (expiry, priority) in [(3600, 0), (259_200, 9), (172_800, 5)] {
            _ = try dialect.decode("""
                {"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}],
                 "service_tier": "default", "execution_expires_after": \(expiry), "priority": \(priority)}
                """)
        }
    }

    // MARK: - Responses

    static let created = Date(timeIntervalSince1970: 1_773_328_294)

    func task(_ status: TaskStatus, configure: (inout RenderSpec) -> Void = { _ in }) -> GenerationTask {
        var spec = RenderSpec(model: "doubao-seedance-2.0", requestedModel: "doubao-seedance-2-0-260128", family: .v2, prompt: "p",
                              media: [], resolution: "720p", ratio: "16:9", width: 1280, height: 720, duration: 5, frames: nil,
                              seed: 11, generateAudio: true, watermark: false, cameraFixed: false, returnLastFrame: true, draft: false)
        configure(&spec)
        var task = GenerationTask(id: "cgt-20260312231129-7db6s", owner: "o", dialect: .ark, spec: spec, createdAt: Self.created, status: status)
        task.updatedAt = Self.created.addingTimeInterval(54)
        if status == .succeeded {
            task.result = TaskResult(videoFile: "video.mp4", lastFrameFile: "last_frame.png", width: 1280, height: 720, ratio: "16:9",
                                     duration: 5, frames: 121, fps: 24, hasAudio: true)
        }
        if status == .failed { task.failure = TaskFailure(code: "OutputVideoSensitiveContentDetected", message: "The output video may contain sensitive information.") }
        return task
    }

    @Test func createResponseIsTheTaskID() {
        #expect(dialect.createResponse(TaskView(task: task(.queued))) == ["id": "cgt-20260312231129-7db6s"])
    }

    /// Every field of the SDK's `ContentGenerationTask` that Reelay has a value for, with its type.
    @Test func succeededTaskObject() {
        let view = TaskView(task: task(.succeeded), videoURL: "https://h/v.mp4", lastFrameURL: "https://h/l.png")
        let tokens = 1280 * 720 * 24 * 5 / 1024
        #expect(dialect.taskResponse(view) == [
            "id": "cgt-20260312231129-7db6s",
            "model": "doubao-seedance-2-0-260128",
            "status": "succeeded",
            "error": nil,
            "content": ["video_url": "https://h/v.mp4", "last_frame_url": "https://h/l.png"],
            "usage": ["completion_tokens": .int(tokens), "total_tokens": .int(tokens)],
            "created_at": 1_773_328_294,
            "updated_at": 1_773_328_348,
            "seed": 11,
            "resolution": "720p",
            "ratio": "16:9",
            "duration": 5,
            "frames": 121,
            "framespersecond": 24,
            "generate_audio": true,
            "draft": false,
            "camera_fixed": false,
            "watermark": false,
            "service_tier": "default",
            "execution_expires_after": 172_800,
        ])
    }

    @Test func failedRunningAndDraftTaskObjects() {
        let failed = dialect.taskResponse(TaskView(task: task(.failed)))
        #expect(failed["status"] == "failed")
        #expect(failed["error"] == ["code": "OutputVideoSensitiveContentDetected", "message": "The output video may contain sensitive information."])
        #expect(failed["content"] == nil && failed["usage"] == nil)

        for status in [TaskStatus.queued, .running, .cancelled, .expired] {
            let object = dialect.taskResponse(TaskView(task: task(status)))
            #expect(object["status"]?.stringValue == status.rawValue)
            #expect(object["error"] == .null && object["content"] == nil)
        }

        let draft = dialect.taskResponse(TaskView(task: task(.queued) { spec in
            spec.draftTaskID = "cgt-draft"
            spec.tools = ["web_search"]
            spec.frames = 121
        }))
        #expect(draft["draft_task_id"] == "cgt-draft")
        #expect(draft["tools"] == [["type": "web_search"]])
        #expect(draft["frames"] == 121 && draft["duration"] == 5)
    }

    /// DIALECTS.md: 24 x duration frames, one more on the newer models; unknown while the model
    /// still chooses the length.
    @Test func framesFollowTheModelFamily() {
        let newer = dialect.taskResponse(TaskView(task: task(.queued)))
        #expect(newer["frames"] == 121 && newer["duration"] == 5)
        let older = dialect.taskResponse(TaskView(task: task(.queued) { $0.family = .v1 }))
        #expect(older["frames"] == 120)
        let chosen = dialect.taskResponse(TaskView(task: task(.queued) { $0.duration = -1 }))
        #expect(chosen["frames"] == nil && chosen["duration"] == -1)
    }

    // MARK: - Listing

    /// Exactly what `tasks.list(page_num=2, page_size=3, status="queued", task_ids=["a", "b"],
    /// model="m", service_tier="flex")` puts in the query string.
    @Test func sdkListQuery() throws {
        let query = try dialect.listQuery([("page_num", "2"), ("page_size", "3"), ("filter.status", "queued"), ("filter.model", "m"),
                                           ("filter.service_tier", "flex"), ("filter.task_ids", "a"), ("filter.task_ids", "b")])
        #expect(query.page == 2 && query.limit == 3)
        #expect(query.statuses == [.queued] && query.ids == ["a", "b"] && query.model == "m")
    }

    @Test func listQueryDefaults() throws {
        let query = try dialect.listQuery([("unknown", "x")])
        #expect(query.page == 1 && query.limit == 10)
        #expect(query.statuses.isEmpty && query.ids.isEmpty && query.model == nil && query.after == nil)
    }

    @Test(arguments: ["queued", "running", "cancelled", "succeeded", "failed", "expired"])
    func listStatuses(_ word: String) throws {
        #expect(try dialect.listQuery([("filter.status", word)]).statuses == [TaskStatus(rawValue: word)!])
    }

    @Test func pageBoundsAreInclusive() throws {
        #expect(try dialect.listQuery([("page_num", "500"), ("page_size", "500")]).limit == 500)
        #expect(try dialect.listQuery([("page_num", "1"), ("page_size", "1")]).page == 1)
    }

    @Test(arguments: [("page_num", "0"), ("page_num", "501"), ("page_size", "0"), ("page_size", "501"), ("page_size", "ten"),
                      ("filter.status", "done"), ("filter.service_tier", "turbo")])
    func badListParameterIsNamed(_ name: String, _ value: String) throws {
        let error = try #require(throws: APIError.self) { try dialect.listQuery([(name, value)]) }
        #expect(error.param == name && error.kind == .invalidParameter)
    }

    @Test func listResponseShape() {
        let views = [TaskView(task: task(.queued)), TaskView(task: task(.failed))]
        let body = dialect.listResponse(views, total: 7)
        #expect(body["total"] == 7)
        #expect(body["items"] == .array(views.map(ArkTaskObject.encode)))
        #expect(body.objectValue?.keys.sorted() == ["items", "total"])
    }

    // MARK: - Errors

    @Test(arguments: [
        (APIError(.missingParameter, "m", param: "content"), 400, "MissingParameter", "BadRequest"),
        (APIError(.invalidParameter, "m", param: "content[0].image_url.url"), 400, "InvalidParameter", "BadRequest"),
        (APIError(.unsupported, "m", param: "tools"), 400, "InvalidParameter", "BadRequest"),
        (APIError.unauthorized, 401, "AuthenticationError", "Unauthorized"),
        (APIError(.forbidden, "m"), 403, "AccessDenied", "Forbidden"),
        (APIError(.conflict, "m"), 409, "Conflict", "Conflict"),
        (APIError.bodyTooLarge, 413, "RequestTooLarge", "RequestEntityTooLarge"),
        (APIError(.rateLimited, "m"), 429, "RateLimitExceeded", "TooManyRequests"),
        (APIError(.quotaExceeded, "m"), 429, "QuotaExceeded", "TooManyRequests"),
        (APIError(.internalError, "m"), 500, "InternalServiceError", "InternalServerError"),
        (APIError(.unavailable, "m"), 503, "ServiceUnavailable", "ServiceUnavailable"),
    ])
    func errorShape(_ error: APIError, _ status: Int, _ code: String, _ type: String) {
        let (httpStatus, body) = dialect.errorResponse(error)
        #expect(httpStatus == status)
        #expect(body == ["error": ["code": .string(code), "message": .string(error.message), "param": .string(error.param ?? ""), "type": .string(type)]])
    }

    @Test func unknownModelIsNotFound() throws {
        let error = try #require(dialect.rejection(#"{"model": "doubao-seedance-9", "content": [{"type": "text", "text": "x"}]}"#))
        let (status, body) = dialect.errorResponse(error)
        #expect(status == 404)
        #expect(body["error"]?["code"] == "InvalidEndpointOrModel.NotFound")
        #expect(body["error"]?["type"] == "NotFound")
        #expect(body["error"]?["param"] == "model")
    }

    @Test func unknownTaskIsResourceNotFound() {
        let (status, body) = dialect.errorResponse(.taskNotFound("cgt-20260101000000-nope"))
        #expect(status == 404)
        #expect(body["error"]?["code"] == "ResourceNotFound")
        #expect(body["error"]?["type"] == "NotFound")
        #expect(body["error"]?["param"] == "task_id")
        #expect(body["error"]?["message"]?.stringValue?.contains("cgt-20260101000000-nope") == true)
    }

    @Test func routes() {
        #expect(dialect.id == .ark)
        #expect(dialect.createRoute.path == "/api/v3/contents/generations/tasks")
        #expect(dialect.queryRoute.routerPath == "/api/v3/contents/generations/tasks/:task_id")
    }
}
