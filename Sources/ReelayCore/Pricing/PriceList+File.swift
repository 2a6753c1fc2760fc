import Foundation

/// A mistake in a price file, with the field and its position named.
public struct PriceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension PriceList {
    static let topFields: Set<String> = ["currency", "markup", "prices"]
    static let entryFields: Set<String> = ["model", "resolution", "audio", "draft", "per_million_tokens", "per_second", "source"]

    /// Reads a price file strictly, as the routing file is read: an unknown field is an error
    /// naming it and its position (a typo must not silently make video free), and so is a
    /// field of the wrong type, an entry with no price or two, or a negative price. Fields
    /// starting with `_` are comments.
    public static func decode(_ data: Data, source: String = "price file") throws(PriceFileError) -> PriceList {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: data), let top = json.objectValue else {
            throw PriceFileError("The \(source) is not a JSON object.")
        }
        func fail(_ message: String) -> PriceFileError { PriceFileError("\(source): \(message)") }
        func unknown(_ object: [String: JSONValue], _ known: Set<String>, at path: String) -> PriceFileError? {
            guard let field = object.keys.sorted().first(where: { !$0.hasPrefix("_") && !known.contains($0) }) else { return nil }
            return fail("unknown field \(path.isEmpty ? field : "\(path).\(field)") (known here: \(known.sorted().joined(separator: ", "))).")
        }
        if let error = unknown(top, topFields, at: "") { throw error }
        guard let currency = top["currency"]?.stringValue, !currency.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("currency must be a non-empty string, such as \"USD\".")
        }
        var markup = 1.0
        if let value = top["markup"] {
            guard let number = value.numberValue, number > 0, number.isFinite else { throw fail("markup must be a number > 0 (1.2 adds 20 %).") }
            markup = number
        }
        guard let list = top["prices"]?.arrayValue else { throw fail("prices must be a list of entries.") }
        var entries: [Entry] = []
        for (index, item) in list.enumerated() {
            let path = "prices[\(index)]"
            guard let object = item.objectValue else { throw fail("\(path) must be an object.") }
            if let error = unknown(object, entryFields, at: path) { throw error }
            guard let model = object["model"]?.stringValue, !model.isEmpty else {
                throw fail("\(path).model must be a model name or \"*\".")
            }
            func text(_ field: String) throws(PriceFileError) -> String? {
                guard let value = object[field], value != .null else { return nil }
                guard let string = value.stringValue else { throw fail("\(path).\(field) must be a string.") }
                return string
            }
            func flag(_ field: String) throws(PriceFileError) -> Bool? {
                guard let value = object[field], value != .null else { return nil }
                guard case .bool(let bool) = value else { throw fail("\(path).\(field) must be true or false.") }
                return bool
            }
            func price(_ field: String) throws(PriceFileError) -> Money? {
                guard let value = object[field], value != .null else { return nil }
                guard let number = value.numberValue, let money = Money(decimal: number) else {
                    throw fail("\(path).\(field) must be a number ≥ 0.")
                }
                return money
            }
            let rate: Rate
            switch (try price("per_million_tokens"), try price("per_second")) {
            case (let tokens?, nil): rate = .perMillionTokens(tokens)
            case (nil, let seconds?): rate = .perSecond(seconds)
            case (nil, nil): throw fail("\(path) needs a price: per_million_tokens or per_second.")
            case (_?, _?): throw fail("\(path) has both per_million_tokens and per_second; give one.")
            }
            let resolution = try text("resolution")
            if let resolution, !Geometry.resolutions.contains(resolution) {
                throw fail("\(path).resolution must be one of \(Geometry.resolutions.joined(separator: ", ")).")
            }
            entries.append(Entry(model: model, resolution: resolution, audio: try flag("audio"), draft: try flag("draft"),
                                 rate: rate, source: try text("source")))
        }
        return PriceList(currency: currency, markup: markup, entries: entries)
    }
}

extension JSONValue {
    /// An integer or a fraction, as a price or factor may be written.
    var numberValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
