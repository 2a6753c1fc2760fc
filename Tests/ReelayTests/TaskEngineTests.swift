import Foundation
import Logging
import ReelayCore
import Testing
@testable import Reelay

@Suite struct TaskEngineTests {
    let directory: TemporaryDirectory
    let store: SQLiteTaskStore
    let blobs: FileBlobStore

    init() async throws {
        directory = try TemporaryDirectory()
        let database = try await SQLiteDatabase.open(path: directory.url.appending(path: "db.sqlite").path, logger: Logger(label: "test"))
        store = SQLiteTaskStore(database: database)
        blobs = try FileBlobStore(root: directory.url.appending(path: "files"))
    }

    func engine(_ provider: TestProvider, workers: Int = 2, maxAttempts: Int = 3) -> TaskEngine {
        var configuration = EngineConfiguration()
        configuration.workers = workers
        configuration.heartbeatInterval = 0.05
        configuration.pollInterval = 0.2
        configuration.leaseDuration = 2
        configuration.maxAttempts = maxAttempts
        return TaskEngine(store: store, provider: provider, blobs: blobs, configuration: configuration, logger: Logger(label: "test"))
    }

    /// Polls until the task is terminal, collecting the progress values seen on the way.
    func waitForTerminal(_ id: String, timeout: Duration = .seconds(20)) async throws -> (GenerationTask, [Int]) {
        var seen: [Int] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let task = try #require(try await store.task(id: id))
            if seen.last != task.progress { seen.append(task.progress) }
            if task.status.isTerminal { return (task, seen) }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("task \(id) did not finish in time")
        return (try #require(try await store.task(id: id)), seen)
    }

    @Test func runsATaskToSuccessWithRealProgress() async throws {
        let provider = TestProvider(steps: 8, stepDelay: .milliseconds(80))
        let engine = engine(provider)
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let task = Fixtures.task()
        try await store.insert(task)
        engine.taskQueued()
        let (final, progress) = try await waitForTerminal(task.id)
        #expect(final.status == .succeeded)
        #expect(final.progress == 100)
        #expect(final.result?.videoFile == "video.mp4")
        #expect(blobs.file(taskID: task.id, name: "video.mp4") != nil)
        // Intermediate values between 0 and 100 were visible while it ran, in order.
        #expect(progress.contains { $0 > 0 && $0 < 100 })
        #expect(progress == progress.sorted())
        #expect(provider.runCount(task.id) == 1)
    }

    @Test func providerFailureFailsTheTaskWithItsReason() async throws {
        let engine = engine(TestProvider(failure: .invalidInput("content[1].image_url.url is not an image")))
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let task = Fixtures.task()
        try await store.insert(task)
        engine.taskQueued()
        let (final, _) = try await waitForTerminal(task.id)
        #expect(final.status == .failed)
        #expect(final.failure == TaskFailure(code: "InvalidInput", message: "content[1].image_url.url is not an image"))
        #expect(blobs.file(taskID: task.id, name: "video.mp4") == nil)
    }

    @Test func everyTaskRunsExactlyOnce() async throws {
        let provider = TestProvider(steps: 2, stepDelay: .milliseconds(5))
        let engine = engine(provider, workers: 4)
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        var ids: [String] = []
        for _ in 0..<30 {
            let task = Fixtures.task()
            ids.append(task.id)
            try await store.insert(task)
            engine.taskQueued()
        }
        for id in ids {
            let (final, _) = try await waitForTerminal(id)
            #expect(final.status == .succeeded)
        }
        #expect(ids.allSatisfy { provider.runCount($0) == 1 })
        #expect(provider.totalRuns == 30)
    }

    @Test func aTaskLeftRunningByADeadProcessRunsAgainAtStart() async throws {
        let task = Fixtures.task()
        try await store.insert(task)
        _ = try await store.claimNext(worker: "dead-process", leaseUntil: Date() + 3600, now: Date())
        let provider = TestProvider()
        let engine = engine(provider)
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let (final, _) = try await waitForTerminal(task.id)
        #expect(final.status == .succeeded)
        #expect(final.attempts == 2)
        #expect(provider.runCount(task.id) == 1)
    }

    @Test func aTaskThatKeepsDyingFailsInsteadOfStayingRunning() async throws {
        let task = Fixtures.task()
        try await store.insert(task)
        _ = try await store.claimNext(worker: "dead-process", leaseUntil: Date() + 3600, now: Date())
        let provider = TestProvider()
        let engine = engine(provider, maxAttempts: 1)
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let (final, _) = try await waitForTerminal(task.id)
        #expect(final.status == .failed)
        #expect(final.failure?.code == "WorkerLost")
        #expect(provider.runCount(task.id) == 0)
    }

    @Test func cancellingTheEngineHandsRunningTasksBack() async throws {
        let provider = TestProvider(steps: 100, stepDelay: .milliseconds(50))
        let engine = engine(provider)
        let running = Task { try await engine.run() }
        let task = Fixtures.task()
        try await store.insert(task)
        engine.taskQueued()
        while try await store.task(id: task.id)?.status != .running { try await Task.sleep(for: .milliseconds(20)) }
        running.cancel()
        _ = try? await running.value
        let final = try #require(try await store.task(id: task.id))
        #expect(final.status == .queued)
        #expect(final.attempts == 0)
    }
}
