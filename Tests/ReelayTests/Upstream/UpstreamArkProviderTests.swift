import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore
import Synchronization
import Testing
@testable import Reelay

/// `ArkProvider` against the fake Ark: one create per job whatever the faults, every job ends
/// (a result in its folder, or a clear `ProviderError`), and cancellation cleans up upstream.
@Suite("Upstream: Ark provider")
struct UpstreamArkProviderTests {
    /// Runs `body` with a fake, a client, a provider on them and a scratch folder.
    static func withProvider(queuedFor: Duration = .milliseconds(60), runningFor: Duration = .milliseconds(120), callbackRepeats: Int = 1,
                             configure: (inout ChannelSettings, inout ArkProvider.Options, FakeArk) -> Void = { _, _, _ in },
                             logger: Logger = UpstreamTest.quiet,
                             _ body: (ArkProvider, FakeArk, MemoryUpstreamLedger, URL) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with(queuedFor: queuedFor, runningFor: runningFor, callbackRepeats: callbackRepeats) { fake in
            try await UpstreamTest.withClient { client in
                var settings = UpstreamTest.settings(fake.arkBase)
                var options = ArkProvider.Options()
                configure(&settings, &options, fake)
                let ledger = MemoryUpstreamLedger()
                let provider = ArkProvider(settings: settings, options: options, httpClient: client, ledger: ledger, logger: logger)
                try await body(provider, fake, ledger, directory.url)
            }
        }
    }

    /// Progress values in the order they were reported.
    final class ProgressLog: Sendable {
        let values = Mutex<[Double]>([])
        var report: @Sendable (Double) async -> Void { { value in self.values.withLock { $0.append(value) } } }
    }

    @Test func createsOnceAndSavesTheResultFiles() async throws {
        try await Self.withProvider(configure: { settings, _, _ in
            settings.models = ["doubao-seedance-1-5-pro-251215": "ep-20251215-abcde"]
        }) { provider, fake, ledger, root in
            let media = [
                MediaInput(kind: .image, url: "https://example.com/first.png", role: .firstFrame, param: "content[1].image_url.url"),
                MediaInput(kind: .image, url: "data:image/png;base64,iVBORw0KGgo=", role: .lastFrame, param: "content[2].image_url.url"),
            ]
            let job = try UpstreamTest.job(UpstreamTest.spec(media: media, returnLastFrame: true), in: root)
            let progress = ProgressLog()
            let result = try await provider.generate(job, progress: progress.report)

            #expect(result.videoFile == "video.mp4")
            #expect(result.lastFrameFile == "last_frame.png")
            #expect((result.width, result.height, result.duration, result.fps) == (1280, 720, 5, 24))
            #expect(result.tokens == 108_900)
            #expect(result.hasAudio)
            let id = try #require(fake.state.withLock { $0.order.first })
            #expect(try Data(contentsOf: job.outputDirectory.appending(path: "video.mp4")) == Data(FakeArk.mp4("\(id).mp4")))
            #expect(try Data(contentsOf: job.outputDirectory.appending(path: "last_frame.png")) == Data(FakeArk.png))
            #expect(try FileManager.default.contentsOfDirectory(atPath: job.outputDirectory.path).sorted() == ["last_frame.png", "video.mp4"])

            let stats = fake.stats
            #expect(stats.tasksCreated == 1)
            let body = try #require(stats.createBodies.first)
            #expect(body["model"] == "ep-20251215-abcde")
            #expect(body["content"] == [
                ["type": "text", "text": "a cat on a skateboard"],
                ["type": "image_url", "image_url": ["url": "https://example.com/first.png"], "role": "first_frame"],
                ["type": "image_url", "image_url": ["url": "data:image/png;base64,iVBORw0KGgo="], "role": "last_frame"],
            ])
            #expect(body["resolution"] == "720p" && body["ratio"] == "16:9" && body["duration"] == 5 && body["seed"] == 7)
            #expect(body["generate_audio"] == true && body["watermark"] == false && body["return_last_frame"] == true)
            #expect(body["camera_fixed"] == nil && body["frames"] == nil)

            let values = progress.values.withLock { $0 }
            #expect(values.last == 1)
            #expect(values == values.sorted())
            // The note stays until the task's end is stored (UpstreamNoteRemover).
            #expect(ledger.all[job.taskID]?.upstreamID != nil)
        }
    }

    @Test(arguments: [("[fail]", "OutputVideoSensitiveContentDetected", "The output video may contain sensitive content."),
                      ("[expire]", "Expired", "expired before it finished")])
    func aTaskThatEndsUpstreamWithoutAVideoFailsTheJob(prompt: String, code: String, message: String) async throws {
        try await Self.withProvider { provider, fake, ledger, root in
            let job = try UpstreamTest.job(UpstreamTest.spec(prompt), in: root)
            let error = await UpstreamTest.failure { try await provider.generate(job) { _ in } }
            #expect(error?.code.rawValue == code)
            #expect(error?.message.contains(message) == true)
            #expect(fake.stats.tasksCreated == 1 && fake.stats.downloads == 0)
            #expect(ledger.all[job.taskID]?.upstreamID != nil, "the note goes only once the failure is stored")
        }
    }

    @Test func aTaskCancelledUpstreamEndsCancelled() async throws {
        try await Self.withProvider { provider, fake, _, root in
            let job = try UpstreamTest.job(UpstreamTest.spec("[stuck]"), in: root)
            let run = Task { await UpstreamTest.failure { try await provider.generate(job) { _ in } } }
            try await Polling.until { fake.stats.tasksCreated > 0 }
            fake.state.withLock { state in state.tasks[state.order[0]]?.cancelled = true }
            let error = await run.value
            #expect(error?.code == "Cancelled")
            #expect(error?.endsAs == .cancelled)
        }
    }

    @Test func aTaskThatVanishesUpstreamFailsClearly() async throws {
        try await Self.withProvider { provider, fake, _, root in
            let job = try UpstreamTest.job(UpstreamTest.spec("[vanish]"), in: root)
            let error = await UpstreamTest.failure { try await provider.generate(job) { _ in } }
            #expect(error?.code == "UpstreamTaskVanished")
            #expect(error?.message.contains("no longer exists on channel ark-test") == true)
            // It was looked up alone before being given up on.
            #expect(fake.stats.getRequests >= 1)
        }
    }

    @Test func anUnknownStatusWordCountsAsRunningAndIsNotPassedOn() async throws {
        let logs = LogCapture()
        try await Self.withProvider(logger: logs.logger) { provider, _, _, root in
            let job = try UpstreamTest.job(UpstreamTest.spec("[weird]"), in: root)
            let result = try await provider.generate(job) { _ in }
            #expect(result.videoFile == "video.mp4")
        }
        #expect(logs.text.contains("status=paused"))
    }

    @Test func aTaskThatNeverFinishesFailsAtItsDeadlineAndIsCancelledUpstream() async throws {
        try await Self.withProvider(configure: { settings, _, _ in settings.taskTimeout = .milliseconds(400) }) { provider, fake, ledger, root in
            let job = try UpstreamTest.job(UpstreamTest.spec("[stuck]"), in: root)
            let error = await UpstreamTest.failure { try await provider.generate(job) { _ in } }
            #expect(error?.code == "UpstreamTimeout")
            #expect(fake.stats.deleteRequests == 1)
            #expect(fake.status(of: try #require(fake.state.withLock { $0.order.first })) == "cancelled")
            #expect(ledger.all[job.taskID] == nil)
        }
    }

    @Test func pollsAndDownloadsRideOutFaults() async throws {
        try await Self.withProvider { provider, fake, _, root in
            fake.failLists(.status(500), .status(429), .malformed, .gatewayPage, .status(503))
            fake.failDownloads(.status(500), .status(503))
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: root)
            let result = try await provider.generate(job) { _ in }
            #expect(result.videoFile == "video.mp4")
            #expect(FileManager.default.fileExists(atPath: job.outputDirectory.appending(path: "video.mp4").path))
            let stats = fake.stats
            #expect(stats.tasksCreated == 1)
            #expect(stats.listRequests >= 6)
            #expect(stats.downloads == 3)
        }
    }

    /// Watched without a create of its own, so a busy machine cannot turn the short time limit
    /// into an ambiguous create: only the poll is meant to time out.
    @Test func aPollThatTimesOutIsSentAgain() async throws {
        try await Self.withProvider(configure: { settings, _, _ in settings.requestTimeout = .seconds(1) }) { provider, fake, _, _ in
            fake.failLists(.stall)
            let id = fake.add().id
            var last: UpstreamSnapshot?
            for try await snapshot in await provider.poller.track(id) { last = snapshot }
            #expect(last?.phase == .succeeded)
            #expect(last?.videoURL != nil)
            #expect(fake.stats.listRequests >= 2)
        }
    }

    @Test func createsTheUpstreamRefusedAreSentAgain() async throws {
        try await Self.withProvider { provider, fake, _, root in
            fake.failCreates(.status(500), .status(429))
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: root)
            _ = try await provider.generate(job) { _ in }
            #expect(fake.stats.createRequests == 3)
            #expect(fake.stats.tasksCreated == 1)
        }
    }

    @Test(arguments: [FakeArk.Fault.acceptThenHang, .gatewayPage, .status(504)])
    func aCreateWithAnUnknownOutcomeIsNeverSentAgain(fault: FakeArk.Fault) async throws {
        try await Self.withProvider(configure: { settings, _, _ in settings.requestTimeout = .seconds(2) }) { provider, fake, ledger, root in
            fake.failCreates(fault)
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: root)
            let error = await UpstreamTest.failure { try await provider.generate(job) { _ in } }
            #expect(error?.code == "UpstreamOutcomeUnknown")
            #expect(error?.message.contains("was not sent again") == true)
            if fault == .acceptThenHang { try await Polling.until { fake.stats.tasksCreated == 1 } }
            #expect(fake.stats.createRequests == 1)
            #expect(fake.stats.tasksCreated == (fault == .acceptThenHang ? 1 : 0))
            // The "sending" note stays until the failure is stored: a run again before that (a crash
            // in between) fails the same way instead of sending it.
            #expect(ledger.all[job.taskID] != nil && ledger.all[job.taskID]?.upstreamID == nil)
            let again = await UpstreamTest.failure { try await provider.generate(job) { _ in } }
            #expect(again?.code == "UpstreamOutcomeUnknown")
            #expect(fake.stats.createRequests == 1)
        }
    }

    @Test func aRequestTheUpstreamRejectsFailsWithItsReason() async throws {
        try await Self.withProvider { provider, fake, _, root in
            fake.failCreates(.status(400))
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: root)
            let error = await UpstreamTest.failure { try await provider.generate(job) { _ in } }
            #expect(error == ProviderError(code: "InvalidParameter", message: "Injected fault 400."))
            #expect(fake.stats.createRequests == 1)
            #expect(provider.breaker.state == .closed)
        }
    }

    @Test func cancellingAJobCancelsItsQueuedUpstreamTask() async throws {
        try await Self.withProvider { provider, fake, ledger, root in
            let job = try UpstreamTest.job(UpstreamTest.spec("[stuck]"), in: root)
            let run = Task { try await provider.generate(job) { _ in } }
            try await Polling.until { fake.stats.tasksCreated > 0 }
            try await Task.sleep(for: .milliseconds(100))
            run.cancel()
            await #expect(throws: CancellationError.self) { try await run.value }
            #expect(fake.stats.deleteRequests == 1)
            #expect(fake.status(of: try #require(fake.state.withLock { $0.order.first })) == "cancelled")
            #expect(ledger.all[job.taskID] == nil)
        }
    }

    @Test func aRunningTaskOutlivesItsJobAndTheRerunResumesIt() async throws {
        try await Self.withProvider(queuedFor: .milliseconds(20)) { provider, fake, ledger, root in
            let id = GenerationTask.newID()
            let first = try UpstreamTest.job(UpstreamTest.spec("[hold]"), in: root, id: id, attempt: 1)
            let run = Task { try await provider.generate(first) { _ in } }
            // Shown as running twice: the provider has taken in the first of those answers.
            try await Polling.until { (fake.taskID().flatMap(fake.task)?.shownRunning ?? 0) >= 2 }
            run.cancel()
            await #expect(throws: CancellationError.self) { try await run.value }
            #expect(fake.stats.deleteRequests == 0)
            let upstreamID = try #require(ledger.all[id]?.upstreamID)

            fake.finish(upstreamID)
            let second = try UpstreamTest.job(UpstreamTest.spec("[hold]"), in: root, id: id, attempt: 2)
            let result = try await provider.generate(second) { _ in }
            #expect(try Data(contentsOf: second.outputDirectory.appending(path: result.videoFile)) == Data(FakeArk.mp4("\(upstreamID).mp4")))
            #expect(fake.stats.tasksCreated == 1)
            // Its note goes once the task's end is stored, not before: a run killed after saving
            // the result but before the end was stored is run again, and resumes.
            #expect(ledger.all[id]?.upstreamID == upstreamID)
            let third = try UpstreamTest.job(UpstreamTest.spec("[hold]"), in: root, id: id, attempt: 3)
            _ = try await provider.generate(third) { _ in }
            #expect(fake.stats.tasksCreated == 1)
            var ended = GenerationTask(id: id, owner: "k", dialect: .ark, spec: second.spec, createdAt: Date(), status: .running)
            await UpstreamNoteRemover(ledger: ledger, logger: UpstreamTest.quiet).taskChanged(ended)
            #expect(ledger.all[id] != nil, "removed while the task still runs")
            ended.status = .succeeded
            await UpstreamNoteRemover(ledger: ledger, logger: UpstreamTest.quiet).taskChanged(ended)
            #expect(ledger.all[id] == nil)
        }
    }

    @Test func aRunThatStoppedWhileSubmittingIsNotSubmittedAgain() async throws {
        try await Self.withProvider { provider, fake, ledger, root in
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: root, attempt: 2)
            try await ledger.record(.init(channel: "ark-test", upstreamID: nil, createdAt: Date()), for: job.taskID)
            let error = await UpstreamTest.failure { try await provider.generate(job) { _ in } }
            #expect(error?.code == "UpstreamOutcomeUnknown")
            #expect(fake.stats.createRequests == 0)
        }
    }

    @Test func aCallbackEndsTheWaitAtOnceAndItsRepeatIsHarmless() async throws {
        try await Self.withProvider(callbackRepeats: 2, configure: { settings, options, fake in
            // Polling alone would not look for two minutes.
            settings.polling.initialInterval = .seconds(120)
            settings.polling.maxInterval = .seconds(120)
            options.callbackURL = fake.callbackURL(channel: "ark-test")
        }) { provider, fake, _, root in
            fake.callbackHandler.withLock { $0 = { _, body in _ = await provider.receiveCallback(body) } }
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: root)
            let result = try await provider.generate(job) { _ in }
            #expect(result.videoFile == "video.mp4")
            #expect(fake.stats.createBodies.first?["callback_url"] == .string(fake.callbackURL(channel: "ark-test")))
            try await Polling.until { fake.stats.callbacksSent >= 2 }
            let statistics = await provider.poller.statistics
            #expect(statistics.callbacks == 2)
            #expect(statistics.listRequests == 0)
            #expect(fake.stats.downloads == 1)
            // A callback for a task nobody waits for is ignored.
            #expect(await provider.receiveCallback(Data(#"{"id":"cgt-unknown","status":"succeeded"}"#.utf8)) == false)
        }
    }

    @Test func keysStayOutOfLogsAndErrors() async throws {
        let wrongKey = "sk-wrong-key-9876543210"
        let logs = LogCapture()
        try await Self.withProvider(configure: { settings, _, _ in settings.apiKey = UpstreamSecret(wrongKey) }, logger: logs.logger) { provider, fake, _, root in
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: root)
            let error = try #require(await UpstreamTest.failure { try await provider.generate(job) { _ in } })
            #expect(error.code == "AuthenticationError")
            #expect(error.message == "The API key '<redacted>' is invalid.")
            // The key did go out, as a bearer token, and the fake echoed it back.
            #expect(fake.stats.authorizations == ["Bearer \(wrongKey)"])
        }
        let good = LogCapture()
        try await Self.withProvider(logger: good.logger) { provider, _, _, root in
            _ = try await provider.generate(try UpstreamTest.job(UpstreamTest.spec(), in: root)) { _ in }
        }
        #expect(!logs.text.isEmpty && !good.text.isEmpty)
        for text in [logs.text, good.text] {
            #expect(!text.contains(wrongKey) && !text.contains(FakeArk.key) && !text.contains("Bearer"))
        }
        #expect("\(UpstreamSecret(wrongKey))" == "<redacted>")
        #expect(String(reflecting: UpstreamSecret(wrongKey)) == "<redacted>")
    }
}
