import ReelayCore

/// One model of the catalog as `reelay models` shows it: its name and summary, then a line per
/// rule (what it accepts and what it defaults to).
struct ModelSheet {
    static let labelWidth = 13

    /// The limit every model shares, said once below the list.
    static let pictureLimits = "Pictures (frames and reference images) may be at most \(MediaLimits.default.maxImageSide) px a side "
        + "and \(MediaLimits.default.maxImagePixels / 1_000_000) megapixels."

    let model: ModelSpec

    init(_ model: ModelSpec) {
        self.model = model
    }

    var lines: [String] {
        let defaults = model.defaults
        let title = model.id == GenerateCommand.defaultModel ? "\(model.id)  (default)" : model.id
        var rows: [(String, String)] = []
        if !model.aliases.isEmpty { rows.append(("also named", model.aliases.joined(separator: ", "))) }
        rows.append(("durations", "\(model.durations) s\(model.autoDuration ? " or -1 (the model decides)" : ""); default \(defaults.duration)"))
        if let frames = model.frames { rows.append(("frames", "\(frames), instead of a duration")) }
        rows.append(("resolutions", "\(model.resolutions.joined(separator: ", ")); default \(defaults.resolution)"))
        rows.append(("ratios", "\(model.ratios.joined(separator: ", ")); default \(defaults.ratio)"))
        rows.append(("audio", model.audio ? "yes, \(defaults.generateAudio ? "on" : "off") by default" : "no"))
        rows.append(("media", media))
        rows.append(("prompt", "up to \(RequestValidator.maxPromptLength) characters"))
        rows.append(("watermark", defaults.watermark ? "on by default" : "off by default"))
        let extras = [model.draft ? "draft mode" : nil, model.assets ? "asset:// inputs" : nil]
            .compactMap { $0 } + model.tools.map { "\($0) tool" }
        if !extras.isEmpty { rows.append(("also", extras.joined(separator: ", "))) }
        if !dialects.isEmpty { rows.append(("differs in", dialects)) }
        return [title, "  " + model.summary] + rows.map(row)
    }

    /// Pixel sizes per resolution and fixed ratio; `adaptive` and `keep_ratio` follow the image.
    var sizes: [String] {
        let fixed = model.ratios.filter { !ModelSpec.imageRatios.contains($0) }
        return model.resolutions.map { resolution in
            let sizes = fixed.compactMap { ratio in
                Geometry.size(family: model.family, resolution: resolution, ratio: ratio).map { "\(ratio) \($0)" }
            }
            return row(("sizes \(resolution)", sizes.joined(separator: ", ")))
        }
    }

    /// The media a request may carry, in words.
    private var media: String {
        let rules = model.media
        guard rules.acceptsMedia else { return "none (text only)" }
        var parts: [String] = []
        if rules.firstFrame { parts.append(rules.lastFrame ? "first and last frame" : "first frame") }
        if rules.referenceImages > 0 { parts.append("1-\(rules.referenceImages) reference images") }
        if rules.referenceVideos > 0 { parts.append("up to \(rules.referenceVideos) reference videos") }
        if rules.referenceAudio > 0 { parts.append("up to \(rules.referenceAudio) reference audio clips") }
        var text = parts.joined(separator: ", ")
        if rules.requiresImage { text = "an image is required: " + text }
        if rules.firstFrame && rules.referenceImages > 0 {
            text += rules.framesWithReferenceImages ? "; frames and reference images combine" : "; frames or reference images"
        }
        if let resolutions = rules.referenceResolutions { text += "; reference images at \(resolutions.joined(separator: ", ")) only" }
        return text
    }

    /// The dialects whose providers document other rules, and which: `toapis (resolutions, defaults)`.
    private var dialects: String {
        model.dialects.keys.sorted().compactMap { (dialect: String) -> String? in
            guard let override = model.dialects[dialect] else { return nil }
            let fields = [override.durations != nil || override.autoDuration != nil ? "durations" : nil,
                          override.resolutions != nil ? "resolutions" : nil, override.ratios != nil ? "ratios" : nil,
                          override.media != nil ? "media" : nil,
                          override.promptRequired != nil ? "prompt" : nil, override.randomSeed != nil ? "seed" : nil,
                          override.defaults != nil ? "defaults" : nil].compactMap { $0 }
            return fields.isEmpty ? nil : "\(dialect) (\(fields.joined(separator: ", ")))"
        }
        .joined(separator: ", ")
    }

    /// `  label        value`, values lined up.
    private func row(_ row: (String, String)) -> String {
        let (label, value) = row
        return "  " + label + String(repeating: " ", count: max(1, Self.labelWidth - label.count)) + value
    }
}
