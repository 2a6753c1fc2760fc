import ReelayCore

/// A gateway speaking Ark's own API (Reelay's `/api/v3`, another Ark proxy); the base URL is
/// what the Ark SDK calls `base_url`. For many tasks, a channel of kind `ark` on the same base
/// URL polls in batches instead of one task at a time.
struct ArkRelayCodec: RelayCodec {
    var createPath: String { ArkPoller.tasksPath }
    func queryPath(_ id: String) -> String { ArkPoller.taskPath(id) }
    func cancelPath(_ id: String) -> String? { queryPath(id) }

    func body(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue {
        .object(ArkRequestBody.make(spec, model: model))
    }

    func taskID(inCreateAnswer answer: JSONValue) -> String? {
        RelayCodecs.text(answer["id"])
    }

    func snapshot(_ answer: JSONValue, id: String) -> UpstreamSnapshot? {
        UpstreamSnapshot(ark: answer)
    }
}
