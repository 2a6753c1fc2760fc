import ReelayCore

/// Small builders for the JSON Schemas (2020-12, OpenAPI 3.1's dialect) of the OpenAPI
/// document. Each takes and gives a `JSONValue`, so a schema reads close to what it writes.
enum Schema {
    static let string: JSONValue = ["type": "string"]
    static let number: JSONValue = ["type": "number"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let null: JSONValue = ["type": "null"]
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let nullableInteger: JSONValue = ["type": ["integer", "null"]]
    /// A JSON object with no keys at all (`{}`).
    static let emptyObject: JSONValue = ["type": "object", "maxProperties": 0]
    /// Unix seconds.
    static let time: JSONValue = ["type": "integer", "description": "Unix time in seconds."]
    static let nullableTime: JSONValue = ["type": ["integer", "null"], "description": "Unix time in seconds, or null."]

    static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    static func string(_ description: String, examples: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "string", "description": .string(description)]
        if !examples.isEmpty { schema["examples"] = .array(examples.map(JSONValue.string)) }
        return .object(schema)
    }

    static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer", "description": .string(description)]
        if let minimum { schema["minimum"] = .int(minimum) }
        if let maximum { schema["maximum"] = .int(maximum) }
        return .object(schema)
    }

    static func boolean(_ description: String) -> JSONValue {
        ["type": "boolean", "description": .string(description)]
    }

    static func constant(_ value: JSONValue, _ description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["const": value]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func enumeration(_ values: [String], _ description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "string", "enum": .array(values.map(JSONValue.string))]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func array(_ items: JSONValue, _ description: String? = nil, maxItems: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "array", "items": items]
        if let description { schema["description"] = .string(description) }
        if let maxItems { schema["maxItems"] = .int(maxItems) }
        return .object(schema)
    }

    static func nullable(_ schema: JSONValue) -> JSONValue {
        ["anyOf": [schema, null]]
    }

    static func anyOf(_ schemas: [JSONValue], _ description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["anyOf": .array(schemas)]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func oneOf(_ schemas: [JSONValue], _ description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["oneOf": .array(schemas)]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// A response object exactly as the server writes it: every key but `optional` is always
    /// present, and no other key appears.
    static func closed(_ properties: [String: JSONValue], optional: [String] = [], _ description: String? = nil) -> JSONValue {
        object(properties, required: properties.keys.filter { !optional.contains($0) }.sorted(), additional: false, description)
    }

    /// A request object: `required` keys must be sent; unknown keys are ignored by the server.
    static func request(_ properties: [String: JSONValue], required: [String] = [], _ description: String? = nil) -> JSONValue {
        object(properties, required: required, additional: true, description)
    }

    static func object(_ properties: [String: JSONValue], required: [String], additional: Bool,
                       _ description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if !additional { schema["additionalProperties"] = false }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// `schema` with a description added (beside a `$ref`, as 3.1 allows).
    static func described(_ schema: JSONValue, _ description: String) -> JSONValue {
        guard case .object(var fields) = schema else { return schema }
        fields["description"] = .string(description)
        return .object(fields)
    }
}
