import ReelayCore

/// The client side of one wire dialect, for relaying to another gateway: the create body, where
/// the task id is in the answer, and how its query answer reads in canonical words. Each status
/// word maps as the dialect's codec in ReelayCore writes it; any other word stays unknown.
protocol RelayCodec: Sendable {
    var createPath: String { get }
    func queryPath(_ id: String) -> String
    /// Where a queued task is cancelled, for dialects that can (Ark).
    func cancelPath(_ id: String) -> String?
    /// Throws `ProviderError` (code `UnsupportedByChannel`) for a request the dialect cannot express.
    func body(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue
    func taskID(inCreateAnswer answer: JSONValue) -> String?
    /// Nil for an answer that is not this dialect's task (malformed).
    func snapshot(_ answer: JSONValue, id: String) -> UpstreamSnapshot?
}

extension RelayCodec {
    func cancelPath(_ id: String) -> String? { nil }

    /// new-api answers an unknown task with `task_not_exist` (HTTP 400 or 404); the rest use 404.
    func isNotFound(status: Int, answer: JSONValue?) -> Bool {
        status == 404 || (status == 400 && answer?["code"]?.stringValue == "task_not_exist")
    }
}

enum RelayCodecs {
    /// What an upstream's status word means, read with the words Reelay's own codec for that
    /// dialect writes (`written`), so each word is spelled once; `alsoQueued` are the words only
    /// upstreams send for a task that waits. Where one word covers several states (toapis'
    /// "failed"), it reads as the first of them: failed.
    static func phase(_ word: String, written: (TaskStatus) -> String, alsoQueued: Set<String> = []) -> UpstreamSnapshot.Phase {
        if alsoQueued.contains(word) { return .queued }
        guard let status = TaskStatus.allCases.first(where: { written($0) == word }) else { return .unknown(word) }
        return UpstreamSnapshot.Phase(status)
    }

    /// The codec for a dialect; nil for OpenAI's, whose results need an authenticated download.
    static func codec(for dialect: DialectID) -> (any RelayCodec)? {
        switch dialect {
        case .anyfast: AnyFastRelayCodec()
        case .ark: ArkRelayCodec()
        case .toapis: ToAPIsRelayCodec()
        case .apimart: APIMartRelayCodec()
        case .unified: UnifiedRelayCodec()
        case .openai: nil
        }
    }

    /// `"37%"`, `"37"` or `37` as 0.37.
    static func percent(_ value: JSONValue?) -> Double? {
        guard let value else { return nil }
        let number = value.intValue.map(Double.init)
            ?? value.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")) }
        return number.map { min(1, max(0, $0 / 100)) }
    }

    /// A string field, nil when absent or empty (dialects write "" for "none yet").
    static func text(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    static func unsupported(_ dialect: DialectID, _ what: String) -> ProviderError {
        ProviderError(code: .unsupportedByChannel, message: "The \(dialect.rawValue) dialect cannot carry \(what).")
    }

    /// The request's images as `{url, role}` objects (toapis and apimart `image_with_roles`).
    static func imagesWithRoles(_ spec: RenderSpec) -> [JSONValue] {
        spec.media.filter { $0.kind == .image }.map { ["url": .string($0.url), "role": .string($0.role.rawValue)] }
    }

    /// Copies the output details of an Ark task object nested in a relay's answer.
    static func adoptArkDetails(_ object: JSONValue?, into snapshot: inout UpstreamSnapshot) {
        guard let object, object.objectValue != nil else { return }
        snapshot.tokens = object["usage"]?["total_tokens"]?.intValue
        snapshot.ratio = object["ratio"]?.stringValue
        snapshot.resolution = object["resolution"]?.stringValue
        snapshot.duration = object["duration"]?.intValue
        snapshot.frames = object["frames"]?.intValue
        snapshot.fps = object["framespersecond"]?.intValue
        snapshot.hasAudio = object["generate_audio"]?.boolValue
        if snapshot.errorCode == nil { snapshot.errorCode = object["error"]?["code"]?.stringValue }
    }
}
