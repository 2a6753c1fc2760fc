import ReelayCore

/// Seed B (toapis): `/v1/videos/generations` with `aspect_ratio`, `metadata` and images with
/// roles; the query answer is a flat `generation.task`.
struct ToAPIsRelayCodec: RelayCodec {
    var createPath: String { APIRoutes.toapisCreate.path }
    func queryPath(_ id: String) -> String { APIRoutes.toapisQuery.path(id) }

    func body(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue {
        if spec.media.contains(where: { $0.kind != .image }) { throw RelayCodecs.unsupported(.toapis, "video or audio references") }
        if spec.draftTaskID != nil || spec.draft { throw RelayCodecs.unsupported(.toapis, "drafts") }
        if !spec.tools.isEmpty { throw RelayCodecs.unsupported(.toapis, "tools") }
        var metadata: [String: JSONValue] = [
            "resolution": .string(spec.resolution),
            "audio": .bool(spec.generateAudio),
            "seed": .int(spec.seed),
            "watermark": .bool(spec.watermark),
        ]
        if spec.cameraFixed { metadata["camera_fixed"] = true }
        if spec.returnLastFrame { metadata["return_last_frame"] = true }
        var body: [String: JSONValue] = [
            "model": .string(model),
            "prompt": .string(spec.prompt),
            "duration": .int(spec.duration),
            "aspect_ratio": .string(spec.ratio),
            "metadata": .object(metadata),
        ]
        let images = RelayCodecs.imagesWithRoles(spec)
        if !images.isEmpty { body["image_with_roles"] = .array(images) }
        return .object(body)
    }

    func taskID(inCreateAnswer answer: JSONValue) -> String? {
        RelayCodecs.text(answer["id"])
    }

    func snapshot(_ answer: JSONValue, id: String) -> UpstreamSnapshot? {
        guard let status = answer["status"]?.stringValue else { return nil }
        var snapshot = UpstreamSnapshot(id: id, phase: Self.phase(status))
        snapshot.progress = RelayCodecs.percent(answer["progress"])
        snapshot.videoURL = answer["result"]?["data"]?.arrayValue?.first?["url"]?.stringValue
        snapshot.lastFrameURL = answer["result"]?["last_frame_url"]?.stringValue
        if let error = answer["error"], error != .null {
            snapshot.errorCode = error["code"]?.stringValue
            snapshot.errorMessage = error["message"]?.stringValue
        }
        return snapshot
    }

    /// queued | submitted | in_progress | completed | failed.
    static func phase(_ word: String) -> UpstreamSnapshot.Phase {
        RelayCodecs.phase(word.lowercased(), written: ToAPIsDialect.status, alsoQueued: ["submitted"])
    }
}
