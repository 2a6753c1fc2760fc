import Foundation

/// Applies the catalog's rules and defaults to a decoded request. Every refusal is an `APIError`
/// whose `param` is the caller's own name for the field (`request.param(field)`, with fields
/// `model`, `prompt`, `media`, `resolution`, `ratio`, `duration`, `frames`, `seed`,
/// `generate_audio`, `draft`, `draft_task`, `size`, `tools`, `callback_url`) or the offending
/// `MediaInput.param`.
public struct RequestValidator: Sendable {
    /// Seed C's limit; no provider documents a longer one.
    public static let maxPromptLength = 4000
    /// Seed D's range; -1 (Ark) asks for a random seed.
    public static let seeds = 0...2_147_483_647
    /// Drafts are 480p previews (Ark, seed 000).
    public static let draftResolution = "480p"
    /// Every Seedance model renders at 24 fps.
    public static let fps = 24

    public let catalog: ModelCatalog

    public init(catalog: ModelCatalog) {
        self.catalog = catalog
    }

    /// Applies the catalog's rules and defaults (per dialect where providers document different
    /// ones) and returns the RenderSpec, or throws APIError naming the offending parameter using
    /// request.param(field).
    public func validate(_ request: GenerationRequest, dialect: DialectID,
                         randomSeed: () -> Int = { Int.random(in: 0...2_147_483_647) }) throws(APIError) -> RenderSpec {
        let model = try model(of: request, dialect: dialect)
        let request = try resolvingSize(of: request, model)
        let prompt = try prompt(of: request, model)
        try checkMedia(request, model)
        try checkDraft(request, model)
        let resolution = try resolution(of: request, model)
        let (ratio, size) = try ratio(of: request, model, resolution: resolution)
        let (duration, frames) = try timing(of: request, model)
        let tools = try tools(of: request, model)
        let generateAudio = try generateAudio(of: request, model)
        let seed = try seed(of: request, model, randomSeed)
        try checkCallback(request)
        return RenderSpec(
            model: model.id, requestedModel: request.model, family: model.family, prompt: prompt,
            media: request.media, resolution: resolution, ratio: ratio, width: size?.width, height: size?.height,
            duration: duration, frames: frames, fps: Self.fps, seed: seed,
            generateAudio: generateAudio, watermark: request.watermark ?? model.defaults.watermark,
            cameraFixed: request.cameraFixed ?? false, returnLastFrame: request.returnLastFrame ?? false,
            draft: request.draft ?? false, draftTaskID: request.draftTaskID, remixedFrom: request.remixedFrom, tools: tools)
    }

    // MARK: - Model and prompt

    private func model(of request: GenerationRequest, dialect: DialectID) throws(APIError) -> ModelSpec {
        let param = request.param("model")
        if request.model.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw APIError(.missingParameter, "The parameter \(param) is required.", param: param)
        }
        guard let model = catalog.model(named: request.model, dialect: dialect) else {
            let known = catalog.models.map(\.id).joined(separator: ", ")
            throw .invalid(param, "The model '\(request.model)' does not exist. Available models: \(known).")
        }
        return model
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control && scalar != "\t" && scalar != "\n" && scalar != "\r"
    }

    private func prompt(of request: GenerationRequest, _ model: ModelSpec) throws(APIError) -> String {
        let prompt = request.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        let param = request.param("prompt")
        if prompt.count > Self.maxPromptLength {
            throw .invalid(param, "The prompt is \(prompt.count) characters long; the limit is \(Self.maxPromptLength).")
        }
        // NUL and other control characters are no text a model reads, and NUL cannot be stored
        // in PostgreSQL: refuse them by name. Tabs and line breaks are text.
        if let (position, scalar) = prompt.unicodeScalars.enumerated().first(where: { Self.isControl($0.element) }) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw .invalid(param, "The prompt contains the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code) "
                + "at position \(position); remove it.")
        }
        // Images, videos or a draft can carry a video on their own (seed C); text alone cannot be
        // empty, and neither can any request where the dialect's page marks the prompt required.
        if prompt.isEmpty && model.promptRequired {
            throw APIError(.missingParameter, "The parameter \(param) is required.", param: param)
        }
        if prompt.isEmpty && request.media.isEmpty && request.draftTaskID == nil {
            throw APIError(.missingParameter, "A prompt is required for text-to-video; \(param) is empty.", param: param)
        }
        return prompt
    }

    // MARK: - Draft

    private func checkDraft(_ request: GenerationRequest, _ model: ModelSpec) throws(APIError) {
        let draftModels = catalog.models.filter(\.draft).map(\.id).joined(separator: ", ")
        if request.draft == true {
            let param = request.param("draft")
            guard model.draft else {
                throw .invalid(param, "\(model.id) has no draft mode; drafts are offered by \(draftModels).")
            }
            if request.draftTaskID != nil {
                throw .invalid(param, "A draft_task renders an existing draft at full quality; it cannot itself be a draft.")
            }
            if let resolution = request.resolution, Self.normalized(resolution) != Self.draftResolution {
                throw .invalid(request.param("resolution"), "Drafts render at \(Self.draftResolution) only, not \(resolution); leave resolution out or set \(Self.draftResolution).")
            }
        }
        if let draftTaskID = request.draftTaskID {
            let param = request.param("draft_task")
            guard model.draft else {
                throw .invalid(param, "\(model.id) cannot render drafts; draft_task needs \(draftModels).")
            }
            if draftTaskID.trimmingCharacters(in: .whitespaces).isEmpty {
                throw APIError(.missingParameter, "The draft task id is empty.", param: param)
            }
            // The draft already fixed its inputs; media here would be silently ignored.
            if let item = request.media.first {
                throw .invalid(item.param, "A draft_task brings its own images and prompt; remove the other media.")
            }
        }
    }

    // MARK: - Geometry

    private func resolution(of request: GenerationRequest, _ model: ModelSpec) throws(APIError) -> String {
        let param = request.param("resolution")
        let fallback = request.draft == true ? Self.draftResolution : model.defaults.resolution
        let resolution = request.resolution.map(Self.normalized) ?? fallback
        guard model.resolutions.contains(resolution) else {
            throw .invalid(param, "\(model.id) does not offer the resolution \(request.resolution ?? resolution); choose \(Self.list(model.resolutions)).")
        }
        if let allowed = model.media.referenceResolutions, !allowed.contains(resolution),
           request.media.contains(where: { $0.role == .referenceImage }) {
            throw .invalid(param, "\(model.id) takes reference images at \(Self.list(allowed)) only, not \(resolution).")
        }
        return resolution
    }

    /// The ratio to render and, when it is fixed, its pixel size. `adaptive` without an image
    /// is 16:9 (Ark); `adaptive` and `keep_ratio` with one are settled from it by the renderer.
    private func ratio(of request: GenerationRequest, _ model: ModelSpec,
                       resolution: String) throws(APIError) -> (String, Geometry.Size?) {
        let param = request.param("ratio")
        let ratio = request.ratio.map(Self.normalized) ?? model.defaults.ratio
        let known = Geometry.ratios + ModelSpec.imageRatios
        guard known.contains(ratio) else {
            throw .invalid(param, "Unknown ratio '\(request.ratio ?? ratio)'; \(model.id) takes \(Self.list(model.ratios)).")
        }
        guard model.ratios.contains(ratio) else {
            throw .invalid(param, "\(model.id) does not offer the ratio \(ratio) here; choose \(Self.list(model.ratios)).")
        }
        let hasImage = request.media.contains { $0.kind == .image }
        switch ratio {
        case "adaptive" where hasImage, "keep_ratio" where hasImage:
            return (ratio, nil)
        case "keep_ratio":
            throw .invalid(param, "keep_ratio keeps the input image's aspect ratio, but the request has no image.")
        case "adaptive":
            return ("16:9", Geometry.size(family: model.family, resolution: resolution, ratio: "16:9"))
        default:
            return (ratio, Geometry.size(family: model.family, resolution: resolution, ratio: ratio))
        }
    }

    // MARK: - Duration and frames

    /// Seconds and frames. Frames (Ark) replace duration, which becomes frames/24 rounded so that
    /// usage and listings still have a length in seconds.
    private func timing(of request: GenerationRequest, _ model: ModelSpec) throws(APIError) -> (Int, Int?) {
        if let frames = request.frames {
            let param = request.param("frames")
            if request.duration != nil {
                throw .invalid(param, "Give either duration or frames, not both.")
            }
            guard let rule = model.frames else {
                throw .invalid(param, "\(model.id) does not take frames; set duration (\(model.durations)) instead.")
            }
            guard rule.contains(frames) else {
                throw .invalid(param, "frames must be \(rule.min)+\(rule.step)n between \(rule.min) and \(rule.max) (121 is 5 s at 24 fps), not \(frames).")
            }
            return (Int((Double(frames) / Double(Self.fps)).rounded()), frames)
        }
        let duration = request.duration ?? model.defaults.duration
        let choices = "\(model.durations) seconds" + (model.autoDuration ? ", or -1 to let the model choose" : "")
        if duration == -1 && model.autoDuration { return (-1, nil) }
        guard model.durations.contains(duration) else {
            throw .invalid(request.param("duration"), "\(model.id) does not offer a duration of \(duration); choose \(choices).")
        }
        return (duration, nil)
    }

    // MARK: - Audio, seed, tools, callback

    private func generateAudio(of request: GenerationRequest, _ model: ModelSpec) throws(APIError) -> Bool {
        if request.generateAudio == true && !model.audio {
            let models = catalog.models.filter(\.audio).map(\.id).joined(separator: ", ")
            throw .invalid(request.param("generate_audio"), "\(model.id) cannot generate audio; audio is offered by \(models).")
        }
        return request.generateAudio ?? model.defaults.generateAudio
    }

    private func seed(of request: GenerationRequest, _ model: ModelSpec, _ randomSeed: () -> Int) throws(APIError) -> Int {
        guard let seed = request.seed else { return randomSeed() }
        if seed == -1 && model.randomSeed { return randomSeed() }
        guard Self.seeds.contains(seed) else {
            let param = request.param("seed")
            throw .invalid(param, "\(param) must be between \(Self.seeds.lowerBound) and \(Self.seeds.upperBound)"
                + "\(model.randomSeed ? ", or -1 for a random seed" : "; leave it out for a random seed"); got \(seed).")
        }
        return seed
    }

    private func tools(of request: GenerationRequest, _ model: ModelSpec) throws(APIError) -> [String] {
        let param = request.param("tools")
        var tools: [String] = []
        for tool in request.tools where !tools.contains(tool) {
            guard ModelSpec.knownTools.contains(tool) else {
                throw .invalid(param, "Unknown tool '\(tool)'; the only tool is \(Self.list(ModelSpec.knownTools)).")
            }
            guard model.tools.contains(tool) else {
                throw .invalid(param, "\(model.id) does not support the \(tool) tool.")
            }
            tools.append(tool)
        }
        guard !tools.isEmpty, !request.media.isEmpty else { return tools }
        // Tools act on text-to-video only. Where the provider's own example sends one beside media
        // (seed 001), take the request as it does and leave the tool out of the render.
        guard model.toolsBesideMedia else {
            throw .invalid(param, "\(Self.list(tools)) works for text-to-video only; remove the tool or the images, videos and audio.")
        }
        return []
    }

    private func checkCallback(_ request: GenerationRequest) throws(APIError) {
        guard let callback = request.callbackURL else { return }
        guard let url = URL(string: callback), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              !(url.host ?? "").isEmpty else {
            throw .invalid(request.param("callback_url"), "callback_url must be an http(s) URL, not '\(callback)'.")
        }
    }

    // MARK: - Helpers

    /// `720P ` as `720p`, `Adaptive` as `adaptive`.
    static func normalized(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func list(_ values: [String]) -> String {
        switch values.count {
        case 0: "none"
        case 1: values[0]
        default: values.dropLast().joined(separator: ", ") + " or " + values.last!
        }
    }
}
