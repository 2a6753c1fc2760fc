import ReelayCore

/// Seed A (anyfast, new-api resellers): Ark's body at `/v1/video/generations`; the query answer
/// is new-api's `{code, message, data}` with the Ark task object under `data.data`.
struct AnyFastRelayCodec: RelayCodec {
    var createPath: String { APIRoutes.anyfastCreate.path }
    func queryPath(_ id: String) -> String { APIRoutes.anyfastQuery.path(id) }

    func body(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue {
        .object(ArkRequestBody.make(spec, model: model))
    }

    func taskID(inCreateAnswer answer: JSONValue) -> String? {
        RelayCodecs.text(answer["task_id"]) ?? RelayCodecs.text(answer["id"])
    }

    func snapshot(_ answer: JSONValue, id: String) -> UpstreamSnapshot? {
        guard let data = answer["data"], let status = data["status"]?.stringValue else { return nil }
        var snapshot = UpstreamSnapshot(id: id, phase: Self.phase(status))
        snapshot.progress = RelayCodecs.percent(data["progress"])
        let ark = data["data"]
        snapshot.videoURL = RelayCodecs.text(data["result_url"]) ?? ark?["content"]?["video_url"]?.stringValue
        snapshot.lastFrameURL = ark?["content"]?["last_frame_url"]?.stringValue
        if snapshot.phase == .failed { snapshot.errorMessage = data["fail_reason"]?.stringValue }
        RelayCodecs.adoptArkDetails(ark, into: &snapshot)
        return snapshot
    }

    /// new-api's words (seed A and seed D): NOT_START, SUBMITTED, QUEUED, IN_PROGRESS, SUCCESS,
    /// FAILURE; "" right after the create.
    static func phase(_ word: String) -> UpstreamSnapshot.Phase {
        RelayCodecs.phase(word.uppercased(), written: AnyFastDialect.status, alsoQueued: ["", "NOT_START", "SUBMITTED"])
    }
}
