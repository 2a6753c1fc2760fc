import Foundation
import Logging
import ReelayCore

/// The embedded renderer: makes real H.264/AAC MP4s with ffmpeg, so the whole API works offline.
///
/// Text draws an animated scene derived from the prompt and seed; a first frame starts the video
/// (with a slow zoom unless the camera is fixed); a first and last frame crossfade from one to the
/// other; reference images play as a montage (from the first frame and to the last frame when
/// there are frames too, so every picture shows); reference videos play re-timed, reframed and
/// restyled, opened and cut into by the pictures beside them. Reference audio is the soundtrack;
/// without it, `generate_audio` makes a chord, with espeak-ng speaking any dialogue the prompt
/// quotes. Every input is fetched once into the job's scratch folder and checked; one ffmpeg run
/// makes the video (and the last frame before the watermark); its `-progress` output drives the
/// progress callback. The same spec gives the same bytes.
public struct LocalRenderer: VideoProvider {
    public let name = "local"

    private let tool: any MediaTool
    private let media: any MediaLoading
    private let logger: Logger
    private let font: URL?
    private let catalog: ModelCatalog?

    /// Where the DejaVu Sans font lives on common systems (fonts-dejavu-core on Debian).
    public static let fontCandidates = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    ]

    private static let scratchPrefix = ".render-"
    /// The duration range `duration: -1` stays within for a model the catalog does not know.
    static let fallbackDurations = 4...15

    /// - Parameters:
    ///   - font: the TrueType font for captions and the watermark; by default the first of
    ///     `fontCandidates` that exists, else fontconfig's sans font.
    ///   - catalog: where a model's duration range comes from (for `duration: -1`); by default
    ///     the bundled catalog.
    public init(tool: any MediaTool, media: any MediaLoading, logger: Logger, font: URL? = nil,
                catalog: ModelCatalog? = try? ModelCatalog.bundled()) {
        self.tool = tool
        self.media = media
        self.logger = logger
        self.font = font ?? Self.fontCandidates.first { FileManager.default.fileExists(atPath: $0) }.map { URL(filePath: $0) }
        self.catalog = catalog
    }

    public func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        let spec = job.spec
        let started = ContinuousClock.now
        let files = FileManager.default
        // Scratch space inside the task's own folder (the same file system for the final moves),
        // removed whatever happens; any left by an attempt that crashed goes first. Inputs are
        // fetched into it once, however often the request uses them.
        for stale in (try? files.contentsOfDirectory(atPath: job.outputDirectory.path)) ?? [] where stale.hasPrefix(Self.scratchPrefix) {
            try? files.removeItem(at: job.outputDirectory.appending(path: stale))
        }
        let work = job.outputDirectory.appending(path: Self.scratchPrefix + UUID().uuidString, directoryHint: .isDirectory)
        try files.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: work) }

        var reporter = ProgressReporter(progress)
        await reporter.report(0)

        let inputs = try await RenderInputs.load(spec, loader: media, tool: tool, into: work)
        let plan = try RenderPlan(spec: spec, picture: inputs.pictureSize, clipSeconds: inputs.chosenSeconds, durations: durations(of: spec))
        let style = SceneStyle(prompt: spec.prompt, seed: spec.seed)
        let sound = try await soundtrack(of: spec, inputs, style: style, in: work, task: job.taskID)
        await reporter.report(0.05)

        let video = work.appending(path: "video.mp4")
        let bitmap = spec.returnLastFrame ? work.appending(path: "last_frame.bmp") : nil
        let builder = SceneBuilder(plan: plan, content: content(of: spec, inputs), style: style,
                                   cameraFixed: spec.cameraFixed, watermark: spec.watermark, sound: sound,
                                   draft: spec.draft, font: font, video: video, lastFrame: bitmap)
        logger.debug("local render starting", metadata: ["task": "\(job.taskID)", "size": "\(plan.width)x\(plan.height)",
                                                        "frames": "\(plan.frames)", "content": "\(builder.content)"])

        var parser = FFmpegProgress(totalFrames: plan.frames, totalSeconds: plan.seconds)
        try await ffmpeg(builder.arguments(), task: job.taskID) { line in
            if let fraction = parser.read(line[...]) { await reporter.report(0.05 + 0.9 * fraction) }
        }

        var lastFrameFile: String?
        if let bitmap {
            let png = work.appending(path: "last_frame.png")
            try await ffmpeg(SceneBuilder.pngArguments(from: bitmap, to: png), task: job.taskID)
            try place(png, in: job.outputDirectory)
            lastFrameFile = png.lastPathComponent
        }
        try place(video, in: job.outputDirectory)
        await reporter.report(1)

        logger.info("local render finished", metadata: ["task": "\(job.taskID)", "seconds": "\(started.duration(to: .now))"])
        return TaskResult(videoFile: video.lastPathComponent, lastFrameFile: lastFrameFile, width: plan.width, height: plan.height,
                          ratio: plan.ratio, duration: plan.duration, frames: plan.frames, fps: plan.fps, hasAudio: sound != nil)
    }

    // MARK: - Inputs

    private func durations(of spec: RenderSpec) -> ClosedRange<Int> {
        guard let range = catalog?.model(named: spec.model)?.durations, range.min > 0, range.min <= range.max else {
            return Self.fallbackDurations
        }
        return range.min...range.max
    }

    private func content(of spec: RenderSpec, _ inputs: RenderInputs) -> SceneBuilder.Content {
        if !inputs.videos.isEmpty {
            return .footage(inputs.videos.map { SceneBuilder.Clip(file: $0.file, seconds: $0.seconds) }, pictures: inputs.references.map(\.file))
        }
        if !inputs.references.isEmpty {
            // Every picture shows: the montage starts exactly on the first frame and ends exactly
            // on the last, with the reference images between (1.5 pro takes frames and references).
            let pictures = [inputs.firstFrame].compactMap { $0 } + inputs.references + [inputs.lastFrame].compactMap { $0 }
            return .montage(pictures.map(\.file))
        }
        switch (inputs.firstFrame, inputs.lastFrame) {
        case let (first?, last?): return .transition(first: first.file, last: last.file)
        case let (first?, nil): return .image(first.file, startsOnImage: true)
        case let (nil, last?): return .image(last.file, startsOnImage: false)
        case (nil, nil): return .text(caption: Self.caption(spec.prompt))
        }
    }

    // MARK: - Sound

    /// The soundtrack, or nil for a silent video: the reference audio whenever there is some,
    /// else the synthesized one when `generate_audio` asks; with the prompt's quoted dialogue
    /// spoken over either when `generate_audio` asks.
    private func soundtrack(of spec: RenderSpec, _ inputs: RenderInputs, style: SceneStyle, in work: URL, task: String) async throws -> SceneBuilder.Soundtrack? {
        guard spec.generateAudio || !inputs.audio.isEmpty else { return nil }
        var sound = SceneBuilder.Soundtrack(clips: inputs.audio.map(\.file),
                                            mono: Set(inputs.audio.filter { $0.probe.channels == 1 }.map(\.file)))
        let dialogue = Dialogue(prompt: spec.prompt)
        if spec.generateAudio, !dialogue.isEmpty {
            sound.speech = try await speak(dialogue, voice: style.voice, in: work, task: task)
        }
        return sound
    }

    /// Speaks `dialogue` into a WAV with espeak-ng. Speech adds to a video but is not what it is
    /// for: without espeak-ng, or when it fails, the video goes on without speech and the log says why.
    private func speak(_ dialogue: Dialogue, voice: SceneStyle.Voice, in work: URL, task: String) async throws -> URL? {
        let text = work.appending(path: "dialogue.txt"), speech = work.appending(path: "speech.wav")
        do {
            try Data(dialogue.text.utf8).write(to: text)
            try await tool.run(.espeak, dialogue.arguments(voice: voice, textFile: text, output: speech))
            return speech
        } catch let error as MediaToolError {
            try Task.checkCancellation()
            if error.isNotFound {
                logger.warning("espeak-ng is not installed: the soundtrack has no speech", metadata: ["task": "\(task)"])
            } else {
                logger.warning("espeak-ng failed: the soundtrack has no speech", metadata: ["task": "\(task)", "error": "\(error)"])
            }
            return nil
        }
    }

    // MARK: - Running

    /// Runs ffmpeg; a failure reaches the caller as how it ended, and the log gets its complaints
    /// (which name files on this machine and echo the inputs).
    private func ffmpeg(_ arguments: [String], task: String, onLine: (String) async throws -> Void = { _ in }) async throws {
        do {
            try await tool.lines(of: .ffmpeg, arguments, onLine: onLine)
        } catch let error as MediaToolError {
            logger.warning("ffmpeg failed", metadata: ["task": "\(task)", "error": "\(error)"])
            throw ProviderError.renderFailed("The local renderer could not make the video (\(error.publicDescription)).")
        }
    }

    /// Moves a finished file into the task's folder, replacing what an earlier attempt left.
    private func place(_ file: URL, in directory: URL) throws {
        let target = directory.appending(path: file.lastPathComponent)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: file, to: target)
    }

    /// The prompt's first words, for the caption: `--flag value` options dropped, and only the
    /// scripts the bundled font draws (Latin, Greek, Cyrillic) kept. Nil when nothing is left.
    static func caption(_ prompt: String, maxWords: Int = 8, maxCharacters: Int = 32) -> String? {
        var words: [Substring] = []
        var skipValue = false
        for word in prompt.split(whereSeparator: \.isWhitespace) {
            if word.hasPrefix("--") { skipValue = true; continue }
            if skipValue { skipValue = false; continue }
            let drawable = word.filter { $0.unicodeScalars.allSatisfy { $0.value < 0x0530 || (0x2010...0x205E).contains($0.value) } }
            guard !drawable.isEmpty, !drawable.allSatisfy(\.isPunctuation) else { continue }
            if words.count == maxWords || (words.map(\.count).reduce(words.count, +) + drawable.count) > maxCharacters { break }
            words.append(Substring(drawable))
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

/// Hands progress on in order, rising, and only in visible steps.
private struct ProgressReporter {
    private let sink: @Sendable (Double) async -> Void
    private var last = -1.0

    init(_ sink: @escaping @Sendable (Double) async -> Void) {
        self.sink = sink
    }

    mutating func report(_ value: Double) async {
        let value = min(1, max(0, value))
        guard value >= last + 0.01 || (value == 1 && last < 1) else { return }
        last = value
        await sink(value)
    }
}
