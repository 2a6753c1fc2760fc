import Foundation
import Testing
@testable import ReelayCore

/// Seed A (seeds 000 and 001): the request examples decode and validate, and tasks encode into
/// the documented create and query shapes.
@Suite struct AnyFastDialectTests {
    let dialect = AnyFastDialect()

    static let seed000 = """
    {
      "model": "doubao-seedance-1-5-pro-251215",
      "content": [
        {"type": "text", "text": "A cat playing with a ball of yarn"},
        {"type": "image_url", "image_url": {"url": "https://example.com/reference.png"}}
      ],
      "generate_audio": true, "ratio": "16:9", "duration": 5, "watermark": false, "resolution": "480p", "draft": false
    }
    """

    static let seed001 = """
    {
      "model": "seedance-fast",
      "content": [
        {"type": "text", "text": "A cat playing piano in a sunlit room"},
        {"type": "image_url", "image_url": {"url": "https://example.com/reference.jpg"}, "role": "reference_image"}
      ],
      "generate_audio": true, "resolution": "720p", "ratio": "adaptive", "duration": 5,
      "tools": [{"type": "web_search"}], "watermark": false
    }
    """

    @Test func seed000ExampleDecodesAndValidates() throws {
        let request = try dialect.decode(Self.seed000)
        #expect(request.prompt == "A cat playing with a ball of yarn")
        #expect(request.media == [MediaInput(kind: .image, url: "https://example.com/reference.png", role: .firstFrame,
                                             param: "content[1].image_url.url")])
        let spec = try validate(request, .anyfast)
        #expect(spec.model == "doubao-seedance-1-5-pro-251215")
        #expect(spec.resolution == "480p" && spec.ratio == "16:9")
        #expect(spec.width == 864 && spec.height == 496)
        #expect(spec.duration == 5 && spec.generateAudio && !spec.watermark && !spec.draft)
        #expect(spec.seed == randomSeed)
    }

    @Test func seed001ExampleDecodesAndValidates() throws {
        let request = try dialect.decode(Self.seed001)
        #expect(request.media.map(\.role) == [.referenceImage])
        #expect(request.tools == ["web_search"])
        let spec = try validate(request, .anyfast)
        #expect(spec.model == "seedance-fast")
        #expect(spec.resolution == "720p" && spec.ratio == "adaptive")
        #expect(spec.generateAudio && !spec.watermark && spec.duration == 5)
    }

    @Test func textCommandsApplyAndTopLevelFieldsWin() throws {
        let request = try dialect.decode("""
            {"model": "doubao-seedance-1-5-pro-251215",
             "content": [{"type": "text", "text": "a fox --rs 720p --rt 9:16 --dur 6 --seed 11 --cf true --wm true"}],
             "duration": 8}
            """)
        #expect(request.prompt == "a fox")
        #expect(request.resolution == "720p" && request.ratio == "9:16" && request.seed == 11)
        #expect(request.cameraFixed == true && request.watermark == true)
        #expect(request.duration == 8)
        #expect(request.param("duration") == "duration")
        #expect(request.param("ratio") == "content[0].text commands")
    }

    @Test func invalidCommandValueNamesTheText() throws {
        #expect(throws: APIError.self) { try dialect.decode(#"{"model": "m", "content": [{"type": "text", "text": "x --rt wide"}]}"#) }
        let error = try #require(throws: APIError.self) {
            try dialect.decode(#"{"model": "m", "content": [{"type": "text", "text": "x --fps 30"}]}"#)
        }
        #expect(error.param == "content[0].text commands")
    }

    @Test func imagesWithoutRolesFollowArk() throws {
        let two = try dialect.decode("""
            {"model": "m", "content": [{"type": "image_url", "image_url": {"url": "a"}}, {"type": "image_url", "image_url": {"url": "b"}}]}
            """)
        #expect(two.media.map(\.role) == [.firstFrame, .lastFrame])
        let three = try dialect.decode("""
            {"model": "m", "content": [{"type": "image_url", "image_url": {"url": "a"}}, {"type": "image_url", "image_url": {"url": "b"}},
             {"type": "image_url", "image_url": {"url": "c"}}]}
            """)
        #expect(three.media.map(\.role) == [.referenceImage, .referenceImage, .referenceImage])
        let mixed = try dialect.decode("""
            {"model": "m", "content": [{"type": "video_url", "video_url": {"url": "v"}}, {"type": "audio_url", "audio_url": {"url": "s"}},
             {"type": "draft_task", "draft_task": {"id": "cgt-1"}}]}
            """)
        #expect(mixed.media.map(\.role) == [.referenceVideo, .referenceAudio])
        #expect(mixed.draftTaskID == "cgt-1")
    }

    /// Seed 001's image + audio and image + video mixes, with the image sent without a role as
    /// the page's text describes it: the image is a reference, and the mix validates.
    @Test(arguments: [("audio_url", "reference_audio", "https://example.com/voice.wav", MediaInput.Role.referenceAudio),
                      ("video_url", "reference_video", "https://example.com/dance.mp4", MediaInput.Role.referenceVideo)])
    func seed001MixesTakeARoleLessImageAsAReference(type: String, role: String, url: String, expected: MediaInput.Role) throws {
        let body = """
            {"model": "seedance-fast", "content": [{"type": "text", "text": "The cat sings along"},
             {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
             {"type": "\(type)", "\(type)": {"url": "\(url)"}, "role": "\(role)"}]}
            """
        #expect(try dialect.decode(body).media.map(\.role) == [.referenceImage, expected])
        #expect(dialect.rejection(body) == nil)
        // Ark's own codec reads the same content array the same way.
        #expect(try ArkDialect().decode(body).media.map(\.role) == [.referenceImage, expected])
    }

    /// Seed 001's other mixes on its own model: video alone, video with audio, and all three.
    @Test func seed001VideoMixesValidate() throws {
        let video = #"{"type": "video_url", "video_url": {"url": "https://example.com/dance.mp4"}}"#
        let audio = #"{"type": "audio_url", "audio_url": {"url": "https://example.com/voice.wav"}}"#
        let alone = try dialect.spec(#"{"model": "seedance-fast", "content": [\#(video)]}"#)
        #expect(alone.media.map(\.role) == [.referenceVideo] && alone.prompt == "")
        let both = try dialect.spec(#"{"model": "seedance-fast", "content": [{"type": "text", "text": "Sing"}, \#(video), \#(audio)]}"#)
        #expect(both.media.map(\.role) == [.referenceVideo, .referenceAudio])
        let image = #"{"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}"#
        let all = try dialect.spec(#"{"model": "seedance-fast", "content": [\#(image), \#(video), \#(audio)]}"#)
        #expect(all.media.map(\.role) == [.referenceImage, .referenceVideo, .referenceAudio])
    }

    /// Seed 001: duration 4 to 15, or -1 for the model to choose; other lengths are refused by name.
    @Test func seedanceFastDurations() throws {
        for duration in [4, 15, -1] {
            #expect(try dialect.spec(#"{"model": "seedance-fast", "content": [{"type": "text", "text": "p"}], "duration": \#(duration)}"#).duration == duration)
        }
        for duration in [3, 16] {
            let error = dialect.rejection(#"{"model": "seedance-fast", "content": [{"type": "text", "text": "p"}], "duration": \#(duration)}"#)
            #expect(error?.param == "duration", "\(duration)")
        }
    }

    /// The top-level fields DIALECTS.md lists beside seed 000's: seed, camera_fixed, callback_url.
    @Test func arkTopLevelFieldsAreRead() throws {
        let spec = try dialect.spec(#"""
            {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "p"}],
             "seed": 42, "camera_fixed": true, "callback_url": "https://example.com/hook"}
            """#)
        #expect(spec.seed == 42 && spec.cameraFixed)
        #expect(try dialect.decode(#"{"model": "m", "content": [], "callback_url": "https://example.com/hook"}"#).callbackURL == "https://example.com/hook")
        #expect(dialect.rejection(#"{"model": "seedance-fast", "content": [{"type": "text", "text": "p"}], "callback_url": "ftp://x/y"}"#)?.param == "callback_url")
    }

    @Test func assetsWorkOnSeedanceFastAsOn20Fast() throws {
        let spec = try dialect.spec("""
            {"model": "seedance-fast", "content": [{"type": "text", "text": "The portrait waves"},
             {"type": "image_url", "image_url": {"url": "asset://asset_a"}, "role": "reference_image"}]}
            """)
        #expect(spec.media.map(\.url) == ["asset://asset_a"])
    }

    func task(_ status: TaskStatus) -> GenerationTask {
        let spec = RenderSpec(model: "seedance-fast", requestedModel: "seedance-fast", family: .v2, prompt: "p", media: [],
                              resolution: "720p", ratio: "16:9", width: 1280, height: 720, duration: 5, frames: nil, seed: 3,
                              generateAudio: true, watermark: false, cameraFixed: false, returnLastFrame: true, draft: false)
        var task = GenerationTask(id: "cgt-20260312231129-7db6s", owner: "o", dialect: .anyfast, spec: spec,
                                  createdAt: Date(timeIntervalSince1970: 1_773_328_294), status: status)
        task.progress = status == .succeeded ? 100 : 40
        if status == .succeeded {
            task.result = TaskResult(videoFile: "video.mp4", lastFrameFile: "last_frame.png", width: 1280, height: 720, ratio: "16:9",
                                     duration: 5, frames: 120, fps: 24, hasAudio: true)
        }
        if status == .failed { task.failure = TaskFailure(code: "RenderFailed", message: "boom") }
        return task
    }

    @Test func createResponseHasSeed001Shape() {
        let body = dialect.createResponse(TaskView(task: task(.queued)))
        #expect(body == [
            "id": "cgt-20260312231129-7db6s", "task_id": "cgt-20260312231129-7db6s", "object": "video",
            "model": "seedance-fast", "status": "", "progress": 0, "created_at": 1_773_328_294,
        ])
    }

    @Test func queryResponseNestsTheArkTask() {
        let view = TaskView(task: task(.succeeded), videoURL: "http://h/files/v.mp4", lastFrameURL: "http://h/files/l.png")
        let body = dialect.taskResponse(view)
        #expect(body["code"] == "success")
        #expect(body["message"] == "")
        let data = body["data"]
        #expect(data?["status"] == "SUCCESS")
        #expect(data?["progress"] == "100%")
        #expect(data?["action"] == "generate")
        #expect(data?["result_url"] == "http://h/files/v.mp4")
        #expect(data?["submit_time"] == 1_773_328_294)
        #expect(data?["data"]?["status"] == "succeeded")
        #expect(data?["data"]?["content"]?["last_frame_url"] == "http://h/files/l.png")
        #expect(data?["data"]?["usage"]?["total_tokens"] == .int(1280 * 720 * 24 * 5 / 1024))
    }

    @Test(arguments: [(TaskStatus.queued, "QUEUED"), (.running, "IN_PROGRESS"), (.failed, "FAILURE"), (.cancelled, "FAILURE"), (.expired, "FAILURE")])
    func statusWords(status: TaskStatus, word: String) {
        let data = dialect.taskResponse(TaskView(task: task(status)))["data"]
        #expect(data?["status"]?.stringValue == word)
        #expect(data?["result_url"] == nil)
        if status == .failed { #expect(data?["fail_reason"] == "boom") }
    }

    @Test func errorShapes() {
        let (status, body) = dialect.errorResponse(.invalid("duration", "bad"))
        #expect(status == 400)
        #expect(body == ["code": "invalid_request", "message": "duration: bad", "data": nil])
        let (missing, notFound) = dialect.errorResponse(.taskNotFound("x"))
        #expect(missing == 404)
        #expect(notFound == ["code": "task_not_exist", "message": "task_not_exist", "data": nil])
        #expect(dialect.errorResponse(.unauthorized).status == 401)
    }
}
