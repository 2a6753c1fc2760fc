import Foundation
import Testing
@testable import ReelayCore

/// Seed D (seed 004, the unified v2 format): the page's request and response, decoded verbatim
/// and validated; every documented parameter; the flat new-api task answer; then bad input,
/// named as the caller wrote it.
@Suite struct UnifiedDialectTests {
    let dialect = UnifiedDialect()

    // MARK: - The page's examples, verbatim

    static let seedRequest = #"""
        {
        "prompt": "dance",
        "model": "doubao-seedance-1-0-lite-t2v-250428"
        }
        """#

    static let seedResponse = #"""
        {
        "task_id": "cgt-20250831141439-sqmgf"
        }
        """#

    @Test func seedRequestDecodesAndValidates() throws {
        let request = try dialect.decode(Self.seedRequest)
        #expect(request == GenerationRequest(model: "doubao-seedance-1-0-lite-t2v-250428", prompt: "dance",
                                             paramNames: ["media": "images"]))
        let spec = try dialect.spec(Self.seedRequest)
        #expect(spec.model == "doubao-seedance-1-0-lite-t2v-250428" && spec.requestedModel == spec.model)
        #expect(spec.family == .v1)
        #expect(spec.prompt == "dance")
        // Seed D's defaults: 480p, 16:9, 5 s, no watermark.
        #expect(spec.resolution == "480p" && spec.ratio == "16:9")
        #expect(spec.width == 864 && spec.height == 480)
        #expect(spec.duration == 5 && spec.frames == nil && spec.fps == 24)
        #expect(spec.seed == randomSeed)
        #expect(!spec.generateAudio && !spec.watermark && !spec.cameraFixed && !spec.returnLastFrame)
        #expect(spec.media.isEmpty)
    }

    @Test func createAnswerIsTheSeedResponse() throws {
        let task = Self.task(try dialect.spec(Self.seedRequest), id: "cgt-20250831141439-sqmgf")
        #expect(dialect.createResponse(TaskView(task: task)) == (try JSONValue.parse(Data(Self.seedResponse.utf8))))
    }

    @Test func everyDocumentedParameterIsRead() throws {
        let spec = try dialect.spec(#"""
            {"prompt": "a lighthouse", "model": "doubao-seedance-1-0-pro-250528", "duration": 10, "resolution": "1080p",
             "ratio": "9:21", "watermark": true, "seed": 2147483647, "camerafixed": true, "return_last_frame": true,
             "generate_audio": false}
            """#)
        #expect(spec.duration == 10 && spec.resolution == "1080p" && spec.ratio == "9:21")
        #expect(spec.width == 928 && spec.height == 2176)
        #expect(spec.watermark && spec.cameraFixed && spec.returnLastFrame && !spec.generateAudio)
        #expect(spec.seed == 2_147_483_647)
    }

    @Test func seedZeroIsKept() throws {
        #expect(try dialect.spec(#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "seed": 0}"#).seed == 0)
    }

    // MARK: - Images

    @Test(arguments: [
        (1, [MediaInput.Role.firstFrame]),
        (2, [.firstFrame, .lastFrame]),
        (3, [.referenceImage, .referenceImage, .referenceImage]),
        (4, [.referenceImage, .referenceImage, .referenceImage, .referenceImage]),
    ])
    func imageRolesFollowTheCount(count: Int, roles: [MediaInput.Role]) throws {
        let spec = try dialect.spec(#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-i2v-250428", "images": [\#(Self.urls(count))]}"#)
        #expect(spec.media.map(\.role) == roles)
        #expect(spec.media.map(\.param) == (0..<count).map { "images[\($0)]" })
        #expect(spec.media.allSatisfy { $0.kind == .image })
    }

    @Test func imageRatiosWaitForTheImage() throws {
        let keep = try dialect.spec(#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-i2v-250428", "images": ["https://e.com/a.png"], "ratio": "keep_ratio"}"#)
        #expect(keep.ratio == "keep_ratio" && keep.width == nil && keep.height == nil)
        let adaptive = try dialect.spec(#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-t2v-250428", "ratio": "adaptive"}"#)
        #expect(adaptive.ratio == "16:9" && adaptive.width == 864)
    }

    /// Seed 004 marks prompt required and gives the seed range without -1: both hold here, also
    /// where Ark would be lenient (images without a prompt, -1 for a random seed).
    @Test func promptIsRequiredBesideImagesAndSeedMinusOneIsRefused() throws {
        let noPrompt = dialect.rejection(#"{"model": "doubao-seedance-1-0-pro-250528", "images": ["https://e.com/a.png"]}"#)
        #expect(noPrompt == APIError(.missingParameter, "The parameter prompt is required.", param: "prompt"))
        let randomSeed = dialect.rejection(#"{"model": "doubao-seedance-1-0-pro-250528", "prompt": "p", "seed": -1}"#)
        #expect(randomSeed == .invalid("seed", "seed must be between 0 and 2147483647; leave it out for a random seed; got -1."))
        #expect(dialect.errorResponse(try #require(randomSeed)).status == 400)
        #expect(try dialect.spec(#"{"model": "doubao-seedance-1-0-pro-250528", "prompt": "p", "duration": "10", "seed": "7"}"#).seed == 7)
    }

    // MARK: - Query answers

    @Test func queuedTask() throws {
        let task = Self.task(try dialect.spec(Self.seedRequest))
        #expect(dialect.taskResponse(TaskView(task: task)) == [
            "task_id": "cgt-20250831141439-sqmgf", "platform": "seedance", "action": "generate", "status": "QUEUED",
            "fail_reason": "", "submit_time": 1_756_649_679, "start_time": 0, "finish_time": 0, "progress": "0%",
            "data": ["output": "", "outputs": []],
        ])
    }

    @Test func runningTask() throws {
        var task = Self.task(try dialect.spec(Self.seedRequest))
        task.status = .running
        task.progress = 42
        task.startedAt = Self.created.addingTimeInterval(5)
        let body = dialect.taskResponse(TaskView(task: task))
        #expect(body["status"] == "IN_PROGRESS")
        #expect(body["progress"] == "42%")
        #expect(body["start_time"] == 1_756_649_684 && body["finish_time"] == 0)
        #expect(keys(body) == Self.flatKeys)
    }

    @Test func succeededTask() throws {
        let task = finished(Self.task(try dialect.spec(Self.seedRequest)), .succeeded)
        let view = TaskView(task: task, videoURL: "https://reelay.example/v.mp4", lastFrameURL: "https://reelay.example/f.png",
                            linksExpireAt: Self.created.addingTimeInterval(86_400))
        #expect(dialect.taskResponse(view) == [
            "task_id": "cgt-20250831141439-sqmgf", "platform": "seedance", "action": "generate", "status": "SUCCESS",
            "fail_reason": "", "submit_time": 1_756_649_679, "start_time": 1_756_649_684, "finish_time": 1_756_649_739,
            "progress": "100%",
            "data": ["output": "https://reelay.example/v.mp4", "outputs": ["https://reelay.example/v.mp4"],
                     "last_frame_url": "https://reelay.example/f.png"],
        ])
    }

    @Test(arguments: [
        (TaskStatus.failed, TaskFailure(code: "ProviderError", message: "The prompt was rejected."), "The prompt was rejected."),
        (.failed, nil, "The generation failed."),
        (.cancelled, nil, "The task was cancelled."),
        (.expired, TaskFailure(code: "Expired", message: "The task waited too long and expired."), "The task waited too long and expired."),
    ] as [(TaskStatus, TaskFailure?, String)])
    func unsuccessfulTasksAreFailureWithTheReason(status: TaskStatus, failure: TaskFailure?, reason: String) throws {
        var task = finished(Self.task(try dialect.spec(Self.seedRequest)), status)
        task.failure = failure
        let body = dialect.taskResponse(TaskView(task: task))
        #expect(keys(body) == Self.flatKeys)
        #expect(body["status"] == "FAILURE")
        #expect(body["fail_reason"] == .string(reason))
        #expect(body["finish_time"] == 1_756_649_739)
        #expect(body["data"] == ["output": "", "outputs": []])
    }

    // MARK: - Bad input

    @Test(arguments: [
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-t2v-250428", "duration": 7}"#, "duration", APIError.Kind.invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "duration": 12}"#, "duration", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "duration": "ten"}"#, "duration", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "seed": 2147483648}"#, "seed", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "seed": -2}"#, "seed", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-t2v-250428", "ratio": "keep_ratio"}"#, "ratio", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "ratio": "keep_ratio"}"#, "ratio", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "ratio": "2:1"}"#, "ratio", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "resolution": "4k"}"#, "resolution", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "generate_audio": true}"#, "generate_audio", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "camerafixed": "maybe"}"#, "camerafixed", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "watermark": 1}"#, "watermark", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-t2v-250428", "images": ["https://e.com/a.png"]}"#, "images[0]", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-i2v-250428"}"#, "images", .missingParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-i2v-250428", "images": "https://e.com/a.png"}"#, "images", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-i2v-250428", "images": ["https://e.com/a.png", {"url": "x"}]}"#,
         "images[1]", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-i2v-250428", "images": ["file:///etc/passwd"]}"#, "images[0]", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-i2v-250428", "images": [\#(urls(5))]}"#, "images[4]", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-lite-i2v-250428", "images": [\#(urls(3))], "resolution": "1080p"}"#,
         "resolution", .invalidParameter),
        (#"{"prompt": "p", "model": "doubao-seedance-1-0-pro-250528", "images": [\#(urls(3))]}"#, "images[0]", .invalidParameter),
        (#"{"model": "doubao-seedance-1-0-pro-250528"}"#, "prompt", .missingParameter),
        (#"{"prompt": "p"}"#, "model", .missingParameter),
        (#"{"prompt": "p", "model": "sora-2"}"#, "model", .invalidParameter),
        (#""dance""#, "body", .invalidParameter),
    ])
    func badInputNamesTheCallersParameter(body: String, param: String, kind: APIError.Kind) {
        guard let error = dialect.rejection(body) else {
            Issue.record("accepted: \(body)")
            return
        }
        #expect(error.param == param, "\(error.message)")
        #expect(error.kind == kind)
        let (status, answer) = dialect.errorResponse(error)
        #expect(status == 400)
        // new-api's task error body, the parameter leading the message.
        let message = error.message.hasPrefix(param) ? error.message : "\(param): \(error.message)"
        #expect(answer == ["code": "invalid_request", "message": .string(message), "data": nil])
    }

    // MARK: - Errors and routes

    @Test func unknownTaskIsNewAPIsTaskNotExist() {
        let (status, body) = dialect.errorResponse(.taskNotFound("cgt-nope"))
        #expect(status == 404)
        #expect(body == ["code": "task_not_exist", "message": "task_not_exist", "data": nil])
    }

    @Test func otherErrorsAreNewAPIsTaskErrorBodyWithTheirStatus() {
        let (status, body) = dialect.errorResponse(.unauthorized)
        #expect(status == 401)
        #expect(body["code"] == "invalid_api_key" && body["data"] == .null && body["message"]?.stringValue?.isEmpty == false)
        let (limited, slow) = dialect.errorResponse(APIError(.rateLimited, "slow down"))
        #expect(limited == 429 && slow == ["code": "rate_limit_exceeded", "message": "slow down", "data": nil])
    }

    @Test func routes() {
        #expect(dialect.id == .unified)
        #expect(dialect.createRoute.path == "/v2/videos/generations")
        #expect(dialect.queryRoute.path == "/v2/videos/generations/{task_id}")
    }

    // MARK: - Helpers

    static let created = Date(timeIntervalSince1970: 1_756_649_679)
    static let flatKeys: Set<String> = ["task_id", "platform", "action", "status", "fail_reason", "submit_time",
                                        "start_time", "finish_time", "progress", "data"]

    /// `count` quoted image URLs, comma-separated.
    static func urls(_ count: Int) -> String {
        (0..<count).map { "\"https://example.com/\($0).png\"" }.joined(separator: ",")
    }

    static func task(_ spec: RenderSpec, id: String = "cgt-20250831141439-sqmgf") -> GenerationTask {
        GenerationTask(id: id, owner: "key-1", dialect: .unified, spec: spec, createdAt: created)
    }
}
