import ReelayCore

/// Seed C (apimart): `/v1/videos/generations` with `size` and URL lists per medium, answered in a
/// `{code, data}` envelope; queried at `/v1/tasks/{id}`.
struct APIMartRelayCodec: RelayCodec {
    var createPath: String { APIRoutes.apimartCreate.path }
    func queryPath(_ id: String) -> String { APIRoutes.apimartQuery.path(id) }

    func body(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue {
        if spec.watermark { throw RelayCodecs.unsupported(.apimart, "a watermark request") }
        if spec.cameraFixed { throw RelayCodecs.unsupported(.apimart, "camera_fixed") }
        if spec.draftTaskID != nil || spec.draft { throw RelayCodecs.unsupported(.apimart, "drafts") }
        var body: [String: JSONValue] = [
            "model": .string(model),
            "prompt": .string(spec.prompt),
            "duration": .int(spec.duration),
            "size": .string(spec.ratio),
            "resolution": .string(spec.resolution),
            "seed": .int(spec.seed),
            "generate_audio": .bool(spec.generateAudio),
        ]
        if spec.returnLastFrame { body["return_last_frame"] = true }
        if !spec.tools.isEmpty { body["tools"] = .array(spec.tools.map { ["type": .string($0)] }) }
        let images = RelayCodecs.imagesWithRoles(spec)
        if !images.isEmpty { body["image_with_roles"] = .array(images) }
        let videos = spec.media.filter { $0.kind == .video }.map { JSONValue.string($0.url) }
        if !videos.isEmpty { body["video_urls"] = .array(videos) }
        let audio = spec.media.filter { $0.kind == .audio }.map { JSONValue.string($0.url) }
        if !audio.isEmpty { body["audio_urls"] = .array(audio) }
        return .object(body)
    }

    func taskID(inCreateAnswer answer: JSONValue) -> String? {
        let data = answer["data"]
        return RelayCodecs.text((data?.arrayValue?.first ?? data)?["task_id"])
    }

    func snapshot(_ answer: JSONValue, id: String) -> UpstreamSnapshot? {
        guard let data = answer["data"], let status = data["status"]?.stringValue else { return nil }
        var snapshot = UpstreamSnapshot(id: id, phase: Self.phase(status))
        snapshot.progress = RelayCodecs.percent(data["progress"])
        snapshot.videoURL = data["result"]?["videos"]?.arrayValue?.first?["url"]?.arrayValue?.first?.stringValue
        snapshot.lastFrameURL = data["result"]?["images"]?.arrayValue?.first?["url"]?.arrayValue?.first?.stringValue
        if let error = data["error"], error != .null {
            snapshot.errorCode = error["code"]?.stringValue
            snapshot.errorMessage = error["message"]?.stringValue
        }
        return snapshot
    }

    /// submitted | pending | processing | completed | failed | cancelled.
    static func phase(_ word: String) -> UpstreamSnapshot.Phase {
        RelayCodecs.phase(word.lowercased(), written: APIMartDialect.status, alsoQueued: ["pending"])
    }
}
