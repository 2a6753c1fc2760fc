/// An upstream API key. It prints as `<redacted>` however it is logged or interpolated, so a key
/// can only reach the wire through `authorization`, and `redact` scrubs it from upstream text
/// (an error message that echoes a header) before that text reaches a log or a task failure.
public struct UpstreamSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }

    /// The `Authorization` header value.
    var authorization: String { "Bearer \(value)" }

    /// `text` with every occurrence of the key replaced.
    func redact(_ text: String) -> String {
        value.count < 4 ? text : text.replacingOccurrences(of: value, with: "<redacted>")
    }
}
