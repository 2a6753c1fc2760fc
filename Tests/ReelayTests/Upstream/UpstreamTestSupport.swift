import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore
import Synchronization
import Testing
@testable import Reelay

/// Shared pieces of the upstream tests: a client, fast settings, jobs and captured logs.
enum UpstreamTest {
    /// Runs `body` with an HTTP client that does not follow redirects (as the application's),
    /// shut down afterwards.
    static func withClient<T: Sendable>(connectionsPerHost: Int = 32, _ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(client))
        } catch {
            result = .failure(error)
        }
        try? await client.shutdown()
        return try result.get()
    }

    /// Channel settings with short intervals, so a test takes a fraction of a second. The time
    /// limits are safety only (the whole suite can keep this process off the CPU for many
    /// seconds); tests that need a timeout shorten them.
    static func settings(_ baseURL: String, name: String = "ark-test", key: String? = FakeArk.key) -> ChannelSettings {
        var settings = ChannelSettings(name: name, baseURL: baseURL, apiKey: key.map(UpstreamSecret.init))
        settings.requestTimeout = .seconds(60)
        settings.taskTimeout = .seconds(120)
        settings.retry = RetryPolicy(attempts: 4, baseDelay: .milliseconds(20), maxDelay: .milliseconds(80))
        settings.polling.initialInterval = .milliseconds(40)
        settings.polling.maxInterval = .milliseconds(120)
        settings.polling.vanishRounds = 3
        settings.breakerThreshold = 5
        settings.breakerCoolDown = .milliseconds(300)
        return settings
    }

    static func spec(_ prompt: String = "a cat on a skateboard", model: String = "doubao-seedance-1-5-pro-251215",
                     media: [MediaInput] = [], returnLastFrame: Bool = false) -> RenderSpec {
        RenderSpec(model: model, requestedModel: model, family: .v2, prompt: prompt, media: media, resolution: "720p",
                   ratio: "16:9", width: 1280, height: 720, duration: 5, frames: nil, seed: 7, generateAudio: true,
                   watermark: false, cameraFixed: false, returnLastFrame: returnLastFrame, draft: false)
    }

    /// A job with a fresh output folder under `root`.
    static func job(_ spec: RenderSpec, in root: URL, id: String = GenerationTask.newID(), attempt: Int = 1) throws -> ProviderJob {
        let folder = root.appending(path: "\(id)-\(attempt)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return ProviderJob(taskID: id, owner: "alice", spec: spec, outputDirectory: folder, attempt: attempt)
    }

    /// The error `body` throws, or nil when it succeeds.
    static func failure(_ body: () async throws -> TaskResult) async -> ProviderError? {
        do {
            _ = try await body()
            return nil
        } catch let error as ProviderError {
            return error
        } catch {
            return ProviderError(code: "Unexpected", message: "\(error)")
        }
    }

    static let quiet = Logger(label: "upstream-test", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// Collects every log line (level trace, metadata included) for assertions.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "upstream-test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let line = "\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
            capture.lines.withLock { $0.append(line) }
        }
    }
}

/// A stand-in for the local renderer (or a Reelay's provider when it is the upstream): writes a
/// small MP4 at once and counts its runs.
final class Mp4Provider: VideoProvider {
    let name = "local"
    let delay: Duration
    private let runs = Mutex<[String]>([])

    init(delay: Duration = .zero) {
        self.delay = delay
    }

    var taskIDs: [String] { runs.withLock { $0 } }

    func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        runs.withLock { $0.append(job.taskID) }
        if delay > .zero { try await Task.sleep(for: delay) }
        try Data(FakeArk.mp4("local-\(job.taskID)")).write(to: job.outputDirectory.appending(path: "video.mp4"))
        if job.spec.returnLastFrame { try Data(FakeArk.png).write(to: job.outputDirectory.appending(path: "last_frame.png")) }
        await progress(1)
        return TaskResult(videoFile: "video.mp4", lastFrameFile: job.spec.returnLastFrame ? "last_frame.png" : nil, width: job.spec.width ?? 1280,
                          height: job.spec.height ?? 720, ratio: job.spec.ratio, duration: job.spec.duration, frames: job.spec.duration * 24 + 1,
                          fps: 24, hasAudio: job.spec.generateAudio)
    }
}
