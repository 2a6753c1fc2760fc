import Foundation
import Testing
@testable import ReelayCore

/// OpenAI videos: what the official SDK (`openai`, `client.videos`) sends decodes and validates,
/// tasks encode into its `Video`, list and deletion models, and errors take OpenAI's shape.
@Suite struct OpenAIDialectTests {
    let dialect = OpenAIDialect()

    /// The error decoding (as `decode` does) or validating gives, or nil when both accept.
    func failure(_ decode: () throws(APIError) -> GenerationRequest) -> APIError? {
        do {
            return rejection(try decode(), .openai)
        } catch {
            return error
        }
    }

    // MARK: - Create

    /// `videos.create(prompt=..., model="sora-2", seconds="8", size="1280x720")`: the SDK sends
    /// these as multipart text fields.
    @Test func sdkMultipartExample() throws {
        let request = try dialect.decodeForm(fields: ["prompt": "A calico cat playing a piano on stage", "model": "sora-2",
                                                      "seconds": "8", "size": "1280x720"], file: nil)
        #expect(request.model == "doubao-seedance-2.0")
        #expect(request.prompt == "A calico cat playing a piano on stage")
        #expect(request.duration == 8 && request.size == Geometry.Size(width: 1280, height: 720))
        let spec = try validate(request, .openai)
        #expect(spec.model == "doubao-seedance-2.0" && spec.resolution == "720p" && spec.ratio == "16:9")
        #expect(spec.width == 1280 && spec.height == 720 && spec.duration == 8 && spec.seed == randomSeed)
    }

    /// Only a prompt: OpenAI's defaults, 720x1280 for 4 seconds.
    @Test func promptOnlyTakesOpenAIDefaults() throws {
        let request = try dialect.decode(#"{"prompt": "A cat"}"#)
        #expect(request.model == OpenAIDialect.defaultModel && request.media.isEmpty)
        let spec = try validate(request, .openai)
        #expect(spec.resolution == "720p" && spec.ratio == "9:16")
        #expect(spec.width == 720 && spec.height == 1280 && spec.duration == 4)
    }

    @Test(arguments: ["sora-2", "sora-2-pro", "sora-2-2025-10-06", "sora-2-pro-2025-10-06", "sora-2-2025-12-08", "Sora-2"])
    func soraNamesMeanSeedance2(_ name: String) throws {
        #expect(try dialect.decode(#"{"prompt": "x", "model": "\#(name)"}"#).model == "doubao-seedance-2.0")
    }

    @Test func catalogModelsPassThrough() throws {
        let request = try dialect.decode(#"{"prompt": "x", "model": "doubao-seedance-2.0-fast", "seconds": 12, "size": "1280x720"}"#)
        #expect(request.model == "doubao-seedance-2.0-fast")
        let spec = try validate(request, .openai)
        #expect(spec.model == "doubao-seedance-2.0-fast" && spec.duration == 12)
    }

    /// Sizes Seedance 2.0 renders exactly, and OpenAI's four, which stand for 720p and 1080p.
    @Test(arguments: [
        ("720x1280", "720p", "9:16", "720x1280"), ("1280x720", "720p", "16:9", "1280x720"),
        ("1024x1792", "1080p", "9:16", "1080x1920"), ("1792x1024", "1080p", "16:9", "1920x1080"),
        ("1920x1080", "1080p", "16:9", "1920x1080"), ("864x496", "480p", "16:9", "864x496"), ("640x640", "480p", "1:1", "640x640"),
        ("1112x834", "720p", "4:3", "1112x834"), ("2206x946", "1080p", "21:9", "2206x946"), ("560X752", "480p", "3:4", "560x752"),
    ])
    func sizeMapsOntoResolutionAndRatio(_ size: String, _ resolution: String, _ ratio: String, _ rendered: String) throws {
        let request = try dialect.decode(#"{"prompt": "x", "size": "\#(size)"}"#)
        let spec = try validate(request, .openai)
        #expect(spec.resolution == resolution && spec.ratio == ratio)
        #expect(Geometry.Size(width: spec.width ?? 0, height: spec.height ?? 0).description == rendered)
    }

    /// A Seedance 1.0 model renders its own table's sizes; OpenAI's stand for its 720p and 1080p.
    @Test func sizesOfASeedance1Model() throws {
        for (size, rendered) in [("864x480", "864x480"), ("1280x720", "1248x704"), ("1792x1024", "1920x1088")] {
            let spec = try validate(try dialect.decode(#"{"prompt": "x", "model": "doubao-seedance-1-0-pro-250528", "size": "\#(size)"}"#), .openai)
            #expect("\(spec.width ?? 0)x\(spec.height ?? 0)" == rendered, "\(size)")
        }
    }

    /// A size the model does not render is refused, never bent into another: the 400 names
    /// `size` and lists every size the model takes.
    @Test(arguments: [
        ("123x45", "doubao-seedance-2.0"), ("1000x1000", "doubao-seedance-2.0"), ("864x480", "doubao-seedance-2.0"),
        ("864x496", "doubao-seedance-1-0-pro-250528"), ("1920x1080", "doubao-seedance-2.0-fast"), ("1792x1024", "doubao-seedance-2.0-fast"),
    ])
    func sizeTheModelDoesNotRenderIsRefused(_ size: String, _ model: String) throws {
        let error = try #require(failure { () throws(APIError) in try dialect.decode(#"{"prompt": "x", "model": "\#(model)", "size": "\#(size)"}"#) })
        #expect(error.param == "size" && error.kind == .invalidParameter)
        #expect(error.message.contains(size) && error.message.contains(model), "\(error.message)")
        let catalogModel = try #require(try ModelCatalog.bundled().model(named: model, dialect: .openai))
        for accepted in RequestValidator.sizes(of: catalogModel) {
            #expect(error.message.contains(accepted.size.description), "\(accepted.size) missing from: \(error.message)")
        }
    }

    @Test func acceptedSizesOfSeedance2Fast() throws {
        let model = try #require(try ModelCatalog.bundled().model(named: "doubao-seedance-2.0-fast", dialect: .openai))
        #expect(RequestValidator.sizes(of: model).map(\.size.description) == [
            "864x496", "752x560", "640x640", "560x752", "496x864", "992x432",
            "1280x720", "1112x834", "960x960", "834x1112", "720x1280", "1470x630",
        ])
    }

    @Test func everySizeOfTheSdkRendersWithSeedance2() throws {
        for size in ["720x1280", "1280x720", "1024x1792", "1792x1024"] {
            for seconds in ["4", "8", "12"] {
                let spec = try validate(try dialect.decode(#"{"prompt": "x", "seconds": "\#(seconds)", "size": "\#(size)"}"#), .openai)
                #expect(spec.duration == Int(seconds))
            }
        }
    }

    @Test func secondsAsStringOrInteger() throws {
        #expect(try dialect.decode(#"{"prompt": "x", "seconds": "12"}"#).duration == 12)
        #expect(try dialect.decode(#"{"prompt": "x", "seconds": 8}"#).duration == 8)
        #expect(try dialect.decode(#"{"prompt": "x", "seconds": 15}"#).param("duration") == "seconds")
    }

    @Test func inputReferenceForms() throws {
        let expected = [MediaInput(kind: .image, url: "https://example.com/first.png", role: .firstFrame, param: "input_reference")]
        #expect(try dialect.decode(#"{"prompt": "x", "input_reference": {"image_url": "https://example.com/first.png"}}"#).media == expected)
        #expect(try dialect.decode(#"{"prompt": "x", "input_reference": "https://example.com/first.png"}"#).media == expected)
        let form = try dialect.decodeForm(fields: ["prompt": "x", "input_reference[image_url]": "https://example.com/first.png"], file: nil)
        #expect(form.media == expected)
        _ = try validate(form, .openai)
    }

    @Test func uploadedFileBecomesADataURL() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        let request = try dialect.decodeForm(fields: ["prompt": "x", "size": "720x1280"],
                                             file: (data: png, contentType: "image/png", filename: "a.png"))
        let item = try #require(request.media.first)
        #expect(item.kind == .image && item.role == .firstFrame && item.param == "input_reference")
        #expect(item.url == "data:image/png;base64," + Data(png).base64EncodedString())
        _ = try validate(request, .openai)

        // The bytes decide over a generic declared type.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]
        let sniffed = try dialect.decodeForm(fields: ["prompt": "x"], file: (data: jpeg, contentType: "application/octet-stream", filename: "upload"))
        #expect(sniffed.media.first?.url.hasPrefix("data:image/jpeg;base64,") == true)
        let webp = Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)
        let declared = try dialect.decodeForm(fields: ["prompt": "x"], file: (data: webp, contentType: "image/webp; charset=binary", filename: "w"))
        #expect(declared.media.first?.url.hasPrefix("data:image/webp;base64,") == true)
        // Bytes Reelay does not sniff here keep a declared image type (the media check decides).
        let gif = Array("GIF89a".utf8) + [1, 0, 1, 0]
        let kept = try dialect.decodeForm(fields: ["prompt": "x"], file: (data: gif, contentType: "Image/GIF", filename: "g"))
        #expect(kept.media.first?.url == "data:image/gif;base64," + Data(gif).base64EncodedString())
    }

    /// Found by fuzzing: a declared type was copied into the `data:` URL as it was, so blanks
    /// made a URL that does not parse, and a ',' made the file's base64 the text of another one.
    @Test func aDeclaredTypeCannotReshapeTheDataURL() {
        let gif = Array("GIF89a".utf8) + [1, 0, 1, 0]
        for contentType in ["image/jpeico cat playing a piano", "image/png,AAAA", "image/", "image/png\"", "image/p\u{e9}ng"] {
            let error = failure { () throws(APIError) in
                try dialect.decodeForm(fields: ["prompt": "x"], file: (data: gif, contentType: contentType, filename: "g"))
            }
            #expect(error?.param == "input_reference", "\(contentType)")
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var label: String
        var json: String
        var param: String
        var kind: APIError.Kind = .invalidParameter
        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "no prompt", json: #"{"model": "sora-2"}"#, param: "prompt", kind: .missingParameter),
        BadInput(label: "prompt not a string", json: #"{"prompt": 5}"#, param: "prompt"),
        BadInput(label: "seconds fraction", json: #"{"prompt": "x", "seconds": "4.5"}"#, param: "seconds"),
        BadInput(label: "seconds too long", json: #"{"prompt": "x", "seconds": "20"}"#, param: "seconds"),
        BadInput(label: "size word", json: #"{"prompt": "x", "size": "big"}"#, param: "size"),
        BadInput(label: "size zero", json: #"{"prompt": "x", "size": "0x720"}"#, param: "size"),
        BadInput(label: "size too large for fast", json: #"{"prompt": "x", "model": "doubao-seedance-2.0-fast", "size": "1920x1080"}"#, param: "size"),
        BadInput(label: "size nobody renders", json: #"{"prompt": "x", "size": "123x45"}"#, param: "size"),
        BadInput(label: "reference number", json: #"{"prompt": "x", "input_reference": 5}"#, param: "input_reference"),
        BadInput(label: "reference file id", json: #"{"prompt": "x", "input_reference": {"file_id": "file-1"}}"#, param: "input_reference.file_id", kind: .unsupported),
        BadInput(label: "reference empty object", json: #"{"prompt": "x", "input_reference": {}}"#, param: "input_reference.image_url", kind: .missingParameter),
        BadInput(label: "reference not a URL", json: #"{"prompt": "x", "input_reference": "cat.png"}"#, param: "input_reference"),
        BadInput(label: "unknown model", json: #"{"prompt": "x", "model": "veo-3"}"#, param: "model"),
        BadInput(label: "text-only model with image", json: #"{"prompt": "x", "model": "doubao-seedance-1-0-lite-t2v-250428", "input_reference": "https://e.com/a.png"}"#, param: "input_reference"),
        BadInput(label: "body not an object", json: #"["x"]"#, param: "body"),
    ]

    @Test(arguments: badInputs) func badInputNamesTheParameter(_ input: BadInput) {
        let error = failure { () throws(APIError) in try dialect.decode(input.json) }
        #expect(error?.param == input.param)
        #expect(error?.kind == input.kind)
    }

    @Test func badFormInputNamesTheParameter() {
        let text: [UInt8] = Array("hello".utf8)
        let cases: [([String: String], (data: [UInt8], contentType: String, filename: String)?, String)] = [
            (["model": "sora-2"], nil, "prompt"),
            (["prompt": "x"], (data: text, contentType: "text/plain", filename: "a.txt"), "input_reference"),
            (["prompt": "x"], (data: [], contentType: "image/png", filename: "a.png"), "input_reference"),
            (["prompt": "x", "input_reference": "https://e.com/a.png"], (data: text, contentType: "image/png", filename: "a.png"), "input_reference"),
            (["prompt": "x", "seconds": "four"], nil, "seconds"),
        ]
        for (fields, file, param) in cases {
            #expect(failure { () throws(APIError) in try dialect.decodeForm(fields: fields, file: file) }?.param == param)
        }
        // Blank form fields are unset ones.
        #expect(failure { () throws(APIError) in try dialect.decodeForm(fields: ["prompt": "x", "model": "", "seconds": ""], file: nil) } == nil)
    }

    // MARK: - Remix

    @Test func remixKeepsEverythingButThePrompt() throws {
        let original = task(.succeeded) { spec in
            spec.media = [MediaInput(kind: .image, url: "https://e.com/a.png", role: .firstFrame, param: "input_reference")]
        }
        let request = try dialect.decodeRemix(["prompt": "Same scene, at night"], original: original)
        #expect(request.prompt == "Same scene, at night")
        let spec = try validate(request, .openai)
        let before = original.spec
        #expect(spec.model == before.model && spec.resolution == before.resolution && spec.ratio == before.ratio)
        #expect(spec.duration == before.duration && spec.seed == before.seed && spec.generateAudio == before.generateAudio)
        #expect(spec.media == before.media && spec.width == before.width && spec.height == before.height)
        #expect(spec.remixedFrom == original.id)
        #expect(dialect.createResponse(TaskView(task: GenerationTask(id: "cgt-remix", owner: "o", dialect: .openai, spec: spec,
                                                                     createdAt: Self.created)))["remixed_from_video_id"] == .string(original.id))
    }

    @Test func remixNeedsAPromptAndACompletedVideo() {
        #expect(throws: APIError(.missingParameter, "The parameter prompt is required.", param: "prompt")) {
            try dialect.decodeRemix([:], original: task(.succeeded))
        }
        let error = #expect(throws: APIError.self) { try dialect.decodeRemix(["prompt": "x"], original: task(.running)) }
        #expect(error?.param == "video_id")
    }

    // MARK: - The Video object

    static let created = Date(timeIntervalSince1970: 1_773_328_294)

    func task(_ status: TaskStatus, configure: (inout RenderSpec) -> Void = { _ in }) -> GenerationTask {
        var spec = RenderSpec(model: "doubao-seedance-2.0", requestedModel: "doubao-seedance-2.0", family: .v2,
                              prompt: "A calico cat playing a piano on stage", media: [], resolution: "720p", ratio: "16:9",
                              width: 1280, height: 720, duration: 8, frames: nil, seed: 7, generateAudio: true, watermark: false,
                              cameraFixed: false, returnLastFrame: false, draft: false)
        configure(&spec)
        var task = GenerationTask(id: "cgt-20260312231129-7db6s", owner: "o", dialect: .openai, spec: spec, createdAt: Self.created,
                                  status: status)
        task.progress = status == .running ? 40 : 0
        if status.isTerminal { task.finishedAt = Self.created.addingTimeInterval(90) }
        if status == .succeeded {
            task.progress = 100
            task.result = TaskResult(videoFile: "video.mp4", lastFrameFile: nil, width: 1280, height: 720, ratio: "16:9", duration: 8,
                                     frames: 193, fps: 24, hasAudio: true)
        }
        if status == .failed { task.failure = TaskFailure(code: "render_failed", message: "The renderer stopped.") }
        return task
    }

    /// Every field of the SDK's `Video`, with its type.
    @Test func queuedVideo() {
        let video = dialect.createResponse(TaskView(task: task(.queued)))
        #expect(video == [
            "id": "cgt-20260312231129-7db6s",
            "object": "video",
            "created_at": 1_773_328_294,
            "completed_at": nil,
            "expires_at": nil,
            "model": "doubao-seedance-2.0",
            "progress": 0,
            "prompt": "A calico cat playing a piano on stage",
            "remixed_from_video_id": nil,
            "seconds": "8",
            "size": "1280x720",
            "status": "queued",
            "error": nil,
        ])
        #expect(dialect.taskResponse(TaskView(task: task(.queued))) == video)
    }

    @Test func completedVideo() {
        let view = TaskView(task: task(.succeeded), videoURL: "https://h/v.mp4", linksExpireAt: Self.created.addingTimeInterval(86_400))
        let video = dialect.taskResponse(view)
        #expect(video["status"] == "completed" && video["progress"] == 100)
        #expect(video["completed_at"] == 1_773_328_384 && video["expires_at"] == 1_773_414_694)
        #expect(video["error"] == .null)
    }

    @Test func runningAndEndedVideos() {
        let running = dialect.taskResponse(TaskView(task: task(.running)))
        #expect(running["status"] == "in_progress" && running["progress"] == 40 && running["completed_at"] == .null)

        let failed = dialect.taskResponse(TaskView(task: task(.failed)))
        #expect(failed["status"] == "failed" && failed["completed_at"] == 1_773_328_384)
        #expect(failed["error"] == ["code": "render_failed", "message": "The renderer stopped."])

        for status in [TaskStatus.cancelled, .expired] {
            let video = dialect.taskResponse(TaskView(task: task(status)))
            #expect(video["status"] == "failed")
            #expect(video["error"]?["code"]?.stringValue == status.rawValue)
            #expect(video["expires_at"] == .null)
        }
    }

    @Test func sizeOfAnImageSettledRatioBeforeRendering() {
        let adaptive = task(.queued) { spec in
            spec.ratio = "adaptive"
            spec.width = nil
            spec.height = nil
        }
        #expect(dialect.taskResponse(TaskView(task: adaptive))["size"] == "1280x720")
    }

    // MARK: - Listing and deletion

    /// What `videos.list(after="video_1", limit=5, order="asc")` puts in the query string.
    @Test func sdkListQuery() throws {
        let query = try dialect.listQuery([("after", "video_1"), ("limit", "5"), ("order", "asc")])
        #expect(query.after == "video_1" && query.limit == 5 && query.ascending)
    }

    @Test func listQueryDefaults() throws {
        let query = try dialect.listQuery([])
        #expect(query.after == nil && query.limit == 20 && !query.ascending && query.page == 1)
        #expect(try dialect.listQuery([("order", "desc"), ("limit", "100")]).limit == 100)
        #expect(try dialect.listQuery([("limit", "1")]).limit == 1)
    }

    @Test(arguments: [("limit", "0"), ("limit", "101"), ("limit", "many"), ("order", "newest")])
    func badListParameterIsNamed(_ name: String, _ value: String) throws {
        let error = try #require(throws: APIError.self) { try dialect.listQuery([(name, value)]) }
        #expect(error.param == name && error.kind == .invalidParameter)
    }

    @Test func listPage() {
        var second = task(.running)
        second.id = "cgt-20260312231130-aaaaa"
        let views = [TaskView(task: task(.queued)), TaskView(task: second)]
        let page = dialect.listResponse(views, hasMore: true)
        #expect(page == [
            "object": "list",
            "data": .array(views.map(dialect.taskResponse)),
            "first_id": "cgt-20260312231129-7db6s",
            "last_id": "cgt-20260312231130-aaaaa",
            "has_more": true,
        ])
        #expect(dialect.listResponse([], hasMore: false) == ["object": "list", "data": [], "first_id": nil, "last_id": nil, "has_more": false])
    }

    @Test func deleted() {
        #expect(dialect.deletedResponse(id: "cgt-1") == ["id": "cgt-1", "object": "video.deleted", "deleted": true])
    }

    // MARK: - Errors

    @Test(arguments: [
        (APIError(.missingParameter, "Missing prompt.", param: "prompt"), 400, "invalid_request_error", "missing_required_parameter"),
        (APIError.invalid("size", "Bad size."), 400, "invalid_request_error", "invalid_value"),
        (APIError.unauthorized, 401, "authentication_error", "invalid_api_key"),
        (APIError(.rateLimited, "Slow down."), 429, "rate_limit_error", "rate_limit_exceeded"),
        (APIError(.internalError, "Oops."), 500, "server_error", "internal_error"),
    ])
    func errorShape(_ error: APIError, _ status: Int, _ type: String, _ code: String) {
        let (httpStatus, body) = dialect.errorResponse(error)
        #expect(httpStatus == status)
        #expect(body == ["error": ["message": .string(error.message), "type": .string(type), "param": .string(error.param), "code": .string(code)]])
    }

    @Test func unknownVideo() {
        let (status, body) = dialect.errorResponse(.taskNotFound("video_123"))
        #expect(status == 404)
        #expect(body["error"]?["code"] == "video_not_found")
        #expect(body["error"]?["param"] == "video_id")
        #expect(body["error"]?["type"] == "invalid_request_error")
        #expect(body["error"]?["message"]?.stringValue?.contains("video_123") == true)
    }

    @Test func routesAndPolling() {
        #expect(dialect.id == .openai)
        #expect(dialect.createRoute.path == "/v1/videos" && dialect.queryRoute.path == "/v1/videos/{video_id}")
        #expect(OpenAIDialect.pollAfterMilliseconds == 1000)
    }
}
