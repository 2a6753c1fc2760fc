import Foundation
import ReelayCore

/// The media a job draws and plays, each fetched once into the job's scratch folder, probed, and
/// checked against the limits the providers document (`ReferenceLimits`).
struct RenderInputs: Sendable {
    /// One input with its local file and what ffprobe says of it.
    struct Item: Sendable {
        var input: MediaInput
        var file: URL
        var probe: MediaProbe
        var seconds: Double { probe.duration ?? 0 }
    }

    var firstFrame: Item?
    var lastFrame: Item?
    var references: [Item] = []
    var videos: [Item] = []
    var audio: [Item] = []

    var videoSeconds: Double { videos.reduce(0) { $0 + $1.seconds } }
    var audioSeconds: Double { audio.reduce(0) { $0 + $1.seconds } }

    /// What `duration: -1` follows, when there are clips: the longer of the reference videos and
    /// the reference audio, so that the one is not cut and the other is not sped up.
    var chosenSeconds: Double? { videos.isEmpty && audio.isEmpty ? nil : max(videoSeconds, audioSeconds) }

    /// The size `adaptive` and `keep_ratio` follow: the first image, else the first reference video.
    var pictureSize: Geometry.Size? { (firstFrame ?? references.first ?? videos.first)?.probe.size }

    // MARK: - Loading

    /// Fetches, probes and checks the inputs `spec` uses: its first and last frame and its
    /// reference images; its reference videos and audio. An URL given twice is fetched once.
    /// Throws `ProviderError.invalidInput` naming the first input (in request order) that cannot
    /// be used, and why.
    static func load(_ spec: RenderSpec, loader: any MediaLoading, tool: any MediaTool, into directory: URL) async throws -> RenderInputs {
        let frames = spec.media(.firstFrame).prefix(1) + spec.media(.lastFrame).prefix(1)
        let pictures = (Array(frames) + spec.media(.referenceImage)).filter { $0.kind == .image }
        let videos = spec.media(.referenceVideo).filter { $0.kind == .video }
        let audio = spec.media(.referenceAudio).filter { $0.kind == .audio }
        // Counts need no bytes: refuse before fetching anything.
        for (clips, noun) in [(videos, "reference videos"), (audio, "reference audio clips")] where clips.count > ReferenceLimits.maxClips {
            let max = ReferenceLimits.maxClips
            throw ProviderError.invalidInput("Too many \(noun) at \(clips[max].param): at most \(max) are allowed, got \(clips.count).")
        }
        let wanted = pictures + videos + audio

        var firstUse: [String: MediaInput] = [:]
        for input in wanted where firstUse[input.url] == nil { firstUse[input.url] = input }
        let fetches = wanted.filter { firstUse[$0.url] == $0 }
        let fetched = await outcomes(of: fetches) { try await loader.load($0, into: directory) }
        try Task.checkCancellation()
        let files = Dictionary(uniqueKeysWithValues: zip(fetches.map(\.url), fetched))

        // The same file may be a picture in one place and a clip in another: probe per use.
        struct Use: Hashable { var url: String, kind: MediaInput.Kind }
        var probes: [(use: Use, file: URL)] = []
        for input in wanted {
            let use = Use(url: input.url, kind: input.kind)
            if case .success(let file)? = files[input.url], !probes.contains(where: { $0.use == use }) { probes.append((use, file)) }
        }
        let probed = await outcomes(of: probes.map { ($0.file, $0.use.kind) }) { try await tool.probe($0.0, kind: $0.1) }
        try Task.checkCancellation()
        let facts = Dictionary(uniqueKeysWithValues: zip(probes.map(\.use), probed))

        var inputs = RenderInputs()
        var limits = ReferenceLimits()
        for input in wanted {
            let file = try Self.file(files[input.url]!, for: input)
            let probe = try Self.probe(facts[Use(url: input.url, kind: input.kind)]!, for: input)
            do {
                try limits.add(input, probe)
            } catch {
                throw error.providerError(for: input)
            }
            let item = Item(input: input, file: file, probe: probe)
            switch input.role {
            case .firstFrame: inputs.firstFrame = item
            case .lastFrame: inputs.lastFrame = item
            case .referenceImage: inputs.references.append(item)
            case .referenceVideo: inputs.videos.append(item)
            case .referenceAudio: inputs.audio.append(item)
            }
        }
        return inputs
    }

    /// The fetched file, or the loader's failure as bad input naming the input.
    private static func file(_ outcome: Result<URL, any Error>, for input: MediaInput) throws -> URL {
        do {
            return try outcome.get()
        } catch let error as ProviderError {
            throw error
        } catch let error as APIError {
            throw ProviderError.invalidInput(error.message)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // Whatever else went wrong (a full disk) is the machine's business, not the caller's.
            throw ProviderError.invalidInput("Cannot load the \(input.kind.rawValue) at \(input.param) on this server.")
        }
    }

    /// The probe, or ffprobe's failure as bad input naming the input.
    private static func probe(_ outcome: Result<MediaProbe, any Error>, for input: MediaInput) throws -> MediaProbe {
        do {
            return try outcome.get()
        } catch let error as MediaToolError {
            throw ProviderError.invalidInput("The \(input.kind.rawValue) at \(input.param) cannot be decoded (\(error.publicDescription)).")
        } catch is DecodingError {
            throw ProviderError.invalidInput("The \(input.kind.rawValue) at \(input.param) cannot be decoded.")
        }
    }

    /// Runs `body` on every element, a few at a time, and gives each outcome in order.
    private static func outcomes<Element: Sendable, Value: Sendable>(
        of elements: [Element], width: Int = 4, _ body: @escaping @Sendable (Element) async throws -> Value
    ) async -> [Result<Value, any Error>] {
        await withTaskGroup(of: (Int, Result<Value, any Error>).self) { group in
            var results = [Result<Value, any Error>](repeating: .failure(CancellationError()), count: elements.count)
            for (index, element) in elements.enumerated() {
                if index >= width, let (done, outcome) = await group.next() { results[done] = outcome }
                group.addTask {
                    do { return (index, .success(try await body(element))) } catch { return (index, .failure(error)) }
                }
            }
            for await (done, outcome) in group { results[done] = outcome }
            return results
        }
    }
}
