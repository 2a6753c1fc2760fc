/// Reads the fields of one JSON object with typed accessors whose errors name the parameter by
/// its full path (`metadata.resolution`, `content[1].image_url.url`), as callers expect to see it.
public struct JSONObjectReader: Sendable {
    public let path: String
    public let fields: [String: JSONValue]

    public init(_ value: JSONValue, path: String = "") throws(APIError) {
        guard case .object(let fields) = value else {
            throw APIError(.invalidParameter, "\(path.isEmpty ? "Request body" : path) must be a JSON object, not \(value.typeName).",
                           param: path.isEmpty ? "body" : path)
        }
        self.path = path
        self.fields = fields
    }

    public func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of a field, treating JSON null as absent.
    public func value(_ key: String) -> JSONValue? {
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    public func has(_ key: String) -> Bool { value(key) != nil }

    public func string(_ key: String) throws(APIError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.stringValue else { throw typeError(key, "a string", value) }
        return string
    }

    public func requiredString(_ key: String) throws(APIError) -> String {
        guard let string = try string(key) else {
            throw APIError(.missingParameter, "The parameter \(name(key)) is required.", param: name(key))
        }
        return string
    }

    /// An integer; integral numbers written as `5.0` count, and so do numeric strings like `"5"`
    /// that several resellers' clients send for durations.
    public func int(_ key: String) throws(APIError) -> Int? {
        guard let value = value(key) else { return nil }
        if let int = value.intValue { return int }
        if let string = value.stringValue, let int = Int(string.trimmingCharacters(in: .whitespaces)) { return int }
        throw typeError(key, "an integer", value)
    }

    public func bool(_ key: String) throws(APIError) -> Bool? {
        guard let value = value(key) else { return nil }
        if let bool = value.boolValue { return bool }
        if let string = value.stringValue, let bool = Bool(string.lowercased()) { return bool }
        throw typeError(key, "a boolean", value)
    }

    public func array(_ key: String) throws(APIError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard let array = value.arrayValue else { throw typeError(key, "an array", value) }
        return array
    }

    public func object(_ key: String) throws(APIError) -> JSONObjectReader? {
        guard let value = value(key) else { return nil }
        return try JSONObjectReader(value, path: name(key))
    }

    /// An array of strings, each element's error naming its index.
    public func strings(_ key: String) throws(APIError) -> [String]? {
        guard let array = try array(key) else { return nil }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.stringValue else {
                throw APIError(.invalidParameter, "\(name(key))[\(index)] must be a string, not \(element.typeName).",
                               param: "\(name(key))[\(index)]")
            }
            result.append(string)
        }
        return result
    }

    private func typeError(_ key: String, _ expected: String, _ value: JSONValue) -> APIError {
        APIError(.invalidParameter, "The parameter \(name(key)) must be \(expected), not \(value.typeName).", param: name(key))
    }
}
