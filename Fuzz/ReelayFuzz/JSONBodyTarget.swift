import Foundation
import ReelayCore

/// A create body as the server reads it: `JSONShape.check`, `JSONValue.parse`, then each
/// dialect's `decodeCreate` and the validator, and the pure checks a `data:` input then gets.
enum JSONBodyTarget {
    static let validator = RequestValidator(catalog: try! ModelCatalog.bundled())

    static func run(_ bytes: [UInt8]) {
        let data = Data(bytes)
        let shape = JSONShape(of: data)
        // The scan carries its state from one region of the bytes to the next.
        require(JSONShape(of: pieces(bytes)) == shape, "JSONShape differs when the body arrives in pieces")
        do { try JSONShape.check(data) } catch { return }  // refused before parsing, as the server does
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { return }

        // The scan never measures less than the parsed tree holds (a duplicate key can drop a
        // container from the tree, never add one); without duplicates, as written back, it
        // measures exactly the tree.
        let tree = measure(value)
        require(tree.depth <= shape.depth && tree.containers <= shape.containers,
                "JSONShape \(shape) measured less than the parsed tree \(tree)")
        let encoded = value.encoded()
        require(JSONShape(of: encoded) == tree, "JSONShape of the written value \(JSONShape(of: encoded)) is not the tree's \(tree)")
        // What the writer writes reads back, and writing that again gives the same bytes.
        guard let again = try? JSONValue.parse(encoded) else {
            fatalError("Broken invariant: the writer's output does not parse: \(String(decoding: encoded, as: UTF8.self))")
        }
        require(again.encoded() == encoded, "writing a value read back from the writer changes its bytes")

        for dialect in DialectID.allCases {
            let request: GenerationRequest
            do { request = try dialect.codec.decodeCreate(value) } catch { continue }  // an APIError: a 400
            validate(request, dialect: dialect)
        }
    }

    /// The validator's refusals are typed; what it accepts keeps the catalog's promises.
    static func validate(_ request: GenerationRequest, dialect: DialectID) {
        let spec: RenderSpec
        do { spec = try validator.validate(request, dialect: dialect, randomSeed: { 11 }) } catch { return }
        guard let model = validator.catalog.model(named: spec.model) else {
            fatalError("Broken invariant: the validator accepted a model the catalog does not know: \(spec.model)")
        }
        require(spec.prompt.count <= RequestValidator.maxPromptLength, "an accepted prompt is over the limit")
        require(!spec.prompt.unicodeScalars.contains { $0.properties.generalCategory == .control && !"\t\n\r".unicodeScalars.contains($0) },
                "an accepted prompt holds a control character")
        require(model.resolutions.contains(spec.resolution), "accepted resolution \(spec.resolution) is not \(model.id)'s")
        require(spec.frames != nil || spec.duration == -1 || model.durations.contains(spec.duration),
                "accepted duration \(spec.duration) is not \(model.id)'s")
        require(RequestValidator.seeds.contains(spec.seed), "accepted seed \(spec.seed) is out of range")
        require((spec.width == nil) == (spec.height == nil) && (spec.width ?? 1) > 0 && (spec.height ?? 1) > 0,
                "accepted size \(String(describing: spec.width))x\(String(describing: spec.height))")
        // The spec is stored as JSON and read back.
        let stored = try! JSONEncoder().encode(spec)
        require((try? JSONDecoder().decode(RenderSpec.self, from: stored)) == spec, "a stored spec does not read back as itself")
        // data: inputs are decoded and sniffed next (Reelay's InlineMediaCheck): pure, and here too.
        for input in spec.media where input.url.prefix(5).lowercased() == "data:" {
            let limit = MediaLimits.default.maxBytes(for: input.kind)
            guard let uri = try? DataURI(parsing: input.url, maxBytes: limit) else { continue }
            require(uri.data.count <= limit, "a data: URI decoded past its limit")
            MediaTarget.accept(uri.data, contentType: uri.mediaType, kind: input.kind)
        }
    }

    /// The deepest nesting and the number of containers of a parsed value.
    static func measure(_ value: JSONValue) -> JSONShape {
        switch value {
        case .array(let items): return container(items.map(measure))
        case .object(let fields): return container(fields.values.map(measure))
        default: return JSONShape(depth: 0, containers: 0)
        }
    }

    private static func container(_ children: [JSONShape]) -> JSONShape {
        JSONShape(depth: 1 + (children.map(\.depth).max() ?? 0), containers: 1 + children.map(\.containers).reduce(0, +))
    }

    /// The bytes as several regions, as a body read in chunks is: one region a byte for small
    /// bodies (so every split point is tried), thirds for larger ones.
    static func pieces(_ bytes: [UInt8]) -> DispatchData {
        var data = DispatchData.empty
        let step = bytes.count <= 512 ? 1 : max(1, bytes.count / 3)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + step)
            bytes[start..<end].withUnsafeBytes { data.append($0) }
            start = end
        }
        return data
    }
}
