import Foundation
import ReelayCore

/// `GET /v1/models`: the catalog's models with their rules, in OpenAI's list shape (`object`,
/// `data[]` of `{id, object: "model", created, owned_by}`) so that model pickers written for
/// OpenAI-style gateways work, plus every rule the playground's form adapts to. The top-level
/// rules are Ark's (the playground submits through Ark); `dialects` holds the rules resolved
/// for each dialect whose provider documents others.
enum ModelsDocument {
    static func encode(_ catalog: ModelCatalog) -> JSONValue {
        ["object": "list", "data": .array(catalog.models.map(model))]
    }

    static func model(_ spec: ModelSpec) -> JSONValue {
        var object = rules(spec)
        object["id"] = .string(spec.id)
        object["object"] = "model"
        // The catalog records no release time; OpenAI's Model object requires the key.
        object["created"] = 0
        object["owned_by"] = "bytedance"
        object["aliases"] = .array(spec.aliases.map(JSONValue.string))
        object["family"] = .string(spec.family.rawValue)
        object["summary"] = .string(spec.summary)
        object["frames"] = spec.frames.map(range) ?? .null
        object["assets"] = .bool(spec.assets)
        object["draft"] = .bool(spec.draft)
        object["tools"] = .array(spec.tools.map(JSONValue.string))
        object["sizes"] = sizes(spec)
        // The same for every model today; said per model so a form can show it beside the prompt.
        object["prompt_limit"] = .int(RequestValidator.maxPromptLength)
        var dialects: [String: JSONValue] = [:]
        for dialect in DialectID.allCases where spec.dialects[dialect.rawValue] != nil {
            dialects[dialect.rawValue] = .object(rules(spec.resolved(for: dialect)))
        }
        object["dialects"] = .object(dialects)
        object["sources"] = .object(spec.sources.mapValues(JSONValue.string))
        return .object(object)
    }

    /// The rules a dialect may override: durations, resolutions, ratios, the media it takes,
    /// whether a prompt is required beside media, whether seed -1 is taken, and defaults.
    static func rules(_ spec: ModelSpec) -> [String: JSONValue] {
        [
            "durations": range(spec.durations),
            "auto_duration": .bool(spec.autoDuration),
            "resolutions": .array(spec.resolutions.map(JSONValue.string)),
            "ratios": .array(spec.ratios.map(JSONValue.string)),
            "audio": .bool(spec.audio),
            "media": media(spec.media),
            "prompt_required": .bool(spec.promptRequired),
            "random_seed": .bool(spec.randomSeed),
            "defaults": [
                "resolution": .string(spec.defaults.resolution),
                "ratio": .string(spec.defaults.ratio),
                "duration": .int(spec.defaults.duration),
                "generate_audio": .bool(spec.defaults.generateAudio),
                "watermark": .bool(spec.defaults.watermark),
            ],
        ]
    }

    static func range(_ range: ModelSpec.StepRange) -> JSONValue {
        ["min": .int(range.min), "max": .int(range.max), "step": .int(range.step)]
    }

    static func media(_ rules: ModelSpec.MediaRules) -> JSONValue {
        [
            "first_frame": .bool(rules.firstFrame),
            "last_frame": .bool(rules.lastFrame),
            "requires_image": .bool(rules.requiresImage),
            "reference_images": .int(rules.referenceImages),
            "reference_videos": .int(rules.referenceVideos),
            "reference_audio": .int(rules.referenceAudio),
            "frames_with_reference_images": .bool(rules.framesWithReferenceImages),
            "reference_resolutions": rules.referenceResolutions.map { .array($0.map(JSONValue.string)) } ?? .null,
        ]
    }

    /// Output pixel sizes by resolution and fixed ratio (`adaptive` and `keep_ratio` follow the
    /// input image; `adaptive` without one renders 16:9).
    static func sizes(_ spec: ModelSpec) -> JSONValue {
        var table: [String: JSONValue] = [:]
        for resolution in spec.resolutions {
            var row: [String: JSONValue] = [:]
            for ratio in spec.ratios {
                if let size = Geometry.size(family: spec.family, resolution: resolution, ratio: ratio) {
                    row[ratio] = .string(size.description)
                }
            }
            table[resolution] = .object(row)
        }
        return .object(table)
    }
}
