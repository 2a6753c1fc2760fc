import Foundation
@testable import ReelayCore

/// The bundled catalog, loaded once for all tests (a load failure fails every test that uses it).
let catalog = try! ModelCatalog.bundled()
let validator = RequestValidator(catalog: catalog)

/// The seed every test's `randomSeed` returns, so that "random" is observable.
let randomSeed = 424_242

enum Models {
    static let liteT2V = "doubao-seedance-1-0-lite-t2v-250428"
    static let liteI2V = "doubao-seedance-1-0-lite-i2v-250428"
    static let pro10 = "doubao-seedance-1-0-pro-250528"
    static let pro15 = "doubao-seedance-1-5-pro-251215"
    static let v20 = "doubao-seedance-2.0"
    static let fast20 = "doubao-seedance-2.0-fast"
    static let face20 = "doubao-seedance-2.0-face"
    static let fastFace20 = "doubao-seedance-2.0-fast-face"
    static let seedanceFast = "seedance-fast"
}

/// A request as a dialect would decode it; media items name their place in a content array.
func request(_ model: String, _ prompt: String = "a cat playing piano", media: [MediaInput] = [],
             _ configure: (inout GenerationRequest) -> Void = { _ in }) -> GenerationRequest {
    var request = GenerationRequest(model: model, prompt: prompt, media: media)
    configure(&request)
    return request
}

func image(_ role: MediaInput.Role, at index: Int, url: String = "https://example.com/cat.png") -> MediaInput {
    MediaInput(kind: .image, url: url, role: role, param: "content[\(index)].image_url.url")
}

func video(at index: Int, url: String = "https://example.com/ref.mp4") -> MediaInput {
    MediaInput(kind: .video, url: url, role: .referenceVideo, param: "content[\(index)].video_url.url")
}

func audio(at index: Int, url: String = "https://example.com/speech.wav") -> MediaInput {
    MediaInput(kind: .audio, url: url, role: .referenceAudio, param: "content[\(index)].audio_url.url")
}

/// `count` reference images starting at content index `from`.
func references(_ count: Int, from start: Int = 1) -> [MediaInput] {
    (0..<count).map { image(.referenceImage, at: start + $0) }
}

func validate(_ request: GenerationRequest, _ dialect: DialectID = .ark) throws(APIError) -> RenderSpec {
    try validator.validate(request, dialect: dialect, randomSeed: { randomSeed })
}

/// The error validation gives, or nil when it accepts the request.
func rejection(_ request: GenerationRequest, _ dialect: DialectID = .ark) -> APIError? {
    do {
        _ = try validate(request, dialect)
        return nil
    } catch {
        return error
    }
}

extension Dialect {
    /// A create body as this dialect decodes it.
    func decode(_ json: String) throws(APIError) -> GenerationRequest {
        try decodeCreate(try JSONValue.parse(Data(json.utf8)))
    }

    /// A create body decoded and validated.
    func spec(_ json: String) throws(APIError) -> RenderSpec {
        try validate(try decode(json), id)
    }

    /// The error decoding or validating a create body gives, or nil when both accept it.
    func rejection(_ json: String) -> APIError? {
        do {
            _ = try spec(json)
            return nil
        } catch {
            return error
        }
    }
}

/// The keys of a JSON object; none for anything else.
func keys(_ value: JSONValue?) -> Set<String> { Set(value?.objectValue.map { Array($0.keys) } ?? []) }

/// `task` ended a minute after it was created, having started 5 s in; a success has a video of its spec.
func finished(_ task: GenerationTask, _ status: TaskStatus) -> GenerationTask {
    var task = task
    task.status = status
    task.startedAt = task.createdAt.addingTimeInterval(5)
    task.finishedAt = task.createdAt.addingTimeInterval(60)
    if status == .succeeded {
        task.progress = 100
        task.result = TaskResult(videoFile: "video.mp4", lastFrameFile: nil, width: task.spec.width ?? 0,
                                 height: task.spec.height ?? 0, ratio: task.spec.ratio, duration: task.spec.duration,
                                 frames: task.spec.duration * 24 + 1, fps: 24, hasAudio: task.spec.generateAudio)
    }
    return task
}
