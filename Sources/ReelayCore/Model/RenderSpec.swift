/// A validated request with every default applied: what a provider is asked to make.
/// Built only by `RequestValidator`, stored with the task.
public struct RenderSpec: Codable, Sendable, Equatable {
    /// The catalog id of the model, and the name the caller used for it.
    public var model: String
    public var requestedModel: String
    public var family: GeometryFamily
    public var prompt: String
    public var media: [MediaInput]
    public var resolution: String
    /// As requested: a catalog ratio such as `16:9`, or `adaptive` / `keep_ratio`, which the
    /// provider settles from the first image.
    public var ratio: String
    /// Output size when it is known up front (every ratio but `adaptive`/`keep_ratio` with an image).
    public var width: Int?
    public var height: Int?
    /// Seconds; -1 lets the provider choose from the inputs.
    public var duration: Int
    public var frames: Int?
    public var fps: Int
    public var seed: Int
    public var generateAudio: Bool
    public var watermark: Bool
    public var cameraFixed: Bool
    public var returnLastFrame: Bool
    public var draft: Bool
    public var draftTaskID: String?
    /// The task this one remixes (OpenAI's remix).
    public var remixedFrom: String?
    public var tools: [String]

    public init(model: String, requestedModel: String, family: GeometryFamily, prompt: String, media: [MediaInput],
                resolution: String, ratio: String, width: Int?, height: Int?, duration: Int, frames: Int?, fps: Int = 24,
                seed: Int, generateAudio: Bool, watermark: Bool, cameraFixed: Bool, returnLastFrame: Bool,
                draft: Bool, draftTaskID: String? = nil, remixedFrom: String? = nil, tools: [String] = []) {
        self.model = model
        self.requestedModel = requestedModel
        self.family = family
        self.prompt = prompt
        self.media = media
        self.resolution = resolution
        self.ratio = ratio
        self.width = width
        self.height = height
        self.duration = duration
        self.frames = frames
        self.fps = fps
        self.seed = seed
        self.generateAudio = generateAudio
        self.watermark = watermark
        self.cameraFixed = cameraFixed
        self.returnLastFrame = returnLastFrame
        self.draft = draft
        self.draftTaskID = draftTaskID
        self.remixedFrom = remixedFrom
        self.tools = tools
    }

    public func media(_ role: MediaInput.Role) -> [MediaInput] { media.filter { $0.role == role } }
}

/// Which pixel-size table a model renders with (see `Geometry`).
public enum GeometryFamily: String, Codable, Sendable, CaseIterable {
    /// Seedance 1.0 models.
    case v1
    /// Seedance 1.5 pro and 2.0 models.
    case v2

    /// The frames of a video of `seconds` at `fps`: the newer models render one frame more than
    /// seconds x fps (DIALECTS.md, "Output geometry": 121 frames for 5 s), 1.0 exactly that many.
    public func frames(seconds: Int, fps: Int) -> Int {
        switch self {
        case .v1: seconds * fps
        case .v2: seconds * fps + 1
        }
    }
}
