import Foundation
import Testing
@testable import ReelayCore

/// Seed B (seed 002, toapis): every example on the page, decoded verbatim, validated, and
/// answered in the documented shapes; then bad input, named as the caller wrote it.
@Suite struct ToAPIsDialectTests {
    let dialect = ToAPIsDialect()

    // MARK: - The page's examples, verbatim

    static let seedRequest = #"""
        {
            "model": "doubao-seedance-1-5-pro",
            "prompt": "Sunset at the beach, golden sunlight on the sea, waves gently hitting the sand",
            "duration": 5,
            "aspect_ratio": "16:9",
            "metadata": {
              "resolution": "720p",
              "audio": true
            }
          }
        """#

    static let seedResponse = #"""
        {
          "id": "task_vid_xyz789ghi012",
          "object": "generation.task",
          "model": "doubao-seedance-1-5-pro",
          "status": "queued",
          "progress": 0,
          "created_at": 1703884800,
          "metadata": {}
        }
        """#

    /// The `image_urls` example, in an otherwise minimal request.
    static let imageURLsExample = #"""
        {"model": "doubao-seedance-1-5-pro", "prompt": "From dawn to dusk",
         "image_urls": ["https://example.com/first.png", "https://example.com/last.png"]}
        """#

    /// The `image_with_roles` example, in an otherwise minimal request.
    static let imageWithRolesExample = #"""
        {"model": "doubao-seedance-1-5-pro", "prompt": "From dawn to dusk",
         "image_with_roles": [
          {"url": "https://example.com/start.png", "role": "first_frame"},
          {"url": "https://example.com/end.png", "role": "last_frame"},
          {"url": "https://example.com/ref1.png", "role": "reference_image"},
          {"url": "https://example.com/ref2.png", "role": "reference_image"}
        ]}
        """#

    @Test func seedRequestDecodesAsWritten() throws {
        let request = try dialect.decode(Self.seedRequest)
        #expect(request.model == "doubao-seedance-1-5-pro")
        #expect(request.prompt == "Sunset at the beach, golden sunlight on the sea, waves gently hitting the sand")
        #expect(request.duration == 5)
        #expect(request.ratio == "16:9")
        #expect(request.resolution == "720p")
        #expect(request.generateAudio == true)
        #expect(request.media.isEmpty)
        #expect(request.param("ratio") == "aspect_ratio")
        #expect(request.param("resolution") == "metadata.resolution")
        #expect(request.param("generate_audio") == "metadata.audio")
    }

    @Test func seedRequestValidates() throws {
        let spec = try dialect.spec(Self.seedRequest)
        #expect(spec.model == "doubao-seedance-1-5-pro-251215")
        #expect(spec.requestedModel == "doubao-seedance-1-5-pro")
        #expect(spec.family == .v2)
        #expect(spec.prompt == "Sunset at the beach, golden sunlight on the sea, waves gently hitting the sand")
        #expect(spec.resolution == "720p")
        #expect(spec.ratio == "16:9")
        #expect(spec.width == 1280 && spec.height == 720)
        #expect(spec.duration == 5 && spec.frames == nil && spec.fps == 24)
        #expect(spec.seed == randomSeed)
        #expect(spec.generateAudio)
        #expect(!spec.watermark && !spec.cameraFixed && !spec.returnLastFrame && !spec.draft)
        #expect(spec.media.isEmpty && spec.tools.isEmpty)
    }

    @Test func createAnswerIsTheSeedResponse() throws {
        let task = Self.task(try dialect.spec(Self.seedRequest), id: "task_vid_xyz789ghi012")
        #expect(dialect.createResponse(TaskView(task: task)) == (try JSONValue.parse(Data(Self.seedResponse.utf8))))
    }

    @Test func imageURLsExampleIsFirstAndLastFrame() throws {
        let spec = try dialect.spec(Self.imageURLsExample)
        #expect(spec.media == [
            MediaInput(kind: .image, url: "https://example.com/first.png", role: .firstFrame, param: "image_urls[0]"),
            MediaInput(kind: .image, url: "https://example.com/last.png", role: .lastFrame, param: "image_urls[1]"),
        ])
        #expect(spec.resolution == "720p" && spec.ratio == "16:9" && spec.duration == 5)
    }

    /// The page shows first + last frame + two references together as valid.
    @Test func imageWithRolesExampleValidates() throws {
        let request = try dialect.decode(Self.imageWithRolesExample)
        #expect(request.media.map(\.role) == [.firstFrame, .lastFrame, .referenceImage, .referenceImage])
        #expect(request.media.map(\.param) == (0..<4).map { "image_with_roles[\($0)].url" })
        #expect(request.media.map(\.url) == ["https://example.com/start.png", "https://example.com/end.png",
                                             "https://example.com/ref1.png", "https://example.com/ref2.png"])
        let spec = try dialect.spec(Self.imageWithRolesExample)
        #expect(spec.media == request.media)
    }

    // MARK: - Roles

    @Test(arguments: [
        (1, [MediaInput.Role.firstFrame]),
        (2, [.firstFrame, .lastFrame]),
        (3, [.firstFrame, .lastFrame, .referenceImage]),
        (5, [.firstFrame, .lastFrame, .referenceImage, .referenceImage, .referenceImage]),
    ])
    func imageURLRolesFollowTheCount(count: Int, roles: [MediaInput.Role]) throws {
        let urls = (0..<count).map { "\"https://example.com/\($0).png\"" }.joined(separator: ",")
        let body = #"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_urls": [\#(urls)]}"#
        #expect(try dialect.decode(body).param("media") == "image_urls")
        let spec = try dialect.spec(body)
        #expect(spec.media.map(\.role) == roles)
        #expect(spec.media.map(\.param) == (0..<count).map { "image_urls[\($0)]" })
    }

    @Test func oneImageURLIsTheFirstFrame() throws {
        let spec = try dialect.spec(#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_urls": ["https://example.com/a.png"]}"#)
        #expect(spec.media.map(\.role) == [.firstFrame])
    }

    /// Seed 002 marks prompt required, gives durations 4 ~ 12 and six aspect ratios: a prompt-less
    /// image request, -1 and adaptive are refused by name, as toapis' page has them.
    @Test func whatThePageLeavesOutIsRefusedByName() {
        #expect(dialect.rejection(#"{"model": "doubao-seedance-1-5-pro", "image_urls": ["https://e.com/a.png"]}"#)
                == APIError(.missingParameter, "The parameter prompt is required.", param: "prompt"))
        let auto = dialect.rejection(#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "duration": -1}"#)
        #expect(auto == .invalid("duration", "doubao-seedance-1-5-pro-251215 does not offer a duration of -1; choose 4..12 seconds."))
        let adaptive = dialect.rejection(#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "aspect_ratio": "adaptive"}"#)
        #expect(adaptive?.param == "aspect_ratio")
        #expect(adaptive?.message.contains("16:9, 9:16, 1:1, 4:3, 3:4 or 21:9") == true, "\(adaptive?.message ?? "")")
    }

    /// Seed 002's table for 1.0 fast and quality: 1080p by default, 480p to 1080p, 2 to 12 seconds, no audio.
    @Test(arguments: ["doubao-seedance-1-0-pro-250528", "doubao-seedance-1-0-fast"])
    func onePointZeroFollowsTheTable(model: String) throws {
        let plain = try dialect.spec(#"{"model": "\#(model)", "prompt": "p"}"#)
        #expect(plain.resolution == "1080p" && !plain.generateAudio)
        for resolution in ["480p", "720p", "1080p"] {
            #expect(try dialect.spec(#"{"model": "\#(model)", "prompt": "p", "metadata": {"resolution": "\#(resolution)"}}"#).resolution == resolution)
        }
        #expect(try dialect.spec(#"{"model": "\#(model)", "prompt": "p", "duration": 2}"#).duration == 2)
        #expect(try dialect.spec(#"{"model": "\#(model)", "prompt": "p", "duration": 12}"#).duration == 12)
        #expect(dialect.rejection(#"{"model": "\#(model)", "prompt": "p", "duration": 13}"#)?.param == "duration")
        #expect(dialect.rejection(#"{"model": "\#(model)", "prompt": "p", "metadata": {"audio": true}}"#)?.param == "metadata.audio")
    }

    /// An extension: numbers and booleans sent as strings are read as the values they spell.
    @Test func numbersAndBooleansSentAsStringsAreRead() throws {
        let spec = try dialect.spec(#"""
            {"model": "doubao-seedance-1-5-pro", "prompt": "p", "duration": "6", "metadata": {"audio": "false", "seed": "12"}}
            """#)
        #expect(spec.duration == 6 && !spec.generateAudio && spec.seed == 12)
    }

    @Test func referenceIsAcceptedAsTheOldSpellingOfReferenceImage() throws {
        let spec = try dialect.spec(#"""
            {"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_with_roles": [
             {"url": "https://example.com/a.png", "role": "reference"},
             {"url": "https://example.com/b.png", "role": "reference_image"}]}
            """#)
        #expect(spec.media.map(\.role) == [.referenceImage, .referenceImage])
    }

    @Test func emptyImageURLsBesideImageWithRolesCountAsAbsent() throws {
        let request = try dialect.decode(#"""
            {"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_urls": [],
             "image_with_roles": [{"url": "https://example.com/a.png", "role": "first_frame"}]}
            """#)
        #expect(request.media.map(\.param) == ["image_with_roles[0].url"])
    }

    @Test func extendedMetadataIsRead() throws {
        let spec = try dialect.spec(#"""
            {"model": "doubao-seedance-1-5-pro", "prompt": "p", "metadata": {"resolution": "480p", "audio": false,
             "seed": 7, "watermark": true, "camera_fixed": true, "return_last_frame": true}}
            """#)
        #expect(spec.resolution == "480p" && !spec.generateAudio)
        #expect(spec.seed == 7 && spec.watermark && spec.cameraFixed && spec.returnLastFrame)
        #expect((spec.width, spec.height) == (864, 496))
    }

    // MARK: - Query answers

    @Test func queuedAndRunningTasks() throws {
        var task = Self.task(try dialect.spec(Self.seedRequest))
        let queued = dialect.taskResponse(TaskView(task: task))
        #expect(keys(queued) == Self.baseKeys.union(["completed_at", "expires_at"]))
        #expect(queued["status"] == "queued")
        #expect(queued["completed_at"] == .null && queued["expires_at"] == .null)
        #expect(queued["metadata"] == [:])

        task.status = .running
        task.progress = 40
        task.startedAt = Self.created.addingTimeInterval(5)
        let running = dialect.taskResponse(TaskView(task: task))
        #expect(running["status"] == "in_progress")
        #expect(running["progress"] == 40)
        #expect(keys(running) == Self.baseKeys.union(["completed_at", "expires_at"]))
    }

    @Test func succeededTask() throws {
        let task = finished(Self.task(try dialect.spec(Self.seedRequest)), .succeeded)
        let view = TaskView(task: task, videoURL: "https://reelay.example/v.mp4", lastFrameURL: nil,
                            linksExpireAt: Self.created.addingTimeInterval(86_400))
        let expected: JSONValue = [
            "id": "cgt-20231229212000-abcdefghij", "object": "generation.task", "model": "doubao-seedance-1-5-pro",
            "status": "completed", "progress": 100, "created_at": 1_703_884_800, "metadata": [:],
            "completed_at": 1_703_884_860, "expires_at": 1_703_971_200,
            "result": ["type": "video", "data": [["url": "https://reelay.example/v.mp4", "format": "mp4"]]],
        ]
        #expect(dialect.taskResponse(view) == expected)
    }

    @Test func lastFrameIsBesideTheVideo() throws {
        let task = finished(Self.task(try dialect.spec(Self.seedRequest)), .succeeded)
        let view = TaskView(task: task, videoURL: "https://reelay.example/v.mp4", lastFrameURL: "https://reelay.example/f.png",
                            linksExpireAt: Self.created)
        #expect(dialect.taskResponse(view)["result"]?["last_frame_url"] == "https://reelay.example/f.png")
        #expect(dialect.taskResponse(view)["result"]?["data"]?.arrayValue?.count == 1)
    }

    @Test(arguments: [
        (TaskStatus.failed, TaskFailure(code: "ProviderError", message: "The input image was rejected."), "The input image was rejected."),
        (.failed, nil, "The generation failed."),
        (.cancelled, nil, "The task was cancelled."),
        (.expired, TaskFailure(code: "Expired", message: "The task waited too long and expired."), "The task waited too long and expired."),
        (.expired, nil, "The task expired before it could finish."),
    ] as [(TaskStatus, TaskFailure?, String)])
    func failedCancelledAndExpiredAreFailedWithTheReason(status: TaskStatus, failure: TaskFailure?, message: String) throws {
        var task = finished(Self.task(try dialect.spec(Self.seedRequest)), status)
        task.failure = failure
        let body = dialect.taskResponse(TaskView(task: task))
        #expect(keys(body) == Self.baseKeys.union(["completed_at", "expires_at", "error"]))
        #expect(body["status"] == "failed")
        #expect(body["error"] == ["code": "generation_failed", "message": .string(message)])
        #expect(body["completed_at"] == 1_703_884_860)
        #expect(body["expires_at"] == .null)
    }

    // MARK: - Bad input

    @Test(arguments: [
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_urls": ["https://e.com/a.png"], "image_with_roles": [{"url": "https://e.com/b.png", "role": "first_frame"}]}"#,
         "image_with_roles", APIError.Kind.invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "first_frame"}, {"url": "https://e.com/b.png", "role": "first_frame"}]}"#,
         "image_with_roles[1].url", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "first_frame"}, {"url": "https://e.com/b.png", "role": "last_frame"}, {"url": "https://e.com/c.png", "role": "last_frame"}]}"#,
         "image_with_roles[2].url", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "last_frame"}]}"#,
         "image_with_roles[0].url", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "middle"}]}"#,
         "image_with_roles[0].role", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png"}]}"#,
         "image_with_roles[0].role", .missingParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_with_roles": [{"role": "first_frame"}]}"#,
         "image_with_roles[0].url", .missingParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_with_roles": ["https://e.com/a.png"]}"#,
         "image_with_roles[0]", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_urls": "https://e.com/a.png"}"#,
         "image_urls", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_urls": ["https://e.com/a.png", 7]}"#,
         "image_urls[1]", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "image_urls": ["ftp://e.com/a.png"]}"#,
         "image_urls[0]", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "aspect_ratio": "5:4"}"#, "aspect_ratio", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "metadata": {"resolution": "1080p"}}"#,
         "metadata.resolution", .invalidParameter),
        (#"{"model": "doubao-seedance-1-0-pro-250528", "prompt": "p", "metadata": {"audio": true}}"#,
         "metadata.audio", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "metadata": {"audio": "loud"}}"#,
         "metadata.audio", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "metadata": {"seed": -2}}"#, "metadata.seed", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "metadata": "720p"}"#, "metadata", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "duration": 13}"#, "duration", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "duration": 3}"#, "duration", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": "p", "duration": "long"}"#, "duration", .invalidParameter),
        (#"{"model": "doubao-seedance-1-5-pro", "prompt": ""}"#, "prompt", .missingParameter),
        (#"{"model": "doubao-seedance-9", "prompt": "p"}"#, "model", .invalidParameter),
        (#"{"prompt": "p"}"#, "model", .missingParameter),
        (#"{"model": "doubao-seedance-1-0-lite-i2v-250428", "prompt": "p"}"#, "image_urls", .missingParameter),
        (#"["model"]"#, "body", .invalidParameter),
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
        #expect(answer == ["error": ["code": 400, "message": .string(error.messageNamingParam), "type": "invalid_request", "param": .string(param)]])
    }

    // MARK: - Errors and routes

    @Test(arguments: [
        (APIError.taskNotFound("cgt-x"), 404, "not_found_error"),
        (.unauthorized, 401, "authentication_error"),
        (APIError(.forbidden, "no"), 403, "authentication_error"),
        (APIError(.quotaExceeded, "no balance"), 429, "insufficient_quota"),
        (APIError(.rateLimited, "slow down"), 429, "rate_limit_exceeded"),
        (APIError(.internalError, "boom"), 500, "internal_error"),
        (APIError(.unavailable, "later"), 503, "internal_error"),
        (.bodyTooLarge, 413, "invalid_request"),
    ])
    func errorsAnswerWithTheHTTPStatusAsCode(error: APIError, status: Int, type: String) {
        let (answerStatus, body) = dialect.errorResponse(error)
        #expect(answerStatus == status)
        #expect(body["error"]?["code"] == .int(status))
        #expect(body["error"]?["type"] == .string(type))
        #expect(body["error"]?["message"] == .string(error.message))
        #expect(keys(body["error"] ?? .null).isSubset(of: ["code", "message", "type", "param"]))
    }

    @Test func unknownTaskIs404NotFound() {
        let (status, body) = dialect.errorResponse(.taskNotFound("task_nope"))
        #expect(status == 404)
        #expect(body == ["error": ["code": 404, "message": "Task task_nope does not exist.", "type": "not_found_error", "param": "task_id"]])
    }

    /// Seed 002's table: 1.0 fast and quality take one reference image, with the role `reference`.
    @Test(arguments: ["doubao-seedance-1-0-pro-250528", "doubao-seedance-1-0-fast"])
    func onePointZeroTakesOneReferenceImage(model: String) throws {
        let one = try dialect.spec("""
            {"model": "\(model)", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "reference"}]}
            """)
        #expect(one.media.map(\.role) == [.referenceImage])
        let two = try #require(dialect.rejection("""
            {"model": "\(model)", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "reference"},
             {"url": "https://e.com/b.png", "role": "reference"}]}
            """))
        #expect(two.param == "image_with_roles[1].url", "\(two.message)")
        // Ark's own rules for 1.0 pro keep no reference images.
        #expect(rejection(request(Models.pro10, media: [image(.referenceImage, at: 1)])) != nil)
    }

    @Test func routes() {
        #expect(dialect.id == .toapis)
        #expect(dialect.createRoute.path == "/v1/videos/generations")
        #expect(dialect.queryRoute.path == "/v1/videos/generations/{task_id}")
    }

    // MARK: - Helpers

    static let created = Date(timeIntervalSince1970: 1_703_884_800)
    static let baseKeys: Set<String> = ["id", "object", "model", "status", "progress", "created_at", "metadata"]

    static func task(_ spec: RenderSpec, id: String = "cgt-20231229212000-abcdefghij") -> GenerationTask {
        GenerationTask(id: id, owner: "key-1", dialect: .toapis, spec: spec, createdAt: created)
    }
}
