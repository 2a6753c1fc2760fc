import ReelayCore

/// A `RenderSpec` as Ark's create body: the prompt and media in the `content` array (each medium
/// with its role), the generation fields at the top level. Seed A resellers forward this body
/// unchanged, so their relay encoder uses it too. Optional switches are sent only when on, so a
/// model that does not know them is not bothered by them.
enum ArkRequestBody {
    static func make(_ spec: RenderSpec, model: String) -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "model": .string(model),
            "content": .array(content(spec)),
            "resolution": .string(spec.resolution),
            "ratio": .string(spec.ratio),
            "seed": .int(spec.seed),
            "watermark": .bool(spec.watermark),
        ]
        if let frames = spec.frames {
            body["frames"] = .int(frames)
        } else {
            body["duration"] = .int(spec.duration)
        }
        // Seedance 1.5 and 2.0 make sound by default, so "no audio" must be said; 1.0 has none.
        if spec.family == .v2 { body["generate_audio"] = .bool(spec.generateAudio) }
        if spec.cameraFixed { body["camera_fixed"] = true }
        if spec.returnLastFrame { body["return_last_frame"] = true }
        if spec.draft { body["draft"] = true }
        if !spec.tools.isEmpty { body["tools"] = .array(spec.tools.map { ["type": .string($0)] }) }
        return body
    }

    static func content(_ spec: RenderSpec) -> [JSONValue] {
        var items: [JSONValue] = []
        if !spec.prompt.isEmpty { items.append(["type": "text", "text": .string(spec.prompt)]) }
        for input in spec.media {
            let type = switch input.kind {
            case .image: "image_url"
            case .video: "video_url"
            case .audio: "audio_url"
            }
            items.append(["type": .string(type), type: ["url": .string(input.url)], "role": .string(input.role.rawValue)])
        }
        if let draft = spec.draftTaskID { items.append(["type": "draft_task", "draft_task": ["id": .string(draft)]]) }
        return items
    }
}
