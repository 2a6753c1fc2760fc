extension ModelSpec {
    /// Integers from `min` to `max` in steps of `step` (durations, frames).
    public struct StepRange: Codable, Sendable, Equatable, CustomStringConvertible {
        public var min: Int
        public var max: Int
        public var step: Int

        public init(min: Int, max: Int, step: Int = 1) {
            self.min = min
            self.max = max
            self.step = step
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            min = try container.decode(Int.self, forKey: .min)
            max = try container.decode(Int.self, forKey: .max)
            step = try container.decodeIfPresent(Int.self, forKey: .step) ?? 1
        }

        public func contains(_ value: Int) -> Bool {
            step > 0 && value >= min && value <= max && (value - min) % step == 0
        }

        public var values: [Int] { step > 0 ? Array(stride(from: min, through: max, by: step)) : [] }

        /// `2..12`, `5, 10` or `29..289 (step 4)`, for error messages.
        public var description: String {
            if step == 1 { return "\(min)..\(max)" }
            let values = values
            return values.count <= 4 ? values.map(String.init).joined(separator: ", ") : "\(min)..\(max) (step \(step))"
        }
    }

    /// Which media a model takes, and how many of each.
    public struct MediaRules: Codable, Sendable, Equatable {
        public var firstFrame: Bool
        public var lastFrame: Bool
        /// Image-to-video-only models need an image (a first frame or a reference image).
        public var requiresImage: Bool
        public var referenceImages: Int
        public var referenceVideos: Int
        public var referenceAudio: Int
        /// Whether first/last frames may come with reference images (never with videos or audio).
        public var framesWithReferenceImages: Bool
        /// Output resolutions at which reference images work; nil means all.
        public var referenceResolutions: [String]?

        public init(firstFrame: Bool = false, lastFrame: Bool = false, requiresImage: Bool = false,
                    referenceImages: Int = 0, referenceVideos: Int = 0, referenceAudio: Int = 0,
                    framesWithReferenceImages: Bool = false, referenceResolutions: [String]? = nil) {
            self.firstFrame = firstFrame
            self.lastFrame = lastFrame
            self.requiresImage = requiresImage
            self.referenceImages = referenceImages
            self.referenceVideos = referenceVideos
            self.referenceAudio = referenceAudio
            self.framesWithReferenceImages = framesWithReferenceImages
            self.referenceResolutions = referenceResolutions
        }

        /// Roles a model lacks may be left out of `catalog.json`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            firstFrame = try c.decodeIfPresent(Bool.self, forKey: .firstFrame) ?? false
            lastFrame = try c.decodeIfPresent(Bool.self, forKey: .lastFrame) ?? false
            requiresImage = try c.decodeIfPresent(Bool.self, forKey: .requiresImage) ?? false
            referenceImages = try c.decodeIfPresent(Int.self, forKey: .referenceImages) ?? 0
            referenceVideos = try c.decodeIfPresent(Int.self, forKey: .referenceVideos) ?? 0
            referenceAudio = try c.decodeIfPresent(Int.self, forKey: .referenceAudio) ?? 0
            framesWithReferenceImages = try c.decodeIfPresent(Bool.self, forKey: .framesWithReferenceImages) ?? false
            referenceResolutions = try c.decodeIfPresent([String].self, forKey: .referenceResolutions)
        }

        /// Text-only models take no media at all.
        public var acceptsMedia: Bool {
            firstFrame || lastFrame || referenceImages > 0 || referenceVideos > 0 || referenceAudio > 0
        }

        /// The most items a model takes in a role (0 where the role does not exist).
        public func limit(_ role: MediaInput.Role) -> Int {
            switch role {
            case .firstFrame: firstFrame ? 1 : 0
            case .lastFrame: lastFrame ? 1 : 0
            case .referenceImage: referenceImages
            case .referenceVideo: referenceVideos
            case .referenceAudio: referenceAudio
            }
        }
    }

    /// What a request gets for each parameter it leaves out.
    public struct Defaults: Codable, Sendable, Equatable {
        public var resolution: String
        public var ratio: String
        public var duration: Int
        public var generateAudio: Bool
        public var watermark: Bool

        public init(resolution: String, ratio: String, duration: Int, generateAudio: Bool, watermark: Bool) {
            self.resolution = resolution
            self.ratio = ratio
            self.duration = duration
            self.generateAudio = generateAudio
            self.watermark = watermark
        }

        func patched(with patch: DefaultsPatch) -> Defaults {
            Defaults(resolution: patch.resolution ?? resolution, ratio: patch.ratio ?? ratio,
                     duration: patch.duration ?? duration, generateAudio: patch.generateAudio ?? generateAudio,
                     watermark: patch.watermark ?? watermark)
        }
    }

    /// Some defaults, for a dialect that documents its own.
    public struct DefaultsPatch: Codable, Sendable, Equatable {
        public var resolution: String?
        public var ratio: String?
        public var duration: Int?
        public var generateAudio: Bool?
        public var watermark: Bool?

        public init(resolution: String? = nil, ratio: String? = nil, duration: Int? = nil,
                    generateAudio: Bool? = nil, watermark: Bool? = nil) {
            self.resolution = resolution
            self.ratio = ratio
            self.duration = duration
            self.generateAudio = generateAudio
            self.watermark = watermark
        }

        /// This patch with `other`'s values on top.
        func merged(with other: DefaultsPatch) -> DefaultsPatch {
            DefaultsPatch(resolution: other.resolution ?? resolution, ratio: other.ratio ?? ratio,
                          duration: other.duration ?? duration, generateAudio: other.generateAudio ?? generateAudio,
                          watermark: other.watermark ?? watermark)
        }
    }

    /// Where one dialect's provider documents other rules or defaults than Ark. Absent fields
    /// keep the model's own; present ones replace them whole (defaults field by field).
    public struct Override: Codable, Sendable, Equatable {
        public var durations: StepRange?
        public var autoDuration: Bool?
        public var resolutions: [String]?
        public var ratios: [String]?
        /// The media a reseller's page documents for the model, replacing Ark's rules whole.
        public var media: MediaRules?
        public var promptRequired: Bool?
        public var randomSeed: Bool?
        public var defaults: DefaultsPatch?
        public var sources: [String: String]?

        public init(durations: StepRange? = nil, autoDuration: Bool? = nil, resolutions: [String]? = nil,
                    ratios: [String]? = nil, media: MediaRules? = nil, promptRequired: Bool? = nil, randomSeed: Bool? = nil,
                    defaults: DefaultsPatch? = nil, sources: [String: String]? = nil) {
            self.durations = durations
            self.autoDuration = autoDuration
            self.resolutions = resolutions
            self.ratios = ratios
            self.media = media
            self.promptRequired = promptRequired
            self.randomSeed = randomSeed
            self.defaults = defaults
            self.sources = sources
        }

        /// This override with `other` on top (a model's own override over the catalog-wide one).
        func merged(with other: Override) -> Override {
            Override(durations: other.durations ?? durations, autoDuration: other.autoDuration ?? autoDuration,
                     resolutions: other.resolutions ?? resolutions, ratios: other.ratios ?? ratios, media: other.media ?? media,
                     promptRequired: other.promptRequired ?? promptRequired, randomSeed: other.randomSeed ?? randomSeed,
                     defaults: (defaults ?? DefaultsPatch()).merged(with: other.defaults ?? DefaultsPatch()),
                     sources: (sources ?? [:]).merging(other.sources ?? [:]) { _, new in new })
        }
    }
}
