/// A video-generation request as a dialect decoded it, before the catalog's rules and defaults
/// are applied. `nil` means the caller did not say; the catalog decides.
public struct GenerationRequest: Codable, Sendable, Equatable {
    public var model: String
    public var prompt: String
    public var media: [MediaInput]
    public var resolution: String?
    public var ratio: String?
    public var duration: Int?
    public var frames: Int?
    public var seed: Int?
    public var generateAudio: Bool?
    public var watermark: Bool?
    public var cameraFixed: Bool?
    public var returnLastFrame: Bool?
    public var draft: Bool?
    /// `draft_task` content item: the id of a draft whose scene is rendered at full quality.
    public var draftTaskID: String?
    /// An exact pixel size (OpenAI's `size`), which the validator turns into a resolution and
    /// ratio the model renders it at.
    public var size: Geometry.Size?
    /// The video this one remixes (OpenAI's remix), shown as `remixed_from_video_id`.
    public var remixedFrom: String?
    public var tools: [String]
    public var callbackURL: String?
    /// Which parameter each field came from, so validation names what the caller wrote
    /// (`aspect_ratio` in one dialect, `ratio` or `--rt` in another).
    public var paramNames: [String: String]

    public init(model: String, prompt: String = "", media: [MediaInput] = [], resolution: String? = nil,
                ratio: String? = nil, duration: Int? = nil, frames: Int? = nil, seed: Int? = nil,
                generateAudio: Bool? = nil, watermark: Bool? = nil, cameraFixed: Bool? = nil,
                returnLastFrame: Bool? = nil, draft: Bool? = nil, draftTaskID: String? = nil,
                size: Geometry.Size? = nil, remixedFrom: String? = nil, tools: [String] = [], callbackURL: String? = nil, paramNames: [String: String] = [:]) {
        self.model = model
        self.prompt = prompt
        self.media = media
        self.resolution = resolution
        self.ratio = ratio
        self.duration = duration
        self.frames = frames
        self.seed = seed
        self.generateAudio = generateAudio
        self.watermark = watermark
        self.cameraFixed = cameraFixed
        self.returnLastFrame = returnLastFrame
        self.draft = draft
        self.draftTaskID = draftTaskID
        self.size = size
        self.remixedFrom = remixedFrom
        self.tools = tools
        self.callbackURL = callbackURL
        self.paramNames = paramNames
    }

    /// The caller's name for a canonical field (`ratio`, `resolution`, `duration`, ...).
    public func param(_ field: String) -> String { paramNames[field] ?? field }
}
