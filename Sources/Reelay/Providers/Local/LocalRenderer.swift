import Foundation
import Logging
import ReelayCore

/// The embedded renderer: makes real H.264/AAC MP4s with ffmpeg, so the whole API works offline.
///
/// Text draws an animated scene derived from the prompt and seed; a first frame starts the video
/// (with a slow zoom unless the camera is fixed); a first and last frame crossfade from one to the
/// other; reference images play as a montage. One ffmpeg run makes the video (and the last frame
/// before the watermark); its `-progress` output drives the progress callback. The same spec
/// gives the same bytes.
public struct LocalRenderer: VideoProvider {
    public let name = "local"

    private let tool: any MediaTool
    private let media: any MediaLoading
    private let logger: Logger
    private let font: URL?

    /// Where the DejaVu Sans font lives on common systems (fonts-dejavu-core on Debian).
    public static let fontCandidates = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    ]

    /// - Parameter font: the TrueType font for captions and the watermark; by default the first of
    ///   `fontCandidates` that exists, else fontconfig's sans font.
    private static let scratchPrefix = ".render-"

    public init(tool: any MediaTool, media: any MediaLoading, logger: Logger, font: URL? = nil) {
        self.tool = tool
        self.media = media
        self.logger = logger
        self.font = font ?? Self.fontCandidates.first { FileManager.default.fileExists(atPath: $0) }.map { URL(filePath: $0) }
    }

    public func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        let spec = job.spec
        let started = ContinuousClock.now
        let files = FileManager.default
        // Scratch space inside the task's own folder (the same file system for the final moves),
        // removed whatever happens; any left by an attempt that crashed goes first.
        for stale in (try? files.contentsOfDirectory(atPath: job.outputDirectory.path)) ?? [] where stale.hasPrefix(Self.scratchPrefix) {
            try? files.removeItem(at: job.outputDirectory.appending(path: stale))
        }
        let work = job.outputDirectory.appending(path: Self.scratchPrefix + UUID().uuidString, directoryHint: .isDirectory)
        try files.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: work) }

        var reporter = ProgressReporter(progress)
        await reporter.report(0)

        let pictures = try await loadPictures(of: spec, into: work)
        let plan = try RenderPlan(spec: spec, image: pictures.first?.probe.size)
        await reporter.report(0.05)

        let video = work.appending(path: "video.mp4")
        let bitmap = spec.returnLastFrame ? work.appending(path: "last_frame.bmp") : nil
        let builder = SceneBuilder(plan: plan, content: content(of: spec, pictures), style: SceneStyle(prompt: spec.prompt, seed: spec.seed),
                                   cameraFixed: spec.cameraFixed, watermark: spec.watermark, audio: spec.generateAudio,
                                   draft: spec.draft, font: font, video: video, lastFrame: bitmap)
        logger.debug("local render starting", metadata: ["task": "\(job.taskID)", "size": "\(plan.width)x\(plan.height)",
                                                        "frames": "\(plan.frames)", "content": "\(builder.content)"])

        var parser = FFmpegProgress(totalFrames: plan.frames, totalSeconds: plan.seconds)
        try await ffmpeg(builder.arguments()) { line in
            if let fraction = parser.read(line[...]) { await reporter.report(0.05 + 0.9 * fraction) }
        }

        var lastFrameFile: String?
        if let bitmap {
            let png = work.appending(path: "last_frame.png")
            try await ffmpeg(SceneBuilder.pngArguments(from: bitmap, to: png))
            try place(png, in: job.outputDirectory)
            lastFrameFile = png.lastPathComponent
        }
        try place(video, in: job.outputDirectory)
        await reporter.report(1)

        logger.info("local render finished", metadata: ["task": "\(job.taskID)", "seconds": "\(started.duration(to: .now))"])
        return TaskResult(videoFile: video.lastPathComponent, lastFrameFile: lastFrameFile, width: plan.width, height: plan.height,
                          ratio: plan.ratio, duration: plan.duration, frames: plan.frames, fps: plan.fps, hasAudio: spec.generateAudio)
    }

    // MARK: - Inputs

    private struct Picture {
        var input: MediaInput
        var file: URL
        var probe: MediaProbe
    }

    /// Loads and checks the pictures the scene uses: first and last frames, else reference images.
    /// Reference videos and audio are not drawn (yet), so they are not fetched.
    private func loadPictures(of spec: RenderSpec, into directory: URL) async throws -> [Picture] {
        let frames = spec.media(.firstFrame).prefix(1) + spec.media(.lastFrame).prefix(1)
        let wanted = frames.isEmpty ? spec.media(.referenceImage) : Array(frames)
        var pictures: [Picture] = []
        for input in wanted where input.kind == .image {
            let file: URL
            do {
                file = try await media.load(input, into: directory)
            } catch let error as ProviderError {
                throw error
            } catch let error as APIError {
                throw ProviderError.invalidInput(error.message)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw ProviderError.invalidInput("Cannot load the image at \(input.param): \(error).")
            }
            let probe: MediaProbe
            do {
                probe = try await tool.probe(file)
            } catch let error as MediaToolError {
                throw ProviderError.invalidInput("The image at \(input.param) cannot be decoded: \(Self.lastLines(of: error.standardError)).")
            } catch is DecodingError {
                throw ProviderError.invalidInput("The image at \(input.param) cannot be decoded.")
            }
            guard probe.isDecodableImage else {
                throw ProviderError.invalidInput("The image at \(input.param) cannot be decoded.")
            }
            pictures.append(Picture(input: input, file: file, probe: probe))
        }
        return pictures
    }

    private func content(of spec: RenderSpec, _ pictures: [Picture]) -> SceneBuilder.Content {
        let first = pictures.first { $0.input.role == .firstFrame }
        let last = pictures.first { $0.input.role == .lastFrame }
        switch (first, last) {
        case let (first?, last?): return .transition(first: first.file, last: last.file)
        case let (first?, nil): return .image(first.file, startsOnImage: true)
        case let (nil, last?): return .image(last.file, startsOnImage: false)
        case (nil, nil):
            let references = pictures.filter { $0.input.role == .referenceImage }.map(\.file)
            return references.isEmpty ? .text(caption: Self.caption(spec.prompt)) : .montage(references)
        }
    }

    // MARK: - Running

    private func ffmpeg(_ arguments: [String], onLine: (String) async throws -> Void = { _ in }) async throws {
        do {
            try await tool.lines(of: .ffmpeg, arguments, onLine: onLine)
        } catch let error as MediaToolError {
            throw ProviderError.renderFailed("ffmpeg failed (\(error.status)): \(Self.lastLines(of: error.standardError))")
        }
    }

    /// Moves a finished file into the task's folder, replacing what an earlier attempt left.
    private func place(_ file: URL, in directory: URL) throws {
        let target = directory.appending(path: file.lastPathComponent)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: file, to: target)
    }

    /// The last few lines of a program's complaints: enough to say why, short enough to show.
    static func lastLines(of text: String, count: Int = 6) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let tail = lines.suffix(count).joined(separator: " | ")
        return tail.isEmpty ? "no details" : String(tail.suffix(1200))
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
