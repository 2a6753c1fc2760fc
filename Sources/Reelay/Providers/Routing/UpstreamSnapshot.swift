import ReelayCore

/// What an upstream said about one of its tasks, in canonical words. Each dialect's parser maps
/// its own status words here; a word it does not know stays `unknown` and is treated as "still
/// running" until the task's deadline, never passed on.
struct UpstreamSnapshot: Sendable, Equatable {
    enum Phase: Sendable, Equatable {
        case queued, running, succeeded, failed, cancelled, expired
        case unknown(String)

        init(_ status: TaskStatus) {
            self = switch status {
            case .queued: .queued
            case .running: .running
            case .succeeded: .succeeded
            case .failed: .failed
            case .cancelled: .cancelled
            case .expired: .expired
            }
        }

        var isTerminal: Bool {
            switch self {
            case .succeeded, .failed, .cancelled, .expired: true
            case .queued, .running, .unknown: false
            }
        }
    }

    var id: String
    var phase: Phase
    /// 0...1 when the upstream reports progress (Ark does not).
    var progress: Double?
    var videoURL: String?
    var lastFrameURL: String?
    var errorCode: String?
    var errorMessage: String?
    /// `usage.total_tokens`.
    var tokens: Int?
    var ratio: String?
    var resolution: String?
    var duration: Int?
    var frames: Int?
    var fps: Int?
    var hasAudio: Bool?

    init(id: String, phase: Phase) {
        self.id = id
        self.phase = phase
    }

    /// The snapshot with the channel's key scrubbed from the words the upstream chose (an error
    /// that echoes the request's headers): it is read before anything stores, logs or shows it.
    func redacted(by secret: UpstreamSecret?) -> UpstreamSnapshot {
        guard let secret else { return self }
        var clean = self
        clean.errorCode = errorCode.map(secret.redact)
        clean.errorMessage = errorMessage.map(secret.redact)
        return clean
    }

    /// The job's failure for a terminal phase other than success. Cancelled and expired tasks
    /// end here as `cancelled` and `expired` too, with a reason people recognise.
    func failure(channel: String) -> ProviderError? {
        switch phase {
        case .failed:
            let message = errorMessage.flatMap { $0.isEmpty ? nil : $0 } ?? "The upstream generation failed."
            return ProviderError(code: errorCode.flatMap { $0.isEmpty ? nil : FailureCode($0) } ?? .upstreamFailed,
                                 message: "\(message) (channel \(channel), upstream task \(id))")
        case .cancelled:
            return ProviderError(code: .cancelled, message: "The upstream task \(id) on channel \(channel) was cancelled.", endsAs: .cancelled)
        case .expired:
            return ProviderError(code: .expired, message: "The upstream task \(id) on channel \(channel) expired before it finished.", endsAs: .expired)
        case .queued, .running, .succeeded, .unknown:
            return nil
        }
    }

    /// The result of a succeeded task whose files were saved, with the upstream's own account of
    /// the output where it gave one and the request's otherwise.
    func result(for spec: RenderSpec, videoFile: String, lastFrameFile: String?, probedSize: Geometry.Size?) -> TaskResult {
        let fps = fps.flatMap { $0 > 0 ? $0 : nil } ?? spec.fps
        let ratio = ratio.flatMap { Geometry.ratios.contains($0) ? $0 : nil } ?? spec.ratio
        let resolution = resolution.flatMap { Geometry.resolutions.contains($0) ? $0 : nil } ?? spec.resolution
        let size = probedSize
            ?? Geometry.size(family: spec.family, resolution: resolution, ratio: ratio)
            ?? spec.width.flatMap { width in spec.height.map { Geometry.Size(width: width, height: $0) } }
            ?? Geometry.Size(width: 0, height: 0)
        let seconds = duration.flatMap { $0 > 0 ? $0 : nil } ?? frames.map { $0 / fps } ?? max(spec.duration, 0)
        let frameCount = frames ?? seconds * fps + (spec.family == .v2 ? 1 : 0)
        return TaskResult(videoFile: videoFile, lastFrameFile: lastFrameFile, width: size.width, height: size.height,
                          ratio: ratio, duration: seconds, frames: frameCount, fps: fps,
                          hasAudio: hasAudio ?? spec.generateAudio, tokens: tokens)
    }
}

/// The error bodies upstreams answer with: Ark's and OpenAI's `{"error": {"code", "message"}}`
/// (`code` a string or an HTTP status number), and new-api's flat `{"code", "message"}`.
enum UpstreamErrorBody {
    static func parse(_ json: JSONValue?) -> (code: String?, message: String?)? {
        guard let json else { return nil }
        if let error = json["error"] {
            if let text = error.stringValue { return (nil, text) }
            if error.objectValue != nil {
                let code = error["code"]?.stringValue ?? error["code"]?.intValue.map(String.init) ?? error["type"]?.stringValue
                return (code, error["message"]?.stringValue)
            }
        }
        if let code = json["code"]?.stringValue, code != "success", let message = json["message"]?.stringValue {
            return (code, message)
        }
        return nil
    }

    /// "Code: message", shortened, for a failure message.
    static func summary(_ json: JSONValue?, status: Int) -> String {
        guard let (code, message) = parse(json) else { return "HTTP \(status)" }
        let text = [code, message].compactMap { $0 }.joined(separator: ": ")
        return "HTTP \(status) \(text.prefix(500))"
    }
}
