/// One model of the catalog, decoded from `catalog.json`: what it accepts, what it defaults to,
/// and where each rule came from. The top-level rules are Ark's; `dialects` holds the places
/// where a reseller documents something else (see `resolved(for:)`).
public struct ModelSpec: Codable, Sendable, Equatable {
    public var id: String
    public var aliases: [String]
    public var family: GeometryFamily
    public var summary: String
    /// Seconds a caller may ask for.
    public var durations: StepRange
    /// Whether `duration: -1` (the model chooses) is accepted.
    public var autoDuration: Bool
    /// Ark's `frames` (25+4n in [29, 289]); nil where the model has no frames parameter.
    public var frames: StepRange?
    public var resolutions: [String]
    /// Fixed ratios from `Geometry.ratios`, plus `adaptive` and `keep_ratio` where offered.
    public var ratios: [String]
    /// Whether it can generate an audio track.
    public var audio: Bool
    public var media: MediaRules
    /// Whether `asset://` URLs are accepted.
    public var assets: Bool
    /// Whether draft mode (and rendering a draft at full quality) exists.
    public var draft: Bool
    /// Tool types it accepts (`web_search`). They act on text-to-video only.
    public var tools: [String]
    /// Whether a prompt is required even when images or videos could carry the video (a page
    /// that marks `prompt` required); otherwise only text-to-video needs one.
    public var promptRequired: Bool
    /// Whether `seed: -1` asks for a random seed (Ark); otherwise only [0, 2147483647] is taken.
    public var randomSeed: Bool
    /// Whether a tool beside media is accepted (and then does nothing) rather than refused.
    public var toolsBesideMedia: Bool
    public var defaults: Defaults
    /// Whether a seed page gives this model defaults of its own, which the endpoint-wide
    /// defaults of a dialect (the catalog's top-level `dialects`) do not replace.
    public var ownDefaults: Bool
    /// Keyed by `DialectID.rawValue`.
    public var dialects: [String: Override]
    /// Rule name (`durations`, `defaults.watermark`, ...) to the seed page or document it came from.
    public var sources: [String: String]

    public init(id: String, aliases: [String] = [], family: GeometryFamily, summary: String = "",
                durations: StepRange, autoDuration: Bool = false, frames: StepRange? = nil,
                resolutions: [String], ratios: [String], audio: Bool = false, media: MediaRules = MediaRules(),
                assets: Bool = false, draft: Bool = false, tools: [String] = [], promptRequired: Bool = false, randomSeed: Bool = true,
                toolsBesideMedia: Bool = false, defaults: Defaults,
                ownDefaults: Bool = false, dialects: [String: Override] = [:], sources: [String: String] = [:]) {
        self.id = id
        self.aliases = aliases
        self.family = family
        self.summary = summary
        self.durations = durations
        self.autoDuration = autoDuration
        self.frames = frames
        self.resolutions = resolutions
        self.ratios = ratios
        self.audio = audio
        self.media = media
        self.assets = assets
        self.draft = draft
        self.tools = tools
        self.promptRequired = promptRequired
        self.randomSeed = randomSeed
        self.toolsBesideMedia = toolsBesideMedia
        self.defaults = defaults
        self.ownDefaults = ownDefaults
        self.dialects = dialects
        self.sources = sources
    }

    /// Keys that say "none" or "no" may be left out of `catalog.json` (and `randomSeed`, which
    /// holds unless a page narrows the seed range).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        family = try c.decode(GeometryFamily.self, forKey: .family)
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        durations = try c.decode(StepRange.self, forKey: .durations)
        autoDuration = try c.decodeIfPresent(Bool.self, forKey: .autoDuration) ?? false
        frames = try c.decodeIfPresent(StepRange.self, forKey: .frames)
        resolutions = try c.decode([String].self, forKey: .resolutions)
        ratios = try c.decode([String].self, forKey: .ratios)
        audio = try c.decodeIfPresent(Bool.self, forKey: .audio) ?? false
        media = try c.decodeIfPresent(MediaRules.self, forKey: .media) ?? MediaRules()
        assets = try c.decodeIfPresent(Bool.self, forKey: .assets) ?? false
        draft = try c.decodeIfPresent(Bool.self, forKey: .draft) ?? false
        tools = try c.decodeIfPresent([String].self, forKey: .tools) ?? []
        promptRequired = try c.decodeIfPresent(Bool.self, forKey: .promptRequired) ?? false
        randomSeed = try c.decodeIfPresent(Bool.self, forKey: .randomSeed) ?? true
        toolsBesideMedia = try c.decodeIfPresent(Bool.self, forKey: .toolsBesideMedia) ?? false
        defaults = try c.decode(Defaults.self, forKey: .defaults)
        ownDefaults = try c.decodeIfPresent(Bool.self, forKey: .ownDefaults) ?? false
        dialects = try c.decodeIfPresent([String: Override].self, forKey: .dialects) ?? [:]
        sources = try c.decodeIfPresent([String: String].self, forKey: .sources) ?? [:]
    }

    /// Every name the model answers to: its id first, then its aliases.
    public var names: [String] { [id] + aliases }

    /// The rules as seen through one dialect: its override (if any) applied over the Ark rules.
    public func resolved(for dialect: DialectID) -> ModelSpec {
        guard let override = dialects[dialect.rawValue] else { return self }
        var spec = self
        if let value = override.durations { spec.durations = value }
        if let value = override.autoDuration { spec.autoDuration = value }
        if let value = override.resolutions { spec.resolutions = value }
        if let value = override.ratios { spec.ratios = value }
        if let value = override.media { spec.media = value }
        if let value = override.promptRequired { spec.promptRequired = value }
        if let value = override.randomSeed { spec.randomSeed = value }
        if let value = override.defaults { spec.defaults = spec.defaults.patched(with: value) }
        spec.sources.merge(override.sources ?? [:]) { _, new in new }
        return spec
    }
}
