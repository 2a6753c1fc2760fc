import Foundation

/// The media rules: which roles a model takes and how many, which roles may be combined, and
/// which URLs it can fetch. Sizes and lengths of the files themselves are checked when they are
/// fetched, not here.
extension RequestValidator {
    func checkMedia(_ request: GenerationRequest, _ model: ModelSpec) throws(APIError) {
        let media = request.media
        let rules = model.media
        guard let first = media.first else {
            if rules.requiresImage {
                throw APIError(.missingParameter, "\(model.id) makes videos from images; add a first frame or reference image.",
                               param: request.param("media"))
            }
            return
        }
        guard rules.acceptsMedia else {
            throw .invalid(first.param, "\(model.id) is text-to-video only; it takes no images, videos or audio.")
        }
        for item in media { try checkItem(item, model) }

        for role in MediaInput.Role.allCases {
            let items = media.filter { $0.role == role }
            let limit = rules.limit(role)
            guard items.count > limit else { continue }
            throw .invalid(items[limit].param, limit == 0
                ? "\(model.id) does not take \(role.noun(count: 2))."
                : "\(model.id) takes at most \(limit) \(role.noun(count: limit)); got \(items.count).")
        }

        let frames = media.filter { $0.role == .firstFrame || $0.role == .lastFrame }
        // References that cannot join first/last frames: all of them, or only videos and audio
        // where the model takes frames and reference images together (seed 002).
        let references = media.filter {
            $0.role == .referenceVideo || $0.role == .referenceAudio || ($0.role == .referenceImage && !rules.framesWithReferenceImages)
        }
        if let last = media.first(where: { $0.role == .lastFrame }), !media.contains(where: { $0.role == .firstFrame }) {
            throw .invalid(last.param, "A last frame needs a first frame beside it.")
        }
        if !frames.isEmpty, let reference = references.first {
            let excluded = rules.framesWithReferenceImages ? "reference videos or audio" : "reference images, videos or audio"
            throw .invalid(reference.param, "First/last-frame mode cannot be combined with \(excluded) on \(model.id); "
                + "give the images reference roles, or leave out the \(reference.role.noun(count: 2)).")
        }
        if let audio = media.first(where: { $0.role == .referenceAudio }),
           !media.contains(where: { $0.role == .referenceImage || $0.role == .referenceVideo }) {
            throw .invalid(audio.param, "Reference audio needs a reference image or video beside it.")
        }
    }

    private func checkItem(_ item: MediaInput, _ model: ModelSpec) throws(APIError) {
        let roles: [MediaInput.Role] = switch item.kind {
        case .image: [.firstFrame, .lastFrame, .referenceImage]
        case .video: [.referenceVideo]
        case .audio: [.referenceAudio]
        }
        guard roles.contains(item.role) else {
            throw .invalid(item.param, "\(item.kind.rawValue.capitalized) inputs cannot have the role \(item.role.rawValue); use \(Self.list(roles.map(\.rawValue))).")
        }
        let url = item.url.trimmingCharacters(in: .whitespaces)
        let lowered = url.lowercased()
        if item.isAsset {
            guard model.assets else {
                let models = catalog.models.filter(\.assets).map(\.id)
                throw .invalid(item.param, "asset:// URLs are only supported by \(Self.list(models)), not \(model.id).")
            }
            guard url.count > "asset://".count else { throw .invalid(item.param, "The asset:// URL names no asset.") }
        } else if !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("data:")
                    || item.storedInput != nil) {
            // `input://` names media Reelay kept from an earlier task (a remix carries them);
            // the task service checks they are the caller's own.
            throw .invalid(item.param, url.isEmpty
                ? "The \(item.kind.rawValue) URL is empty."
                : "The \(item.kind.rawValue) URL must be http(s), a data: URL or asset://, not '\(url.prefix(40))'.")
        }
    }
}
