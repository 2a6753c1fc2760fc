import ArgumentParser
import Foundation
import ReelayCore

/// `reelay generate`: creates an Ark-dialect task; with `--wait` (or `-o`) follows it to the
/// end with a progress display and downloads the result.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Create a video; with --wait or -o, follow it to the end and download it.",
        discussion: """
            Exit codes: 0 done, 1 the task failed, 2 the server refused the request (its message \
            names the parameter), 3 the server is unreachable or refused the key.
            """)

    /// The playground's first choice too (its page prefers it when the catalog has it), so both
    /// start from the same model.
    static let defaultModel = "doubao-seedance-1-5-pro-251215"
    static let pollInterval = Duration.milliseconds(500)
    /// A server restarting mid-wait (tasks survive restarts) is waited for this long.
    static let outageTolerance = Duration.seconds(30)

    @Argument(help: "What the video shows.")
    var prompt: String

    @Option(help: "Model id or alias ('reelay models' lists them).")
    var model = Self.defaultModel

    @Option(help: "Aspect ratio: 16:9, 4:3, 1:1, 3:4, 9:16, 21:9 or adaptive (model default if not given).")
    var ratio: String?

    @Option(help: "480p, 720p or 1080p (model default if not given).")
    var resolution: String?

    @Option(help: "Length in seconds (model default if not given).")
    var duration: Int?

    @Option(help: "Random seed; the same seed and request give the same video.")
    var seed: Int?

    @Flag(inversion: .prefixedNo, help: "Generate sound (model default if neither is given).")
    var audio: Bool?

    @Flag(inversion: .prefixedNo, help: "Add a watermark (model default if neither is given).")
    var watermark: Bool?

    @Option(help: "First frame: an image file or URL.")
    var image: String?

    @Option(help: "Last frame: an image file or URL.")
    var lastFrame: String?

    @Option(help: "A reference image, video or audio file or URL, told apart by extension (repeatable).")
    var reference: [String] = []

    @Flag(help: "Keep the camera still.")
    var cameraFixed = false

    @Flag(help: "Also produce the last frame (saved beside -o as .png).")
    var returnLastFrame = false

    @Flag(help: "Wait until the task ends, showing its progress on stderr.")
    var wait = false

    @Option(name: .shortAndLong, help: "Save the video to this file (implies --wait).")
    var output: String?

    @Flag(help: "Print only the final path (or the task id), and no progress.")
    var quiet = false

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { connection in
            let body = try requestBody()
            let outputFile = try output.map(prepareOutput)
            let created = try await connection.send(.POST, APIRoutes.arkCreate.path, body: body, timeout: .minutes(5))
            guard let id = created["id"]?.stringValue else {
                throw ClientFailure(.unavailable, "The server created no task: \(String(decoding: created.encoded(), as: UTF8.self))")
            }
            guard wait || outputFile != nil else {
                if client.json {
                    ClientOptions.printJSON(try await ClientTask.fetch(id, from: connection).object)
                } else {
                    ClientConsole.out(id)
                }
                return
            }
            if !quiet && !client.json { ClientConsole.out(id) }

            let task = try await follow(id, connection)
            guard task.status == "succeeded" else {
                if client.json { ClientOptions.printJSON(task.object) }
                throw ClientFailure(.taskFailed, "Task \(id) \(task.status): \(task.errorMessage ?? "no reason given").")
            }
            var results: [String] = []
            if let outputFile {
                results = try await save(task, to: outputFile, connection)
            } else if !quiet {
                results = [task.videoURL, task.lastFrameURL].compactMap { $0 }
            }
            if client.json {
                ClientOptions.printJSON(task.object)
            } else {
                results = quiet && outputFile == nil ? [id] : results
                results.forEach(ClientConsole.out)
            }
        }
    }

    /// Ark's create body: the prompt and media in `content`, the rest as top-level fields,
    /// which the server validates (its message names the field).
    func requestBody() throws -> JSONValue {
        var content: [JSONValue] = [["type": "text", "text": .string(prompt)]]
        if let image {
            content.append(try ClientMedia(image, option: "--image").requiringImage("--image").contentItem(role: "first_frame"))
        }
        if let lastFrame {
            content.append(try ClientMedia(lastFrame, option: "--last-frame").requiringImage("--last-frame").contentItem(role: "last_frame"))
        }
        for argument in reference {
            let media = try ClientMedia(argument, option: "--reference")
            content.append(media.contentItem(role: media.referenceRole))
        }
        var body: [String: JSONValue] = ["model": .string(model), "content": .array(content)]
        if let ratio { body["ratio"] = .string(ratio) }
        if let resolution { body["resolution"] = .string(resolution) }
        if let duration { body["duration"] = .int(duration) }
        if let seed { body["seed"] = .int(seed) }
        if let audio { body["generate_audio"] = .bool(audio) }
        if let watermark { body["watermark"] = .bool(watermark) }
        if cameraFixed { body["camera_fixed"] = true }
        if returnLastFrame { body["return_last_frame"] = true }
        return .object(body)
    }

    /// Checks the output folder before a task is spent on a result that cannot be saved.
    private func prepareOutput(_ path: String) throws -> URL {
        let file = URL(filePath: (path as NSString).expandingTildeInPath)
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw ClientFailure(.badRequest, "-o \(path): cannot create its folder (\(error.localizedDescription)).")
        }
        return file
    }

    /// Polls until the task ends. A server that goes away for a while (a restart) is waited
    /// for; one that stays away ends the wait.
    private func follow(_ id: String, _ connection: ClientConnection) async throws -> ClientTask {
        var display = quiet ? nil : ProgressDisplay(interactive: ClientConsole.stderrIsTerminal)
        var outageStart: ContinuousClock.Instant?
        while true {
            do {
                let task = try await ClientTask.fetch(id, from: connection)
                outageStart = nil
                if task.isFinished {
                    display?.finish(task)
                    return task
                }
                display?.show(task)
            } catch let failure as ClientFailure where failure.isOutage {
                let start = outageStart ?? .now
                guard ContinuousClock.now - start < Self.outageTolerance else { throw failure }
                outageStart = start
            }
            try await Task.sleep(for: Self.pollInterval)
        }
    }

    /// Downloads the video to `file`, and the last frame (when asked for) beside it as `.png`.
    private func save(_ task: ClientTask, to file: URL, _ connection: ClientConnection) async throws -> [String] {
        guard let videoURL = task.videoURL else {
            throw ClientFailure(.unavailable, "Task \(task.id) succeeded without a video link.")
        }
        try await connection.download(videoURL, to: file)
        var paths = [file.path]
        if returnLastFrame, let frameURL = task.lastFrameURL {
            let frame = file.deletingPathExtension().appendingPathExtension("png")
            try await connection.download(frameURL, to: frame)
            paths.append(frame.path)
        }
        return paths
    }
}

extension ClientMedia {
    /// Frames must be images; say so before the server does.
    fileprivate func requiringImage(_ option: String) throws -> ClientMedia {
        guard kind == .image else { throw ClientFailure(.badRequest, "\(option) must be an image, not \(kind.rawValue).") }
        return self
    }
}
