import Foundation
import Logging
import ReelayCore
import Testing
@testable import Reelay

@Suite struct TaskEngineTests {
    /// A store, a blob store and an engine on a test provider, for one test.
    struct Harness {
        let store: SQLiteTaskStore
        let blobs: FileBlobStore
        let provider: TestProvider
        let engine: TaskEngine

        /// Runs `body` while the engine runs, then stops the engine and waits for it.
        static func run(_ provider: TestProvider, workers: Int = 2, maxAttempts: Int = 3, leaseDuration: TimeInterval = 2,
                        start: Bool = true,
                        before: (SQLiteTaskStore) async throws -> Void = { _ in },
                        _ body: (Harness, Task<Void, any Error>) async throws -> Void) async throws {
            try await TestDatabase.with { database, directory in
                let store = SQLiteTaskStore(database: database)
                try await before(store)
                var configuration = EngineConfiguration()
                configuration.workers = workers
                configuration.heartbeatInterval = 0.05
                configuration.pollInterval = 0.2
                configuration.leaseDuration = leaseDuration
                configuration.maxAttempts = maxAttempts
                let blobs = try FileBlobStore(root: directory.url.appending(path: "files"), inputs: directory.url.appending(path: "inputs"))
                let engine = TaskEngine(store: store, provider: provider, blobs: blobs, configuration: configuration,
                                        logger: Logger(label: "test"))
                let running = Task { try await engine.run() }
                do {
                    try await body(Harness(store: store, blobs: blobs, provider: provider, engine: engine), running)
                } catch {
                    running.cancel()
                    _ = try? await running.value
                    throw error
                }
                running.cancel()
                _ = try? await running.value
            }
        }

        func enqueue() async throws -> GenerationTask {
            let task = Fixtures.task()
            try await store.insert(task)
            engine.taskQueued()
            return task
        }

        /// Polls until the task is terminal, collecting the progress values seen on the way.
        func waitForTerminal(_ id: String) async throws -> (GenerationTask, [Int]) {
            var seen: [Int] = []
            let task = try await Polling.until("task \(id) to end", every: .milliseconds(20)) {
                try #require(try await store.task(id: id))
            } done: { task in
                if seen.last != task.progress { seen.append(task.progress) }
                return task.status.isTerminal
            }
            return (task, seen)
        }
    }

    @Test func runsATaskToSuccessWithRealProgress() async throws {
        try await Harness.run(TestProvider(steps: 8, stepDelay: .milliseconds(80))) { harness, _ in
            let task = try await harness.enqueue()
            let (final, progress) = try await harness.waitForTerminal(task.id)
            #expect(final.status == .succeeded)
            #expect(final.progress == 100)
            #expect(final.result?.videoFile == "video.mp4")
            #expect(harness.blobs.localFile(taskID: task.id, name: "video.mp4") != nil)
            // Intermediate values between 0 and 100 were visible while it ran, in order.
            #expect(progress.contains { $0 > 0 && $0 < 100 }, "\(progress)")
            #expect(progress == progress.sorted())
            #expect(harness.provider.runCount(task.id) == 1)
        }
    }

    @Test func providerFailureFailsTheTaskWithItsReason() async throws {
        try await Harness.run(TestProvider(failure: .invalidInput("content[1].image_url.url is not an image"))) { harness, _ in
            let task = try await harness.enqueue()
            let (final, _) = try await harness.waitForTerminal(task.id)
            #expect(final.status == .failed)
            #expect(final.failure == TaskFailure(code: "InvalidInput", message: "content[1].image_url.url is not an image"))
            #expect(harness.blobs.localFile(taskID: task.id, name: "video.mp4") == nil)
        }
    }

    @Test func everyTaskRunsExactlyOnce() async throws {
        // A long lease: a heartbeat delayed on a busy machine must not make this about leases.
        try await Harness.run(TestProvider(steps: 2, stepDelay: .milliseconds(5)), workers: 4, leaseDuration: 120) { harness, _ in
            var ids: [String] = []
            for _ in 0..<30 { ids.append(try await harness.enqueue().id) }
            for id in ids {
                let (final, _) = try await harness.waitForTerminal(id)
                #expect(final.status == .succeeded)
            }
            #expect(ids.allSatisfy { harness.provider.runCount($0) == 1 })
            #expect(harness.provider.totalRuns == 30)
        }
    }

    /// A task claimed by a process that then died (its row says running).
    static func orphan(_ store: SQLiteTaskStore) async throws -> GenerationTask {
        let task = Fixtures.task()
        try await store.insert(task)
        _ = try await store.claimNext(worker: "dead-process", leaseUntil: Date() + 3600, now: Date())
        return task
    }

    @Test func aTaskLeftRunningByADeadProcessRunsAgainAtStart() async throws {
        let orphan = OrphanBox()
        // Recovered at start, not by its lease (an hour away); a long lease keeps a starved
        // heartbeat from making this a second run.
        try await Harness.run(TestProvider(), leaseDuration: 120, before: { orphan.task = try await Self.orphan($0) }) { harness, _ in
            let id = try #require(orphan.task?.id)
            let (final, _) = try await harness.waitForTerminal(id)
            #expect(final.status == .succeeded)
            #expect(final.attempts == 2)
            #expect(harness.provider.runCount(id) == 1)
        }
    }

    @Test func aTaskThatKeepsDyingFailsInsteadOfStayingRunning() async throws {
        let orphan = OrphanBox()
        try await Harness.run(TestProvider(), maxAttempts: 1, before: { orphan.task = try await Self.orphan($0) }) { harness, _ in
            let id = try #require(orphan.task?.id)
            let (final, _) = try await harness.waitForTerminal(id)
            #expect(final.status == .failed)
            #expect(final.failure?.code == "WorkerLost")
            #expect(harness.provider.runCount(id) == 0)
        }
    }

    @Test func stoppingTheEngineHandsRunningTasksBack() async throws {
        try await Harness.run(TestProvider(steps: 100, stepDelay: .milliseconds(50))) { harness, running in
            let task = try await harness.enqueue()
            try await Polling.until("task \(task.id) to run", every: .milliseconds(20)) {
                try await harness.store.task(id: task.id)?.status == .running
            }
            running.cancel()
            _ = try? await running.value
            let final = try #require(try await harness.store.task(id: task.id))
            #expect(final.status == .queued)
            #expect(final.attempts == 0)
        }
    }
}

/// Carries a value out of a `before` closure.
final class OrphanBox: @unchecked Sendable {
    var task: GenerationTask?
}
