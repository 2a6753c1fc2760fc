import Foundation
import Logging
import ReelayCore
import Testing
@testable import Reelay

/// Parked upstream tasks against the fake Ark on a real SQLite store: the poller's rounds are
/// driven by hand (`round(now:)`), so nothing here races a clock; waits are hang guards only.
@Suite("Upstream: parked tasks")
struct UpstreamParkingTests {
    /// A SQLite store, an Ark channel on the fake and a poller of it.
    struct Rig {
        let store: SQLiteTaskStore
        let ledger: SQLiteUpstreamLedger
        let provider: ArkProvider
        let poller: UpstreamPoller
        let fake: FakeArk
        let directory: URL

        /// Sends a task to the fake Ark as a worker would, and parks it due at `due`.
        func parkedTask(due: Date = Date()) async throws -> (task: GenerationTask, upstreamID: String) {
            let spec = UpstreamTest.spec()
            let body = try provider.runner.backend.encode(spec, model: spec.model)
            let upstreamID = try await provider.runner.backend.create(body)
            try await store.insert(GenerationTask(id: GenerationTask.newID(), owner: "alice", dialect: .ark, spec: spec, createdAt: Date()))
            let task = try #require(try await store.claimNext(worker: "w", leaseUntil: Date() + 30, now: Date()))
            let sentAt = Date()
            try await ledger.record(.init(channel: provider.name, upstreamID: upstreamID, createdAt: sentAt), for: task.id)
            let wait = UpstreamWait(channel: provider.name, upstreamID: upstreamID, since: sentAt, nextLook: due, interval: 0.05)
            #expect(try await store.park(id: task.id, worker: "w", wait: wait, progress: 1, now: Date()))
            return (task, upstreamID)
        }

        static func with(queuedFor: Duration = .seconds(600), runningFor: Duration = .seconds(600),
                         _ body: (Rig) async throws -> Void) async throws {
            try await FakeArk.with(queuedFor: queuedFor, runningFor: runningFor) { fake in
                try await UpstreamTest.withClient { client in
                    try await TestDatabase.with { database, directory in
                        let store = SQLiteTaskStore(database: database)
                        let ledger = SQLiteUpstreamLedger(database: database)
                        let provider = ArkProvider(settings: UpstreamTest.settings(fake.arkBase), httpClient: client, ledger: ledger,
                                                   logger: UpstreamTest.quiet)
                        let poller = UpstreamPoller(store: store, channels: [try #require(provider.polled)], events: NoTaskEvents(),
                                                    logger: UpstreamTest.quiet)
                        try await body(Rig(store: store, ledger: ledger, provider: provider, poller: poller, fake: fake, directory: directory.url))
                    }
                }
            }
        }
    }

    @Test func aRoundAsksArkAboutAHundredParkedTasksPerListRequest() async throws {
        try await Rig.with { rig in
            for _ in 0..<250 { _ = try await rig.parkedTask() }
            let before = rig.fake.stats.listRequests
            let now = Date()
            let round = await rig.poller.round(now: now)
            #expect(round.tasks == 250)
            #expect(round.requests == 3)
            #expect(rig.fake.stats.listRequests - before == 3)
            #expect(rig.fake.stats.maxIDsInAList == 100)
            // Every task was parked again for later: an immediate second round has nothing to do.
            let again = await rig.poller.round(now: now)
            #expect(again.tasks == 0 && again.requests == 0)
        }
    }

    @Test func aCallbackWakesAParkedTask() async throws {
        try await Rig.with { rig in
            let (task, upstreamID) = try await rig.parkedTask(due: Date() + 3600)
            #expect(await rig.poller.round(now: Date()).tasks == 0)
            let body = try JSONValue.object(["id": .string(upstreamID), "status": "running"]).encoded()
            #expect(await rig.poller.receiveCallback(channel: rig.provider.name, body: body))
            #expect(await rig.poller.receiveCallback(channel: rig.provider.name, body: Data(#"{"id":"cgt-unknown"}"#.utf8)) == false)
            let round = await rig.poller.round(now: Date())
            #expect(round.tasks == 1)
            #expect(try await rig.store.task(id: task.id)?.status == .running)
        }
    }

    @Test func cancellingAParkedTaskCancelsItsQueuedUpstreamTask() async throws {
        try await Rig.with { rig in
            let (task, upstreamID) = try await rig.parkedTask(due: Date() + 3600)
            let cancelled = try await rig.store.finish(id: task.id, worker: nil, from: [.queued, .running], to: .cancelled, result: nil,
                                                       failure: TaskFailure(code: .cancelled, message: "cancelled"), now: Date())
            #expect(cancelled?.status == .cancelled)
            _ = await rig.poller.round(now: Date())
            #expect(rig.fake.stats.deleteRequests == 1)
            #expect(rig.fake.task(upstreamID)?.cancelled == true)
            #expect(try await rig.ledger.entry(for: task.id) == nil)
            // Cleaned up once.
            _ = await rig.poller.round(now: Date() + 60)
            #expect(rig.fake.stats.deleteRequests == 1)
        }
    }

    @Test func aTaskThatSucceededUpstreamGoesToAWorkerWithoutANewAttempt() async throws {
        try await Rig.with(queuedFor: .zero, runningFor: .zero) { rig in
            let (task, _) = try await rig.parkedTask()
            // The fake finishes it at once; a round hands it to a worker (nothing failed).
            let round = await rig.poller.round(now: Date())
            #expect(round.handOffs == 1)
            let ready = try #require(try await rig.store.claimNext(worker: "w2", leaseUntil: Date() + 30, now: Date()))
            #expect(ready.id == task.id && ready.attempts == 1)
        }
    }

    @Test func aTaskParkedWhenItsInstanceStoppedIsResumedByANewEngineWithoutBeingSentAgain() async throws {
        try await Rig.with(queuedFor: .zero, runningFor: .milliseconds(50)) { rig in
            let (task, _) = try await rig.parkedTask()
            #expect(rig.fake.stats.createRequests == 1)
            // A new engine on the same store: the parked task is no orphan, the poller hands it
            // over once done, and the worker's resume path looks once, downloads and finishes.
            var configuration = EngineConfiguration()
            configuration.workers = 1
            configuration.pollInterval = 0.05
            configuration.recoverAllRunningOnStart = true
            let blobs = try FileBlobStore(root: rig.directory.appending(path: "files"), inputs: rig.directory.appending(path: "inputs"))
            let engine = TaskEngine(store: rig.store, provider: rig.provider, blobs: blobs,
                                    events: UpstreamNoteRemover(ledger: rig.ledger, logger: UpstreamTest.quiet), configuration: configuration,
                                    parking: rig.store, logger: UpstreamTest.quiet)
            let running = Task { try await engine.run() }
            defer { running.cancel() }
            try await Polling.until("the parked task to succeed") {
                _ = await rig.poller.round(now: Date())
                engine.taskQueued()
                return try await rig.store.task(id: task.id)?.status == .succeeded
            }
            #expect(rig.fake.stats.createRequests == 1)
            #expect(try await rig.store.task(id: task.id)?.attempts == 1)
            #expect(try await rig.ledger.entry(for: task.id) == nil)
        }
    }

    /// With one worker and upstream tasks held running upstream, a local render still starts
    /// and finishes: parked tasks hold no worker. The held tasks end only when the fake is told,
    /// so nothing here depends on timing.
    @Test func parkedUpstreamTasksLeaveTheOnlyWorkerFreeForALocalRender() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with(queuedFor: .milliseconds(20)) { fake in
            var configuration = TestServer.configuration(directory)
            configuration.port = try ServerProcess.freePort()
            configuration.upstreamsFile = try UpstreamEndToEndTests.routingFile(
                in: directory.url, fake: fake, reelayPort: configuration.port, routes: ["doubao-seedance-1-5-pro-251215": ["ark"], "*": ["local"]])
            configuration.upstreamEnvironment = ["FAKE_ARK_KEY": FakeArk.key]
            configuration.engine.workers = 1
            let local = Mp4Provider()
            try await UpstreamEndToEndTests.withServer(configuration, provider: local) {
                let port = configuration.port
                var held: [String] = []
                for n in 1...3 { held.append(try await UpstreamEndToEndTests.create(port, prompt: "a kite \(n) [hold]")) }
                try await Polling.until("the upstream to hold the three tasks") { fake.stats.tasksCreated == 3 }

                let (status, answer, _) = try await UpstreamEndToEndTests.call(.POST, port, "/api/v3/contents/generations/tasks", json: [
                    "model": "doubao-seedance-1-0-lite-t2v-250428", "content": [["type": "text", "text": "a local paper boat"]],
                    "duration": 2, "resolution": "480p", "ratio": "16:9",
                ])
                try #require(status == 200, "create answered \(status): \(answer)")
                let localID = try #require(answer["id"]?.stringValue)
                let rendered = try await UpstreamEndToEndTests.awaitEnd(port, localID)
                #expect(rendered["status"] == "succeeded")
                #expect(local.taskIDs == [localID])
                // The upstream tasks are still running upstream, and to their clients.
                for id in held {
                    let (_, task, _) = try await UpstreamEndToEndTests.call(.GET, port, "/api/v3/contents/generations/tasks/\(id)")
                    #expect(task["status"] == "running", "\(task)")
                }

                for index in 0..<3 { fake.finish(try #require(fake.taskID(index))) }
                for id in held { #expect(try await UpstreamEndToEndTests.awaitEnd(port, id)["status"] == "succeeded") }
                #expect(fake.stats.tasksCreated == 3)
                // The poller's counts are on /metrics: each held task was handed to the worker once.
                let (_, _, metrics) = try await UpstreamEndToEndTests.call(.GET, port, "/metrics")
                let handOffs = String(decoding: metrics, as: UTF8.self).split(separator: "\n")
                    .first { $0.hasPrefix("reelay_upstream_poller_hand_offs ") }
                #expect(handOffs.flatMap { Double($0.split(separator: " ")[1]) } == 3, "\(handOffs ?? "no hand_offs line")")
            }
        }
    }
}
