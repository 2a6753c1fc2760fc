import Configuration

/// Where a routing file's `apiKeyEnv` names are looked up. The server reads them through its
/// configuration reader (the process environment), so nothing else reads the environment for
/// settings; tests give a table.
public struct UpstreamEnvironment: Sendable, ExpressibleByDictionaryLiteral {
    private let lookup: @Sendable (String) -> String?

    /// Names as environment variables are written: capital letters, digits and underscores.
    public init(reader: ConfigReader) {
        lookup = { name in reader.string(forKey: ConfigKey([name]), isSecret: true) }
    }

    public init(_ values: [String: String]) {
        lookup = { values[$0] }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements) { _, last in last })
    }

    public subscript(name: String) -> String? { lookup(name) }
}
