import Foundation
import Testing
@testable import ReelayCore

/// Seed C (seed 003, apimart): the page's request example and all 13 use cases, decoded
/// verbatim and validated; the create and query answers in the `{code, data}` envelope; then bad
/// input, named as the caller wrote it.
@Suite struct APIMartDialectTests {
    let dialect = APIMartDialect()

    // MARK: - The page's examples, verbatim

    static let seedRequest = #"""
        {
            "model": "doubao-seedance-2.0",
            "prompt": "A kitten yawning at the camera",
            "resolution": "720p",
            "size": "16:9",
            "duration": 5,
            "generate_audio": true
          }
        """#

    static let seedResponse = #"""
        {
          "code": 200,
          "data": [
            {
              "status": "submitted",
              "task_id": "task_01KMCGF6BQGN3X28H3KSR50X5T"
            }
          ]
        }
        """#

    /// One use case of the page and the RenderSpec it must give (apimart's defaults: 480p, 16:9, 5 s, no audio).
    struct UseCase: Sendable, CustomTestStringConvertible {
        var number: Int
        var json: String
        var model = "doubao-seedance-2.0"
        var resolution = "480p"
        var ratio = "16:9"
        var size: [Int]
        var duration = 5
        var audio = false
        var returnLastFrame = false
        var media: [MediaInput] = []
        var testDescription: String { "case \(number)" }
    }

    static let useCases: [UseCase] = [
        UseCase(number: 1, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "A kitten yawning at the camera",
              "resolution": "720p",
              "size": "16:9",
              "duration": 5,
              "seed": 42,
              "generate_audio": true
            }
            """#, resolution: "720p", size: [1280, 720], audio: true),
        UseCase(number: 2, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "The kitten stands up and walks toward the camera",
              "image_urls": ["https://example.com/cat.jpg"],
              "duration": 5
            }
            """#, size: [864, 496], media: [imageItem("https://example.com/cat.jpg", .firstFrame, "image_urls[0]")]),
        UseCase(number: 3, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "Transition from day to night",
              "image_with_roles": [
                {"url": "https://example.com/day.jpg", "role": "first_frame"},
                {"url": "https://example.com/night.jpg", "role": "last_frame"}
              ],
              "duration": 5
            }
            """#, size: [864, 496], media: [imageItem("https://example.com/day.jpg", .firstFrame, "image_with_roles[0].url"),
                                            imageItem("https://example.com/night.jpg", .lastFrame, "image_with_roles[1].url")]),
        UseCase(number: 4, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "Convert the video style to anime style",
              "video_urls": ["https://example.com/reference.mp4"]
            }
            """#, size: [864, 496], media: [videoItem("https://example.com/reference.mp4", "video_urls[0]")]),
        UseCase(number: 5, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "A scene of a person speaking",
              "video_urls": ["https://example.com/reference.mp4"],
              "audio_urls": ["https://example.com/speech.wav"],
              "size": "16:9",
              "duration": 11
            }
            """#, size: [864, 496], duration: 11, media: [videoItem("https://example.com/reference.mp4", "video_urls[0]"),
                                                          audioItem("https://example.com/speech.wav", "audio_urls[0]")]),
        UseCase(number: 6, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "A man stops a woman and says: \"Remember, you must never point your finger at the moon.\"",
              "generate_audio": true
            }
            """#, size: [864, 496], audio: true),
        UseCase(number: 7, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "The kitten continues walking toward the camera",
              "image_urls": ["https://example.com/last_frame_from_prev.png"],
              "return_last_frame": true
            }
            """#, size: [864, 496], returnLastFrame: true,
            media: [imageItem("https://example.com/last_frame_from_prev.png", .firstFrame, "image_urls[0]")]),
        UseCase(number: 8, json: #"""
            {
              "model": "doubao-seedance-2.0-fast",
              "prompt": "City nightscape timelapse photography",
              "size": "21:9",
              "duration": 8
            }
            """#, model: "doubao-seedance-2.0-fast", ratio: "21:9", size: [992, 432], duration: 8),
        UseCase(number: 9, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "Use video 1's first-person perspective throughout, and use audio 1 as the background music throughout. First-person POV fruit tea advertisement for seedance brand 'Peace Apple' apple fruit tea limited edition. First frame is image 1: your hand picks a dewy Aksu red apple with a crisp apple collision sound. 2-4s: quick cut, your hand drops apple chunks into a shaker cup, adds ice and tea base, shakes vigorously, ice collision and shaking sounds sync with upbeat drum beats, background voice: 'Fresh-cut, fresh-shaken'. 4-6s: first-person close-up of the finished product, layered fruit tea poured into a clear cup, your hand gently squeezes cream cap spreading on top, sticks a pink label on the cup, camera zooms in on the layered texture of cream cap and fruit tea. 6-8s: first-person handheld cup raise, you lift the fruit tea from image 2 toward the camera (simulating handing it to the viewer), cup label clearly visible, background voice 'Take a sip of freshness', final frame freezes on image 2. Background voice consistently uses a female tone.",
              "image_urls": [
                "https://example.com/tea_pic1.jpg",
                "https://example.com/tea_pic2.jpg"
              ],
              "video_urls": ["https://example.com/tea_video1.mp4"],
              "audio_urls": ["https://example.com/tea_audio1.mp3"],
              "generate_audio": true,
              "size": "16:9",
              "duration": 11
            }
            """#, size: [864, 496], duration: 11, audio: true,
            media: [imageItem("https://example.com/tea_pic1.jpg", .referenceImage, "image_urls[0]"),
                    imageItem("https://example.com/tea_pic2.jpg", .referenceImage, "image_urls[1]"),
                    videoItem("https://example.com/tea_video1.mp4", "video_urls[0]"),
                    audioItem("https://example.com/tea_audio1.mp3", "audio_urls[0]")]),
        UseCase(number: 10, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "The character walks naturally on a city street under bright sunshine",
              "image_urls": ["asset://asset_a"],
              "duration": 5,
              "resolution": "720p"
            }
            """#, resolution: "720p", size: [1280, 720], media: [imageItem("asset://asset_a", .referenceImage, "image_urls[0]")]),
        UseCase(number: 11, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "Using the reference portrait, the character walks elegantly toward the camera",
              "image_with_roles": [
                {
                  "url": "asset://asset_a",
                  "role": "reference_image"
                }
              ],
              "resolution": "720p",
              "duration": 5
            }
            """#, resolution: "720p", size: [1280, 720],
            media: [imageItem("asset://asset_a", .referenceImage, "image_with_roles[0].url")]),
        UseCase(number: 12, json: #"""
            {
              "model": "doubao-seedance-2.0-fast",
              "prompt": "The character strolls in a park with a gentle breeze",
              "image_urls": ["asset://asset_a"],
              "duration": 5,
              "resolution": "720p"
            }
            """#, model: "doubao-seedance-2.0-fast", resolution: "720p", size: [1280, 720],
            media: [imageItem("asset://asset_a", .referenceImage, "image_urls[0]")]),
        UseCase(number: 13, json: #"""
            {
              "model": "doubao-seedance-2.0",
              "prompt": "The character dances to the rhythm of the reference video with smooth and natural movements",
              "image_urls": ["https://example.com/dance_reference.jpg", "asset://asset_a"],
              "video_urls": ["https://example.com/dance_reference.mp4", "asset://asset_a"],
              "duration": 8,
              "resolution": "720p"
            }
            """#, resolution: "720p", size: [1280, 720], duration: 8,
            media: [imageItem("https://example.com/dance_reference.jpg", .referenceImage, "image_urls[0]"),
                    imageItem("asset://asset_a", .referenceImage, "image_urls[1]"),
                    videoItem("https://example.com/dance_reference.mp4", "video_urls[0]"),
                    videoItem("asset://asset_a", "video_urls[1]")]),
    ]

    @Test func everyUseCaseIsCovered() {
        #expect(Self.useCases.map(\.number) == Array(1...13))
    }

    @Test(arguments: useCases)
    func useCaseValidates(_ useCase: UseCase) throws {
        let body = try JSONValue.parse(Data(useCase.json.utf8))
        let spec = try dialect.spec(useCase.json)
        #expect(spec.model == useCase.model)
        #expect(spec.requestedModel == body["model"]?.stringValue)
        #expect(spec.prompt == body["prompt"]?.stringValue)
        #expect(spec.resolution == useCase.resolution)
        #expect(spec.ratio == useCase.ratio)
        #expect([spec.width, spec.height] == useCase.size)
        #expect(spec.duration == useCase.duration && spec.fps == 24 && spec.frames == nil)
        #expect(spec.generateAudio == useCase.audio)
        #expect(spec.returnLastFrame == useCase.returnLastFrame)
        #expect(spec.media == useCase.media)
        #expect(spec.seed == body["seed"]?.intValue ?? randomSeed)
        #expect(!spec.watermark && !spec.cameraFixed && !spec.draft && spec.tools.isEmpty)
    }

    @Test func seedRequestDecodesAndValidates() throws {
        let request = try dialect.decode(Self.seedRequest)
        #expect(request.ratio == "16:9" && request.param("ratio") == "size")
        #expect(request.resolution == "720p" && request.duration == 5 && request.generateAudio == true)
        let spec = try dialect.spec(Self.seedRequest)
        #expect(spec.model == "doubao-seedance-2.0" && spec.resolution == "720p" && spec.ratio == "16:9")
        #expect([spec.width, spec.height] == [1280, 720])
        #expect(spec.duration == 5 && spec.generateAudio && spec.seed == randomSeed)
    }

    @Test func caseOneSeedIsTheCallers() throws {
        #expect(try dialect.decode(Self.useCases[0].json).seed == 42)
        #expect(try dialect.decode(Self.seedRequest).seed == nil)
    }

    @Test func createAnswerIsTheSeedResponse() throws {
        let task = Self.task(try dialect.spec(Self.seedRequest), id: "task_01KMCGF6BQGN3X28H3KSR50X5T")
        #expect(dialect.createResponse(TaskView(task: task)) == (try JSONValue.parse(Data(Self.seedResponse.utf8))))
    }

    // MARK: - Roles of image_urls

    @Test func severalPlainImagesAreReferences() throws {
        let request = try dialect.decode(#"{"model": "doubao-seedance-2.0", "prompt": "p", "image_urls": ["https://e.com/a.png", "https://e.com/b.png"]}"#)
        #expect(request.media.map(\.role) == [.referenceImage, .referenceImage])
        #expect(request.param("media") == "image_urls")
    }

    @Test func oneImageBesideAudioIsAReference() throws {
        let spec = try dialect.spec(#"{"model": "doubao-seedance-2.0", "prompt": "p", "image_urls": ["https://e.com/a.png"], "audio_urls": ["https://e.com/a.mp3"]}"#)
        #expect(spec.media.map(\.role) == [.referenceImage, .referenceAudio])
    }

    /// Seed 003's comparison table names `aspect_ratio` and `audio` for 1.5 Pro.
    @Test func onePointFiveProTakesAspectRatioAndAudio() throws {
        let spec = try dialect.spec(#"{"model": "doubao-seedance-1-5-pro-251215", "prompt": "p", "aspect_ratio": "9:16", "audio": false}"#)
        #expect(spec.ratio == "9:16" && !spec.generateAudio)
        let both = try #require(dialect.rejection(#"{"model": "doubao-seedance-2.0", "prompt": "p", "size": "9:16", "aspect_ratio": "16:9"}"#))
        #expect(both.param == "aspect_ratio")
        let wrong = try #require(dialect.rejection(#"{"model": "doubao-seedance-1-5-pro-251215", "prompt": "p", "aspect_ratio": "5:7"}"#))
        #expect(wrong.param == "aspect_ratio")
        let audio = try #require(dialect.rejection(#"{"model": "doubao-seedance-1-5-pro-251215", "prompt": "p", "audio": "loud"}"#))
        #expect(audio.param == "audio")
    }

    @Test func toolsAreRead() throws {
        let spec = try dialect.spec(#"{"model": "doubao-seedance-2.0", "prompt": "today's news", "tools": [{"type": "web_search"}]}"#)
        #expect(spec.tools == ["web_search"])
    }

    // MARK: - Query answers

    @Test func queuedAndRunningTasks() throws {
        var task = Self.task(try dialect.spec(Self.seedRequest))
        let queued = dialect.taskResponse(TaskView(task: task))
        #expect(queued == ["code": 200, "data": [
            "id": "task_01KMCGF6BQGN3X28H3KSR50X5T", "status": "submitted", "progress": 0,
            "created": 1_774_000_000, "estimated_time": 60,
        ]])

        task.status = .running
        task.progress = 35
        task.startedAt = Self.created.addingTimeInterval(5)
        let running = dialect.taskResponse(TaskView(task: task))
        #expect(running["data"]?["status"] == "processing")
        #expect(running["data"]?["progress"] == 35)
        #expect(keys(running["data"]) == ["id", "status", "progress", "created", "estimated_time"])
    }

    @Test func succeededTask() throws {
        let task = finished(Self.task(try dialect.spec(Self.seedRequest)), .succeeded)
        let view = TaskView(task: task, videoURL: "https://reelay.example/v.mp4", lastFrameURL: nil,
                            linksExpireAt: Self.created.addingTimeInterval(86_400))
        #expect(dialect.taskResponse(view) == ["code": 200, "data": [
            "id": "task_01KMCGF6BQGN3X28H3KSR50X5T", "status": "completed", "progress": 100,
            "created": 1_774_000_000, "completed": 1_774_000_060, "estimated_time": 60, "actual_time": 55,
            "result": ["videos": [["url": ["https://reelay.example/v.mp4"], "expires_at": 1_774_086_400]]],
        ]])
    }

    @Test func lastFrameIsAnImageOfTheResult() throws {
        let task = finished(Self.task(try dialect.spec(Self.useCases[6].json)), .succeeded)
        let view = TaskView(task: task, videoURL: "https://reelay.example/v.mp4", lastFrameURL: "https://reelay.example/f.png",
                            linksExpireAt: Self.created.addingTimeInterval(86_400))
        let result = dialect.taskResponse(view)["data"]?["result"]
        #expect(result?["images"] == [["url": ["https://reelay.example/f.png"]]])
        #expect(result?["videos"]?.arrayValue?.first?["url"] == ["https://reelay.example/v.mp4"])
    }

    @Test(arguments: [
        (TaskStatus.failed, TaskFailure(code: "ProviderError", message: "The input image was rejected."),
         "failed", ["code": "ProviderError", "message": "The input image was rejected.", "type": "failed"] as JSONValue),
        (.failed, nil, "failed", ["code": "generation_failed", "message": "The generation failed.", "type": "failed"]),
        (.cancelled, nil, "cancelled", ["code": "generation_failed", "message": "The task was cancelled.", "type": "cancelled"]),
        (.expired, TaskFailure(code: "Expired", message: "The task waited too long and expired."),
         "failed", ["code": "Expired", "message": "The task waited too long and expired.", "type": "expired"]),
    ] as [(TaskStatus, TaskFailure?, String, JSONValue)])
    func unsuccessfulTasksCarryAnError(status: TaskStatus, failure: TaskFailure?, word: String, error: JSONValue) throws {
        var task = finished(Self.task(try dialect.spec(Self.seedRequest)), status)
        task.failure = failure
        let data = dialect.taskResponse(TaskView(task: task))["data"]
        #expect(data?["status"] == .string(word))
        #expect(data?["error"] == error)
        #expect(keys(data) == ["id", "status", "progress", "created", "completed", "estimated_time", "actual_time", "error"])
    }

    @Test func estimateGrowsWithLengthAndResolution() throws {
        let short = try dialect.spec(Self.useCases[1].json)  // 5 s at 480p
        let long = try dialect.spec(Self.useCases[12].json)  // 8 s at 720p
        #expect(APIMartDialect.estimatedSeconds(short) == 30)
        #expect(APIMartDialect.estimatedSeconds(long) == 96)
    }

    // MARK: - Bad input

    static let tenImages = (0..<10).map { "\"https://e.com/\($0).png\"" }.joined(separator: ",")
    static let fourVideos = (0..<4).map { "\"https://e.com/\($0).mp4\"" }.joined(separator: ",")
    static let fourAudio = (0..<4).map { "\"https://e.com/\($0).mp3\"" }.joined(separator: ",")

    @Test(arguments: [
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "image_urls": ["https://e.com/a.png"], "image_with_roles": [{"url": "https://e.com/b.png", "role": "first_frame"}]}"#,
         "image_with_roles", APIError.Kind.invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "first_frame"}], "video_urls": ["https://e.com/v.mp4"]}"#,
         "video_urls[0]", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "first_frame"}, {"url": "https://e.com/b.png", "role": "last_frame"}], "audio_urls": ["https://e.com/a.mp3"]}"#,
         "audio_urls[0]", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "audio_urls": ["https://e.com/a.mp3"]}"#, "audio_urls[0]", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "image_urls": [\#(tenImages)]}"#, "image_urls[9]", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "video_urls": [\#(fourVideos)]}"#, "video_urls[3]", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "video_urls": ["https://e.com/v.mp4"], "audio_urls": [\#(fourAudio)]}"#,
         "audio_urls[3]", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "video_urls": "https://e.com/v.mp4"}"#, "video_urls", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "audio_urls": [true]}"#, "audio_urls[0]", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0-face", "prompt": "p", "image_urls": ["asset://asset_a"]}"#, "image_urls[0]", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "image_with_roles": [{"url": "asset://", "role": "reference_image"}]}"#,
         "image_with_roles[0].url", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "image_with_roles": [{"url": "https://e.com/a.png", "role": "reference_video"}]}"#,
         "image_with_roles[0].role", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "size": "5:4"}"#, "size", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "size": "keep_ratio"}"#, "size", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0-fast", "prompt": "p", "resolution": "1080p"}"#, "resolution", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "duration": 16}"#, "duration", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "duration": -1}"#, "duration", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "seed": 2147483648}"#, "seed", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "generate_audio": "loud"}"#, "generate_audio", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "tools": [{"type": "web_search"}], "image_urls": ["https://e.com/a.png"]}"#,
         "tools", .invalidParameter),
        (#"{"model": "doubao-seedance-2.0", "prompt": "p", "tools": [{"name": "web_search"}]}"#, "tools[0].type", .missingParameter),
        (#"{"model": "doubao-seedance-2.0"}"#, "prompt", .missingParameter),
        (#"{"prompt": "p"}"#, "model", .missingParameter),
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
        #expect(answer == ["error": ["code": 400, "message": .string(error.messageNamingParam), "type": "invalid_request_error", "param": .string(param)]])
    }

    @Test func promptLongerThan4000CharactersIsRefused() {
        let body = #"{"model": "doubao-seedance-2.0", "prompt": "\#(String(repeating: "a", count: 4001))"}"#
        #expect(dialect.rejection(body)?.param == "prompt")
        let fits = #"{"model": "doubao-seedance-2.0", "prompt": "\#(String(repeating: "a", count: 4000))"}"#
        #expect(dialect.rejection(fits) == nil)
    }

    // MARK: - Errors and routes

    @Test(arguments: [
        (APIError.taskNotFound("task_x"), 404, "invalid_request_error"),
        (.unauthorized, 401, "authentication_error"),
        (APIError(.quotaExceeded, "no balance"), 402, "payment_required"),
        (APIError(.forbidden, "no"), 403, "permission_error"),
        (APIError(.rateLimited, "slow down"), 429, "rate_limit_error"),
        (APIError(.internalError, "boom"), 500, "server_error"),
        (APIError(.unavailable, "later"), 503, "server_error"),
        (.bodyTooLarge, 413, "invalid_request_error"),
    ])
    func errorsAnswerWithTheirStatusAsCode(error: APIError, status: Int, type: String) {
        let (answerStatus, body) = dialect.errorResponse(error)
        #expect(answerStatus == status)
        #expect(body["error"]?["code"] == .int(status))
        #expect(body["error"]?["type"] == .string(type))
        #expect(body["error"]?["message"] == .string(error.message))
        #expect(keys(body["error"]).isSubset(of: ["code", "message", "type", "param"]))
    }

    @Test func unknownTaskIs404() {
        let (status, body) = dialect.errorResponse(.taskNotFound("task_nope"))
        #expect(status == 404)
        #expect(body == ["error": ["code": 404, "message": "Task task_nope does not exist.", "type": "invalid_request_error", "param": "task_id"]])
    }

    @Test func routes() {
        #expect(dialect.id == .apimart)
        #expect(dialect.createRoute.path == "/v1/videos/generations")
        #expect(dialect.queryRoute.path == "/v1/tasks/{task_id}")
    }

    // MARK: - Helpers

    static let created = Date(timeIntervalSince1970: 1_774_000_000)

    static func imageItem(_ url: String, _ role: MediaInput.Role, _ param: String) -> MediaInput {
        MediaInput(kind: .image, url: url, role: role, param: param)
    }

    static func videoItem(_ url: String, _ param: String) -> MediaInput {
        MediaInput(kind: .video, url: url, role: .referenceVideo, param: param)
    }

    static func audioItem(_ url: String, _ param: String) -> MediaInput {
        MediaInput(kind: .audio, url: url, role: .referenceAudio, param: param)
    }

    static func task(_ spec: RenderSpec, id: String = "task_01KMCGF6BQGN3X28H3KSR50X5T") -> GenerationTask {
        GenerationTask(id: id, owner: "key-1", dialect: .apimart, spec: spec, createdAt: created)
    }
}
