import Foundation

/// The models Reelay knows, as data: `catalog.json` bundled with ReelayCore. Validation reads
/// it; no code hard-codes a per-model rule.
public struct ModelCatalog: Sendable {
    public let models: [ModelSpec]
    /// Lowercased id or alias to index in `models`.
    private let index: [String: Int]

    public init(models: [ModelSpec]) {
        self.models = models
        var index: [String: Int] = [:]
        for (position, model) in models.enumerated() {
            for name in model.names { index[Self.key(name)] = index[Self.key(name)] ?? position }
        }
        self.index = index
    }

    /// The catalog shipped with ReelayCore, decoded and checked once per process.
    public static func bundled() throws -> ModelCatalog { try bundledCatalog.get() }

    private static let bundledCatalog = Result { () throws -> ModelCatalog in
        guard let url = Bundle.module.url(forResource: "catalog", withExtension: "json") else {
            throw CatalogError(problems: ["catalog.json is missing from the ReelayCore bundle"])
        }
        return try ModelCatalog(json: Data(contentsOf: url))
    }

    /// Decodes a catalog file (the bundled one, or an operator's own) and refuses an inconsistent
    /// one, so that a bad edit fails at start-up rather than on some later request.
    public init(json: Data) throws {
        let file = try JSONDecoder().decode(File.self, from: json)
        let models = file.models.map { model in
            var model = model
            // A catalog-wide dialect override sits under each model's own. Its defaults are the
            // endpoint's, stated by the dialect's page; a model whose own page states its
            // defaults keeps those.
            for (dialect, var shared) in file.dialects ?? [:] {
                if model.ownDefaults { shared.defaults = nil }
                model.dialects[dialect] = shared.merged(with: model.dialects[dialect] ?? ModelSpec.Override())
            }
            return model
        }
        self.init(models: models)
        let problems = problems()
        if !problems.isEmpty { throw CatalogError(problems: problems) }
    }

    /// The model with this id or alias, ignoring case and surrounding spaces.
    public func model(named name: String) -> ModelSpec? {
        index[Self.key(name)].map { models[$0] }
    }

    /// The model with this id or alias, with the dialect's overrides applied.
    public func model(named name: String, dialect: DialectID) -> ModelSpec? {
        model(named: name)?.resolved(for: dialect)
    }

    /// Every inconsistency in the catalog: clashing names, unknown dialects, and (in every dialect)
    /// defaults that the model's own rules would refuse or sizes the geometry table lacks.
    public func problems() -> [String] {
        var problems: [String] = []
        var owners: [String: String] = [:]
        for model in models {
            for name in model.names {
                if let owner = owners[Self.key(name)] { problems.append("\(name) names both \(owner) and \(model.id)") }
                owners[Self.key(name)] = model.id
            }
            for dialect in model.dialects.keys where DialectID(rawValue: dialect) == nil {
                problems.append("\(model.id): unknown dialect \(dialect)")
            }
            for dialect in DialectID.allCases {
                problems += model.resolved(for: dialect).problems().map { "\(model.id) (\(dialect.rawValue)): \($0)" }
            }
        }
        return problems
    }

    private static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The shape of `catalog.json`.
    private struct File: Decodable {
        var dialects: [String: ModelSpec.Override]?
        var models: [ModelSpec]
    }
}

/// A catalog that contradicts itself.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "Invalid model catalog: " + problems.joined(separator: "; ") }
}

extension ModelSpec {
    /// The tool types Reelay knows how to honour.
    public static let knownTools = ["web_search"]
    /// Ratio words that are settled from an input image rather than fixed.
    public static let imageRatios = ["adaptive", "keep_ratio"]

    /// Inconsistencies of one (resolved) spec.
    func problems() -> [String] {
        var problems: [String] = []
        if durations.step < 1 || durations.min < 1 || durations.min > durations.max { problems.append("bad durations \(durations)") }
        if let frames, frames.step < 1 || frames.min > frames.max { problems.append("bad frames \(frames)") }
        for resolution in resolutions where !Geometry.resolutions.contains(resolution) {
            problems.append("unknown resolution \(resolution)")
        }
        for ratio in ratios where !Geometry.ratios.contains(ratio) && !Self.imageRatios.contains(ratio) {
            problems.append("unknown ratio \(ratio)")
        }
        for resolution in media.referenceResolutions ?? [] where !resolutions.contains(resolution) {
            problems.append("reference resolution \(resolution) is not offered")
        }
        for tool in tools where !Self.knownTools.contains(tool) { problems.append("unknown tool \(tool)") }
        if !resolutions.contains(defaults.resolution) { problems.append("default resolution \(defaults.resolution) is not offered") }
        if !ratios.contains(defaults.ratio) { problems.append("default ratio \(defaults.ratio) is not offered") }
        if !durations.contains(defaults.duration) { problems.append("default duration \(defaults.duration) is not offered") }
        if defaults.generateAudio && !audio { problems.append("audio is on by default but not supported") }
        if media.requiresImage && media.limit(.firstFrame) + media.referenceImages == 0 { problems.append("requires an image but takes none") }
        if draft && !resolutions.contains(RequestValidator.draftResolution) { problems.append("draft mode without \(RequestValidator.draftResolution)") }
        return problems
    }
}
