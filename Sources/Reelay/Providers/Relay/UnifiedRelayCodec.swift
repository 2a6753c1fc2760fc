import ReelayCore

/// Seed D (unified v2): `/v2/videos/generations` with `images` whose roles go by count (one is
/// the first frame, two the first and last, three or more references), queried at
/// `/v2/videos/generations/{id}` as a flat new-api task.
struct UnifiedRelayCodec: RelayCodec {
    var createPath: String { APIRoutes.unifiedCreate.path }
    func queryPath(_ id: String) -> String { APIRoutes.unifiedQuery.path(id) }

    func body(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue {
        if spec.media.contains(where: { $0.kind != .image }) { throw RelayCodecs.unsupported(.unified, "video or audio references") }
        if spec.draftTaskID != nil { throw RelayCodecs.unsupported(.unified, "draft tasks") }
        var body: [String: JSONValue] = [
            "model": .string(model),
            "prompt": .string(spec.prompt),
            "resolution": .string(spec.resolution),
            "ratio": .string(spec.ratio),
            "seed": .int(spec.seed),
            "watermark": .bool(spec.watermark),
            "camerafixed": .bool(spec.cameraFixed),
            "generate_audio": .bool(spec.generateAudio),
        ]
        if let frames = spec.frames { body["frames"] = .int(frames) } else { body["duration"] = .int(spec.duration) }
        if spec.returnLastFrame { body["return_last_frame"] = true }
        if spec.draft { body["draft"] = true }
        if !spec.tools.isEmpty { body["tools"] = .array(spec.tools.map { ["type": .string($0)] }) }
        let images = try Self.images(spec)
        if !images.isEmpty { body["images"] = .array(images.map { .string($0) }) }
        return .object(body)
    }

    /// The images in the order whose count says their roles.
    private static func images(_ spec: RenderSpec) throws(ProviderError) -> [String] {
        let first = spec.media(.firstFrame).map(\.url)
        let last = spec.media(.lastFrame).map(\.url)
        let references = spec.media(.referenceImage).map(\.url)
        switch (first.count, last.count, references.count) {
        case (0, 0, 0): return []
        case (1, 0, 0): return first
        case (1, 1, 0): return first + last
        case (0, 0, 3...): return references
        default: throw RelayCodecs.unsupported(.unified, "this mix of first, last and reference images")
        }
    }

    func taskID(inCreateAnswer answer: JSONValue) -> String? {
        RelayCodecs.text(answer["task_id"])
    }

    func snapshot(_ answer: JSONValue, id: String) -> UpstreamSnapshot? {
        guard let status = answer["status"]?.stringValue else { return nil }
        var snapshot = UpstreamSnapshot(id: id, phase: AnyFastRelayCodec.phase(status))
        snapshot.progress = RelayCodecs.percent(answer["progress"])
        let data = answer["data"]
        snapshot.videoURL = RelayCodecs.text(data?["output"]) ?? data?["outputs"]?.arrayValue?.first?.stringValue
        snapshot.lastFrameURL = data?["last_frame_url"]?.stringValue
        if snapshot.phase == .failed { snapshot.errorMessage = answer["fail_reason"]?.stringValue }
        return snapshot
    }
}
