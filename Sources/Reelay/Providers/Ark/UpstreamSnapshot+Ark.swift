import ReelayCore

extension UpstreamSnapshot {
    /// Reads Ark's task object (`GET .../tasks/{id}`, a list item, a callback body). Nil when it
    /// has no id or status, which a caller treats as a malformed answer.
    init?(ark object: JSONValue) {
        guard let id = object["id"]?.stringValue, !id.isEmpty, let status = object["status"]?.stringValue else { return nil }
        self.init(id: id, phase: Self.arkPhase(status))
        videoURL = object["content"]?["video_url"]?.stringValue
        lastFrameURL = object["content"]?["last_frame_url"]?.stringValue
        if let error = object["error"], error != .null {
            errorCode = error["code"]?.stringValue
            errorMessage = error["message"]?.stringValue
        }
        tokens = object["usage"]?["total_tokens"]?.intValue
        ratio = object["ratio"]?.stringValue
        resolution = object["resolution"]?.stringValue
        duration = object["duration"]?.intValue
        frames = object["frames"]?.intValue
        fps = object["framespersecond"]?.intValue
        hasAudio = object["generate_audio"]?.boolValue
    }

    /// Ark's words: queued, running, cancelled, succeeded, failed, expired.
    static func arkPhase(_ word: String) -> Phase {
        let word = word.lowercased()
        return RelayCodecs.phase(word == "canceled" ? "cancelled" : word, written: ArkTaskObject.status)
    }
}
