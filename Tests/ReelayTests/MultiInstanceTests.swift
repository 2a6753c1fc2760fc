import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ReelayCore
import Testing
@testable import Reelay

/// Several real `reelay serve` processes on one PostgreSQL database and one shared data
/// directory, rendering hundreds of short videos: every task runs exactly once, an instance
/// killed with SIGKILL loses nothing (its tasks run again elsewhere after their lease), and the
/// api and worker roles split the work. Needs REELAY_TEST_DATABASE_URL (scripts/with-postgres).
@Suite(.serialized) struct MultiInstanceTests {
    static let key = "multi-instance-key"
    let client = HTTPClient.shared

    /// One deployment under test: a database schema of its own and a shared data directory.
    struct Cluster {
        let url: String
        let directory: TemporaryDirectory

        /// Starts an instance with the settings every instance of a deployment shares.
        func start(role: String = "all") throws -> ServerProcess {
            try ServerProcess(dataDirectory: directory.url, port: try ServerProcess.freePort(), environment: [
                "REELAY_DATABASE_URL": url, "REELAY_ROLE": role, "REELAY_LEASE_SECONDS": "10",
                "REELAY_API_KEYS": MultiInstanceTests.key, "REELAY_SIGNING_KEY": "multi-instance-signing-key",
                // One key queues hundreds of tasks here, past the default of 100.
                "REELAY_LIMIT_CONCURRENT": "0",
            ])
        }

        /// Runs `body` with the deployment's task store and raw database, closed after.
        func withDatabase<T>(_ body: (Reelay.PostgresDatabase, PostgresTaskStore) async throws -> T) async throws -> T {
            let database = try await Reelay.PostgresDatabase.open(url: url, logger: TestPostgres.logger)
            do {
                let result = try await body(database, PostgresTaskStore(database: database))
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        }
    }

    func withCluster(_ body: (Cluster) async throws -> Void) async throws {
        try await TestPostgres.withSchema { url in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try await body(Cluster(url: url, directory: directory))
        }
    }

    // MARK: Tests

    @Test func twoInstancesRunTwoHundredTasksEachExactlyOnce() async throws {
        try await withCluster { cluster in
            let servers = [try cluster.start(), try cluster.start()]
            defer { servers.forEach { $0.terminate() } }
            for server in servers { try await server.waitUntilUp() }

            let ids = try await create(200, through: servers)
            try await cluster.withDatabase { _, store in
                let tasks = try await waitUntilFinished(ids, store: store, servers: servers)
                #expect(tasks.allSatisfy { $0.status == .succeeded }, "\(tasks.filter { $0.status != .succeeded }.map(\.failure))")
                #expect(tasks.allSatisfy { $0.attempts == 1 }, "tasks started more than once: \(tasks.filter { $0.attempts != 1 }.map(\.id))")
            }
            let renders = renderCounts(servers)
            #expect(ids.allSatisfy { renders[$0] == 1 }, "renders per task: \(ids.filter { renders[$0] != 1 }.map { ($0, renders[$0] ?? 0) })")
            for server in servers {
                #expect(server.output.contains("Running task"), "an instance ran nothing:\n\(server.output.suffix(2000))")
            }
            try await expectPlayableResults(ids, in: cluster.directory)
        }
    }

    @Test func tasksOfAKilledInstanceRunAgainOnTheOther() async throws {
        try await withCluster { cluster in
            let victim = try cluster.start()
            let survivor = try cluster.start()
            defer { victim.terminate(); survivor.terminate() }
            for server in [victim, survivor] { try await server.waitUntilUp() }
            let ids = try await create(120, through: [victim, survivor])

            try await cluster.withDatabase { database, store in
                // Midway, while the victim is surely rendering, kill it and note what it held.
                _ = try await Polling.until("30 tasks succeeded", limit: .seconds(300), every: .milliseconds(100),
                                            read: { try await store.counts()[.succeeded, default: 0] }, done: { $0 >= 30 })
                victim.kill9()
                let orphans = Set(try await database.texts(
                    "SELECT id FROM tasks WHERE status = 'running' AND worker LIKE '%-\(victim.process.processIdentifier)-%'"))
                #expect(!orphans.isEmpty, "the killed instance was running nothing")

                let tasks = try await waitUntilFinished(ids, store: store, servers: [survivor])
                #expect(tasks.allSatisfy { $0.status == .succeeded }, "\(tasks.filter { $0.status != .succeeded }.map(\.failure))")
                for task in tasks {
                    #expect(task.attempts == (orphans.contains(task.id) ? 2 : 1), "\(task.id) started \(task.attempts) times")
                }
                // The victim may die between claiming a task and logging its render, so its log
                // can miss an orphan's first start; `attempts` above counts those exactly.
                let victimRenders = renderCounts([victim]), survivorRenders = renderCounts([survivor])
                let settled = ids.filter { !orphans.contains($0) }
                #expect(settled.allSatisfy { victimRenders[$0, default: 0] + survivorRenders[$0, default: 0] == 1 },
                        "renders per task: \(settled.filter { victimRenders[$0, default: 0] + survivorRenders[$0, default: 0] != 1 })")
                #expect(orphans.allSatisfy { victimRenders[$0, default: 0] <= 1 }, "the victim started an orphan twice")
                #expect(orphans.allSatisfy { survivorRenders[$0] == 1 }, "the survivor did not take over every orphan")
            }
            try await expectPlayableResults(ids, in: cluster.directory)
        }
    }

    /// Instances come and go (deploys, scaling) while others render in the shared directory.
    @Test func aStartingInstanceLeavesTheRendersOfOthersAlone() async throws {
        try await withCluster { cluster in
            let first = try cluster.start()
            defer { first.terminate() }
            try await first.waitUntilUp()
            let (status, created) = try await request(first, .POST, "/v1/video/generations", body: """
                {"model": "doubao-seedance-1-0-pro-250528", "resolution": "1080p",
                 "content": [{"type": "text", "text": "a long journey --dur 12"}]}
                """)
            let id = try #require(created["id"]?.stringValue, "\(status) \(created)")
            try await cluster.withDatabase { _, store in
                _ = try await Polling.until("the render of \(id) under way", every: .milliseconds(100),
                                            read: { try await store.task(id: id)?.progress ?? 0 }, done: { $0 > 0 })
                let second = try cluster.start()
                defer { second.terminate() }
                try await second.waitUntilUp()
                let task = try #require(try await waitUntilFinished([id], store: store, servers: [first, second]).first)
                #expect(task.status == .succeeded && task.attempts == 1, "\(task.status) \(String(describing: task.failure))")
            }
        }
    }

    @Test func anAPIInstanceRunsNothingAndAWorkerInstanceRunsEverything() async throws {
        try await withCluster { cluster in
            let api = try cluster.start(role: "api")
            defer { api.terminate() }
            try await api.waitUntilUp()
            let ids = try await create(10, through: [api])
            try await Task.sleep(for: .seconds(4))
            try await cluster.withDatabase { _, store in
                let counts = try await store.counts()
                #expect(counts == [.queued: 10], "the api instance ran tasks")
            }
            let queued = try await request(api, .GET, "/v1/video/generations/\(ids[0])")
            #expect(queued.1["data"]?["status"] == "QUEUED", "\(queued)")

            let worker = try cluster.start(role: "worker")
            defer { worker.terminate() }
            try await worker.waitUntilUp()
            let (status, _) = try await request(worker, .POST, "/v1/video/generations", body: Self.body(0))
            #expect(status == 404, "a worker instance serves no API")
            try await cluster.withDatabase { _, store in
                let tasks = try await waitUntilFinished(ids, store: store, servers: [api, worker])
                #expect(tasks.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
            }
            #expect(!api.output.contains("Running task"))
            // The api instance answers with links to the worker's files on the shared directory.
            let (_, done) = try await request(api, .GET, "/v1/video/generations/\(ids[0])")
            let link = try #require(done["data"]?["result_url"]?.stringValue, "\(done)")
            let response = try await client.execute(HTTPClientRequest(url: link), timeout: .seconds(10))
            #expect(response.status == .ok)
            #expect(try await response.body.collect(upTo: 64 << 20).readableBytes > 1000)
        }
    }

    // MARK: Helpers

    static func body(_ index: Int) -> String {
        """
        {"model": "doubao-seedance-1-0-lite-t2v-250428", "duration": 2, "resolution": "480p",
         "content": [{"type": "text", "text": "instance test \(index)"}]}
        """
    }

    func request(_ server: ServerProcess, _ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (Int, JSONValue) {
        try await request(server.baseURL, method, path, body: body)
    }

    func request(_ baseURL: String, _ method: HTTPMethod, _ path: String, key: String = Self.key, body: String? = nil) async throws -> (Int, JSONValue) {
        try await ServerProcess.request(baseURL, method, path, key: key, body: body)
    }

    /// Creates `count` tasks, spread over `servers` in turn, eight requests at a time.
    func create(_ count: Int, through servers: [ServerProcess], key: String = Self.key) async throws -> [String] {
        let addresses = servers.map(\.baseURL)
        return try await withThrowingTaskGroup(of: String.self) { group in
            var ids: [String] = []
            for index in 0..<count {
                if index >= 8, let id = try await group.next() { ids.append(id) }
                group.addTask {
                    let (status, created) = try await request(addresses[index % addresses.count], .POST, "/v1/video/generations",
                                                              key: key, body: Self.body(index))
                    guard status == 200, let id = created["id"]?.stringValue else {
                        throw Shell.ShellError(description: "create failed: \(status) \(created)")
                    }
                    return id
                }
            }
            for try await id in group { ids.append(id) }
            return ids
        }
    }

    /// Waits until every task has ended, then returns them all.
    func waitUntilFinished(_ ids: [String], store: PostgresTaskStore, servers: [ServerProcess]) async throws -> [GenerationTask] {
        _ = try? await Polling.until("every task ended", limit: .seconds(900), every: .milliseconds(250),
                                     read: { try await store.counts() },
                                     done: { $0[.queued, default: 0] + $0[.running, default: 0] == 0 })
        var tasks: [GenerationTask] = []
        for id in ids { tasks.append(try #require(try await store.task(id: id))) }
        let unfinished = tasks.filter { !$0.status.isTerminal }
        #expect(unfinished.isEmpty, "still unfinished: \(unfinished.map(\.id))\n\(servers.map { $0.output.suffix(3000) })")
        return tasks
    }

    /// How many renders each task started, from the instances' logs ("Running task" lines).
    func renderCounts(_ servers: [ServerProcess]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for server in servers {
            for line in server.output.split(separator: "\n") where line.contains("Running task") {
                guard let range = line.range(of: #"task=cgt-[0-9A-Za-z-]+"#, options: .regularExpression) else { continue }
                counts[String(line[range].dropFirst("task=".count)), default: 0] += 1
            }
        }
        return counts
    }

    /// Every result is a real 2-second 480p video in the shared data directory.
    func expectPlayableResults(_ ids: [String], in directory: TemporaryDirectory) async throws {
        for id in ids {
            let probe = try await Probe(directory.url.appending(path: "files/\(id)/video.mp4"))
            #expect(probe.height == 480 && abs(probe.duration - 2) < 0.2, "\(id): \(probe)")
        }
    }
}
