import Foundation
import Logging
import ReelayCore
import Synchronization
import Testing
@testable import Reelay

/// Renders into fresh folders (under one root that `removeAll` deletes) with the live tool, makes
/// input media with ffmpeg's own sources, and looks at the results.
struct RenderHarness {
    let tool = LiveMediaTool()
    let loader = FileMediaLoader()
    let root = FileManager.default.temporaryDirectory.appending(path: "reelay-render-\(UUID().uuidString)", directoryHint: .isDirectory)

    struct Rendered {
        var result: TaskResult
        var folder: URL
        var progress: [Double]
        var video: URL { folder.appending(path: result.videoFile) }
    }

    static func spec(family: GeometryFamily = .v2, resolution: String = "480p", ratio: String = "16:9", size: (Int, Int)? = (864, 496),
                     duration: Int = 2, seed: Int = 7, prompt: String = "A red fox runs through a snowy forest at dawn",
                     media: [MediaInput] = [], audio: Bool = false, watermark: Bool = false, cameraFixed: Bool = false,
                     lastFrame: Bool = false, model: String = "doubao-seedance-2.0") -> RenderSpec {
        RenderSpec(model: model, requestedModel: "seedance", family: family, prompt: prompt, media: media,
                   resolution: resolution, ratio: ratio, width: size?.0, height: size?.1, duration: duration, frames: nil, seed: seed,
                   generateAudio: audio, watermark: watermark, cameraFixed: cameraFixed, returnLastFrame: lastFrame, draft: false)
    }

    func renderer(tool: (any MediaTool)? = nil, loader: (any MediaLoading)? = nil, logger: Logger = Logger(label: "test")) -> LocalRenderer {
        LocalRenderer(tool: tool ?? self.tool, media: loader ?? self.loader, logger: logger)
    }

    /// A new empty folder under `root`.
    func folder() throws -> URL {
        let url = root.appending(path: UUID().uuidString, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func removeAll() {
        try? FileManager.default.removeItem(at: root)
    }

    func render(_ spec: RenderSpec, tool: (any MediaTool)? = nil, loader: (any MediaLoading)? = nil,
                logger: Logger = Logger(label: "test")) async throws -> Rendered {
        let folder = try folder()
        let values = Mutex<[Double]>([])
        let job = ProviderJob(taskID: "cgt-test", owner: "test", spec: spec, outputDirectory: folder, attempt: 1)
        let result = try await renderer(tool: tool, loader: loader, logger: logger).generate(job) { value in values.withLock { $0.append(value) } }
        return Rendered(result: result, folder: folder, progress: values.withLock { $0 })
    }

    // MARK: - Inputs

    /// An input picture drawn by an ffmpeg source (`testsrc2`, `color=c=red`, ...).
    func picture(_ source: String, size: (Int, Int), name: String = "\(UUID().uuidString).png") async throws -> URL {
        let file = try folder().appending(path: name)
        try await tool.run(.ffmpeg, ["-v", "error", "-nostdin", "-f", "lavfi", "-i", "\(source)\(Self.separator(source))s=\(size.0)x\(size.1)",
                                     "-frames:v", "1", "-update", "1", file.path])
        return file
    }

    /// An input video drawn by an ffmpeg source, with a sine tone when `tone` is set.
    func clip(_ source: String = "testsrc2", size: (Int, Int) = (864, 480), seconds: Double, rate: Int = 30, tone: Double? = nil) async throws -> URL {
        let file = try folder().appending(path: "\(UUID().uuidString).mp4")
        var arguments = ["-v", "error", "-nostdin", "-f", "lavfi", "-i",
                         "\(source)\(Self.separator(source))s=\(size.0)x\(size.1):r=\(rate):d=\(seconds)"]
        if let tone { arguments += ["-f", "lavfi", "-i", "sine=f=\(tone):d=\(seconds)", "-c:a", "aac"] }
        arguments += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file.path]
        try await tool.run(.ffmpeg, arguments)
        return file
    }

    /// An input sound: a sine tone (WAV) lasting `seconds`.
    func sound(frequency: Double = 440, seconds: Double, volume: Double = 1) async throws -> URL {
        let file = try folder().appending(path: "\(UUID().uuidString).wav")
        try await tool.run(.ffmpeg, ["-v", "error", "-nostdin", "-f", "lavfi", "-i", "sine=f=\(frequency):d=\(seconds):r=44100",
                                     "-af", "volume=\(volume)", file.path])
        return file
    }

    /// An input video of solid colours one after another, `seconds` each.
    func clip(colors: [String], size: (Int, Int) = (864, 480), seconds: Double, rate: Int = 30) async throws -> URL {
        let parts = colors.enumerated().map { "color=c=\($1):s=\(size.0)x\(size.1):r=\(rate):d=\(seconds)[c\($0)]" }
        // (lavfi never ends a concat of one part.)
        let graph = colors.count == 1 ? String(parts[0].dropLast(4)) + "[out0]"
            : parts.joined(separator: ";") + ";" + colors.indices.map { "[c\($0)]" }.joined() + "concat=n=\(colors.count)[out0]"
        return try await clip(graph: graph)
    }

    /// An input video drawn by a whole lavfi graph (its output labelled `out0`).
    private func clip(graph: String) async throws -> URL {
        let file = try folder().appending(path: "\(UUID().uuidString).mp4")
        try await tool.run(.ffmpeg, ["-v", "error", "-nostdin", "-f", "lavfi", "-i", graph,
                                     "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file.path])
        return file
    }

    private static func separator(_ source: String) -> String { source.contains("=") ? ":" : "=" }

    static func image(_ file: URL, _ role: MediaInput.Role = .referenceImage, _ index: Int = 0) -> MediaInput {
        MediaInput(kind: .image, url: file.absoluteString, role: role, param: "image_urls[\(index)]")
    }

    static func video(_ file: URL, _ index: Int = 0) -> MediaInput {
        MediaInput(kind: .video, url: file.absoluteString, role: .referenceVideo, param: "video_urls[\(index)]")
    }

    static func audio(_ file: URL, _ index: Int = 0) -> MediaInput {
        MediaInput(kind: .audio, url: file.absoluteString, role: .referenceAudio, param: "audio_urls[\(index)]")
    }

    // MARK: - Modes

    /// The input modes of the seed pages, as the tests and the benchmark render them.
    enum Mode: String, CaseIterable, Sendable {
        case text, firstFrame, firstAndLastFrame, referenceImages, referenceVideo, videoAndAudio, speech
    }

    /// The media of `mode`: pictures and clips of `size`, clips lasting `seconds`.
    func media(for mode: Mode, size: (Int, Int) = (864, 480), seconds: Double = 2) async throws -> [MediaInput] {
        switch mode {
        case .text, .speech:
            return []
        case .firstFrame:
            return [Self.image(try await picture("testsrc2", size: size), .firstFrame)]
        case .firstAndLastFrame:
            return [Self.image(try await picture("testsrc2", size: size), .firstFrame, 0),
                    Self.image(try await picture("smptehdbars", size: size), .lastFrame, 1)]
        case .referenceImages:
            var images: [MediaInput] = []
            for (index, source) in ["testsrc2", "smptehdbars", "rgbtestsrc"].enumerated() {
                images.append(Self.image(try await picture(source, size: size), .referenceImage, index))
            }
            return images
        case .referenceVideo:
            return [Self.video(try await clip(size: size, seconds: seconds))]
        case .videoAndAudio:
            return [Self.video(try await clip(size: size, seconds: seconds)), Self.audio(try await sound(seconds: seconds))]
        }
    }

    /// A spec of `mode` with `media`; speech and video with audio ask for sound.
    static func spec(_ mode: Mode, media: [MediaInput], resolution: String = "480p", size: (Int, Int) = (864, 496), duration: Int = 2) -> RenderSpec {
        let prompt = mode == .speech
            ? #"A man stops a woman and says: "Remember, you must never point your finger at the moon.""#
            : "A red fox runs through a snowy forest at dawn"
        return spec(resolution: resolution, size: size, duration: duration, prompt: prompt, media: media, audio: mode == .speech || mode == .videoAndAudio)
    }

    // MARK: - Looking at results

    /// Frame `index` of a video or picture as RGB pixels, optionally first scaled and cropped to
    /// fill `size` (as the renderer fits pictures).
    func frame(of file: URL, at index: Int = 0, size: (Int, Int), fill: Bool = false) async throws -> RGBFrame {
        let (w, h) = size
        let fit = fill ? ",scale=\(w):\(h):force_original_aspect_ratio=increase,crop=\(w):\(h)" : ",scale=\(w):\(h)"
        let bytes = try await tool.output(of: .ffmpeg, ["-v", "error", "-nostdin", "-i", file.path,
                                                        "-vf", "select=eq(n\\,\(index))\(fit)", "-frames:v", "1",
                                                        "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], limit: w * h * 3 + 1)
        return RGBFrame(width: w, height: h, pixels: [UInt8](bytes))
    }

    /// The RMS level (dBFS) of a file's audio between `start` and `end` seconds (astats), only
    /// above `highpass` Hz when it is set (where a voice has its consonants and the chord nothing).
    func loudness(of file: URL, from start: Double = 0, to end: Double? = nil, highpass: Double? = nil) async throws -> Double {
        let range = "atrim=start=\(start)" + (end.map { ":end=\($0)" } ?? "") + (highpass.map { ",highpass=f=\($0):poles=2,highpass=f=\($0):poles=2" } ?? "")
        let text = try await metadata(of: file, "\(range),astats=metadata=1:reset=0:measure_perchannel=none:measure_overall=RMS_level")
        let line = try #require(text.split(separator: "\n").last { $0.hasPrefix("lavfi.astats.Overall.RMS_level=") })
        let value = String(line.split(separator: "=").last ?? "")
        return value == "-inf" ? -.infinity : try #require(Double(value))
    }

    /// Where a file's audio is silent (below -50 dBFS for 0.2 s or more), as ffmpeg's
    /// silencedetect sees it: start and (unless it lasts to the end) end, in seconds.
    func silences(of file: URL) async throws -> [(start: Double, end: Double?)] {
        let text = try await metadata(of: file, "silencedetect=n=-50dB:d=0.2")
        var found: [(start: Double, end: Double?)] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=")
            guard parts.count == 2, let value = Double(parts[1]) else { continue }
            if parts[0] == "lavfi.silence_start" { found.append((value, nil)) }
            if parts[0] == "lavfi.silence_end", !found.isEmpty { found[found.count - 1].end = value }
        }
        return found
    }

    /// The frame metadata an audio analysis filter writes, as `ametadata` prints it.
    private func metadata(of file: URL, _ filter: String) async throws -> String {
        let report = try folder().appending(path: "metadata.txt")
        try await tool.run(.ffmpeg, ["-v", "error", "-nostdin", "-i", file.path, "-map", "0:a:0",
                                     "-af", "\(filter),ametadata=mode=print:file=\(report.path)", "-f", "null", "-"])
        return (try? String(contentsOf: report, encoding: .utf8)) ?? ""
    }
}

/// Raw RGB pixels, compared region by region.
struct RGBFrame {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    typealias Region = @Sendable (_ x: Double, _ y: Double) -> Bool
    /// Where the watermark sits (x and y as fractions of the frame).
    static let lowerRight: Region = { x, y in x > 0.6 && y > 0.85 }
    static let outsideLowerRight: Region = { x, y in x < 0.5 || y < 0.7 }

    /// Mean absolute difference per channel (0...255) over the pixels of `region`.
    func meanDifference(to other: RGBFrame, in region: Region = { _, _ in true }) -> Double {
        precondition(pixels.count == width * height * 3 && other.pixels.count == pixels.count, "frame sizes differ")
        var total = 0, count = 0
        for y in 0..<height {
            for x in 0..<width where region(Double(x) / Double(width), Double(y) / Double(height)) {
                let i = (y * width + x) * 3
                for c in 0..<3 { total += abs(Int(pixels[i + c]) - Int(other.pixels[i + c])) }
                count += 3
            }
        }
        return count == 0 ? 0 : Double(total) / Double(count)
    }

    /// The mean of each channel (red, green, blue), 0...255.
    var meanColor: (red: Double, green: Double, blue: Double) {
        var sums = [0, 0, 0]
        for i in stride(from: 0, to: pixels.count, by: 3) { for c in 0..<3 { sums[c] += Int(pixels[i + c]) } }
        let count = Double(max(1, pixels.count / 3))
        return (Double(sums[0]) / count, Double(sums[1]) / count, Double(sums[2]) / count)
    }
}

/// Loads `file://` inputs by copying them, and counts the loads; anything else is bad input.
final class FileMediaLoader: MediaLoading {
    private let counts = Mutex<[String: Int]>([:])

    /// How many times each URL was loaded.
    var loads: [String: Int] { counts.withLock { $0 } }

    func check(_ input: MediaInput) async throws(APIError) {}

    func load(_ input: MediaInput, into directory: URL) async throws -> URL {
        counts.withLock { $0[input.url, default: 0] += 1 }
        guard let source = URL(string: input.url), source.isFileURL else {
            throw ProviderError.invalidInput("Cannot use \(input.param): not a file URL.")
        }
        let target = directory.appending(path: "\(input.role.rawValue)-\(UUID().uuidString)-\(source.lastPathComponent)")
        try FileManager.default.copyItem(at: source, to: target)
        return target
    }
}
