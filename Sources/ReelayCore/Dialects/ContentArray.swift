/// Ark's `content` array, shared by seed A and the Ark dialect: text, images, videos, audio and
/// a draft task, each item's errors naming its index.
struct ContentArray {
    var text = ""
    var textParam: String
    var media: [MediaInput] = []
    var draftTaskID: String?

    static func decode(_ reader: JSONObjectReader, param: String) throws(APIError) -> ContentArray {
        guard let items = try reader.array(param) else {
            throw APIError(.missingParameter, "The parameter \(param) is required.", param: param)
        }
        var result = ContentArray(textParam: "\(param)[0].text")
        var texts: [String] = []
        var unroledImages: [Int] = []
        for (index, item) in items.enumerated() {
            let itemParam = "\(param)[\(index)]"
            let entry = try JSONObjectReader(item, path: itemParam)
            let type = try entry.requiredString("type")
            switch type {
            case "text":
                if texts.isEmpty { result.textParam = entry.name("text") }
                texts.append(try entry.string("text") ?? "")
            case "image_url", "video_url", "audio_url":
                let kind: MediaInput.Kind = type == "image_url" ? .image : type == "video_url" ? .video : .audio
                guard let urlObject = try entry.object(type) else {
                    throw APIError(.missingParameter, "The parameter \(entry.name(type)) is required.", param: entry.name(type))
                }
                let url = try urlObject.requiredString("url")
                let role = try decodeRole(try entry.string("role"), kind: kind, param: entry.name("role"))
                if kind == .image && role == nil { unroledImages.append(result.media.count) }
                result.media.append(MediaInput(kind: kind, url: url, role: role ?? defaultRole(kind), param: urlObject.name("url")))
            case "draft_task":
                let draft = try entry.object("draft_task")
                guard let id = try draft?.string("id") else {
                    throw APIError(.missingParameter, "The parameter \(entry.name("draft_task.id")) is required.", param: entry.name("draft_task.id"))
                }
                result.draftTaskID = id
            default:
                throw APIError.invalid(entry.name("type"), "Unknown content type '\(type)'; expected text, image_url, video_url, audio_url or draft_task.")
            }
        }
        result.text = texts.joined(separator: " ")
        // Images without a role: the rule every dialect shares, with Ark's count rule when the
        // request's other images carry no role either (beside a first or last frame, a role-less
        // image keeps the first-frame default and validation says what clashes).
        let others = result.media.indices.filter { !unroledImages.contains($0) }.map { result.media[$0] }
        let roles = UnroledImages.roles(unroledImages.map { result.media[$0].url }, beside: others) { urls in
            urls.count <= 2 && others.contains(where: { $0.kind == .image })
                ? Array(repeating: .firstFrame, count: urls.count) : UnroledImages.arkCount(urls)
        }
        for (index, role) in zip(unroledImages, roles) { result.media[index].role = role }
        return result
    }

    private static func defaultRole(_ kind: MediaInput.Kind) -> MediaInput.Role {
        switch kind {
        case .image: .firstFrame
        case .video: .referenceVideo
        case .audio: .referenceAudio
        }
    }

    private static func decodeRole(_ role: String?, kind: MediaInput.Kind, param: String) throws(APIError) -> MediaInput.Role? {
        guard let role else { return nil }
        let allowed: [String: MediaInput.Role]
        switch kind {
        case .image: allowed = ["first_frame": .firstFrame, "last_frame": .lastFrame, "reference_image": .referenceImage, "reference": .referenceImage]
        case .video: allowed = ["reference_video": .referenceVideo, "reference": .referenceVideo]
        case .audio: allowed = ["reference_audio": .referenceAudio, "reference": .referenceAudio]
        }
        guard let value = allowed[role] else {
            throw APIError.invalid(param, "Unknown role '\(role)' for \(kind.rawValue); expected \(allowed.keys.sorted().joined(separator: ", ")).")
        }
        return value
    }
}
