import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore
import Testing
@testable import Reelay

/// `RoutingProvider`: channel choice, failover only while nothing was accepted, the circuit
/// breaker, full channels, and reruns that go back to their upstream task.
@Suite("Upstream: routing")
struct UpstreamRoutingTests {
    static let environment: UpstreamEnvironment = ["ARK_A_KEY": FakeArk.key, "ARK_B_KEY": FakeArk.key]
    static let fast = RoutingConfiguration.Polling(initialInterval: 0.04, maxInterval: 0.12, vanishRounds: 3)
    static let quickRetry = RoutingConfiguration.Retry(attempts: 2, baseDelay: 0.02, maxDelay: 0.05)

    static func ark(_ name: String, _ baseURL: String, key: String = "ARK_A_KEY") -> RoutingConfiguration.Channel {
        var channel = RoutingConfiguration.Channel(name: name, kind: .ark, baseURL: baseURL, apiKeyEnv: key)
        // Safety limits only: the full test suite can keep this process off the CPU for many seconds.
        channel.requestTimeout = 60
        channel.taskTimeout = 120
        return channel
    }

    static func routing(_ configuration: RoutingConfiguration, client: HTTPClient, local: Mp4Provider, directory: URL,
                        ledger: any UpstreamLedger = MemoryUpstreamLedger(),
                        random: @escaping @Sendable () -> Double = { 0 },
                        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) throws -> RoutingProvider {
        var configuration = configuration
        configuration.polling = configuration.polling ?? fast
        configuration.retry = configuration.retry ?? quickRetry
        configuration.circuitBreaker = configuration.circuitBreaker ?? .init(failureThreshold: 2, coolDown: 0.3)
        return try RoutingProvider(configuration: configuration, environment: environment, local: local, httpClient: client,
                                   ledger: ledger, logger: UpstreamTest.quiet, random: random,
                                   now: now)
    }

    @Test func withoutARoutingFileEverythingRendersLocally() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let local = Mp4Provider()
        try await UpstreamTest.withClient { client in
            let routing = try RoutingProvider.load(file: nil, environment: [:], local: local, httpClient: client,
                                                   ledger: MemoryUpstreamLedger(), logger: UpstreamTest.quiet)
            #expect(routing.channelNames == ["local"])
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: directory.url)
            _ = try await routing.generate(job) { _ in }
            #expect(local.taskIDs == [job.taskID])
            // No upstream, no ledger folder.
            #expect(!FileManager.default.fileExists(atPath: directory.url.appending(path: "upstream").path))
        }
    }

    @Test func aRefusedCreateFailsOverToTheNextChannel() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with { first in
            try await FakeArk.with { second in
                try await UpstreamTest.withClient { client in
                    let configuration = RoutingConfiguration(channels: [Self.ark("a", first.arkBase), Self.ark("b", second.arkBase, key: "ARK_B_KEY")],
                                                             routes: ["*": [.init(channel: "a"), .init(channel: "b")]])
                    let routing = try Self.routing(configuration, client: client, local: Mp4Provider(), directory: directory.url)
                    first.failCreates(.status(500), .status(503))
                    let job = try UpstreamTest.job(UpstreamTest.spec(), in: directory.url)
                    let result = try await routing.generate(job) { _ in }
                    #expect(result.videoFile == "video.mp4")
                    #expect(first.stats.createRequests == 2 && first.stats.tasksCreated == 0)
                    #expect(second.stats.tasksCreated == 1)
                }
            }
        }
    }

    @Test func anUnreachableChannelFailsOverWithoutAnUnknownOutcome() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let closedPort = try ServerProcess.freePort()
        try await FakeArk.with { second in
            try await UpstreamTest.withClient { client in
                var unreachable = Self.ark("a", "http://127.0.0.1:\(closedPort)/api/v3")
                unreachable.retry = .init(attempts: 1)
                // The HTTP client keeps trying to connect until the request's time limit.
                unreachable.requestTimeout = 0.5
                let configuration = RoutingConfiguration(channels: [unreachable, Self.ark("b", second.arkBase)],
                                                         routes: ["*": [.init(channel: "a"), .init(channel: "b")]])
                let routing = try Self.routing(configuration, client: client, local: Mp4Provider(), directory: directory.url)
                let job = try UpstreamTest.job(UpstreamTest.spec(), in: directory.url)
                _ = try await routing.generate(job) { _ in }
                #expect(second.stats.tasksCreated == 1)
            }
        }
    }

    /// A create that waited for a pooled connection until its time limit never left: it fails
    /// over instead of being reported as an unknown outcome (the client's error alone is the same
    /// "deadline exceeded" as for a create that went out and got no answer).
    @Test func aCreateThatNeverGotAConnectionFailsOver() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with { first in
            try await FakeArk.with { second in
                // One connection per host: a create that hangs on it keeps the next one waiting.
                try await UpstreamTest.withClient(connectionsPerHost: 1) { client in
                    // Waits for its hanging create however long the other job takes.
                    var patient = Self.ark("patient", first.arkBase)
                    patient.requestTimeout = 600
                    var hasty = Self.ark("hasty", first.arkBase)
                    hasty.requestTimeout = 1
                    hasty.retry = .init(attempts: 1)
                    let configuration = RoutingConfiguration(
                        channels: [patient, hasty, Self.ark("spare", second.arkBase)],
                        routes: ["doubao-seedance-2.0": [.init(channel: "patient")], "*": [.init(channel: "hasty"), .init(channel: "spare")]])
                    let routing = try Self.routing(configuration, client: client, local: Mp4Provider(), directory: directory.url)
                    first.failCreates(.acceptThenHang)
                    let holder = Task {
                        try await routing.generate(try UpstreamTest.job(UpstreamTest.spec(model: "doubao-seedance-2.0"), in: directory.url)) { _ in }
                    }
                    try await Polling.until { first.stats.tasksCreated == 1 }

                    let result = try await routing.generate(try UpstreamTest.job(UpstreamTest.spec(), in: directory.url)) { _ in }
                    #expect(result.videoFile == "video.mp4")
                    #expect(first.stats.createRequests == 1)
                    #expect(second.stats.tasksCreated == 1)

                    first.release()
                    _ = try await holder.value
                    #expect(first.stats.tasksCreated == 1)
                }
            }
        }
    }

    @Test func thereIsNoFailoverOnceAnUpstreamAcceptedTheTask() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with { first in
            try await FakeArk.with { second in
                try await UpstreamTest.withClient { client in
                    let configuration = RoutingConfiguration(channels: [Self.ark("a", first.arkBase), Self.ark("b", second.arkBase)],
                                                             routes: ["*": [.init(channel: "a"), .init(channel: "b")]])
                    let routing = try Self.routing(configuration, client: client, local: Mp4Provider(), directory: directory.url)
                    for (prompt, code) in [("[fail]", "OutputVideoSensitiveContentDetected"), ("[vanish]", "UpstreamTaskVanished")] {
                        let job = try UpstreamTest.job(UpstreamTest.spec(prompt), in: directory.url)
                        let error = await UpstreamTest.failure { try await routing.generate(job) { _ in } }
                        #expect(error?.code.rawValue == code)
                    }
                    #expect(first.stats.tasksCreated == 2)
                    #expect(second.stats.createRequests == 0)
                }
            }
        }
    }

    @Test func anAmbiguousCreateDoesNotFailOver() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with { first in
            try await FakeArk.with { second in
                try await UpstreamTest.withClient { client in
                    var a = Self.ark("a", first.arkBase)
                    a.requestTimeout = 2
                    let configuration = RoutingConfiguration(channels: [a, Self.ark("b", second.arkBase)],
                                                             routes: ["*": [.init(channel: "a"), .init(channel: "b")]])
                    let routing = try Self.routing(configuration, client: client, local: Mp4Provider(), directory: directory.url)
                    first.failCreates(.acceptThenHang)
                    let error = await UpstreamTest.failure { try await routing.generate(try UpstreamTest.job(UpstreamTest.spec(), in: directory.url)) { _ in } }
                    #expect(error?.code == "UpstreamOutcomeUnknown")
                    try await Polling.until { first.stats.tasksCreated == 1 }
                    #expect(first.stats.createRequests == 1)
                    #expect(second.stats.createRequests == 0)
                }
            }
        }
    }

    @Test func theCircuitBreakerOpensAndRecovers() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let local = Mp4Provider()
        try await FakeArk.with { fake in
            try await UpstreamTest.withClient { client in
                var channel = Self.ark("a", fake.arkBase)
                channel.retry = .init(attempts: 1)
                channel.circuitBreaker = .init(failureThreshold: 2, coolDown: 30)
                let configuration = RoutingConfiguration(channels: [channel], routes: ["*": [.init(channel: "a"), .init(channel: "local")]])
                // The breaker's time moves only when the test says so.
                let clock = ManualClock()
                let routing = try Self.routing(configuration, client: client, local: local, directory: directory.url, now: clock.now)
                let breaker = try #require(routing.channel(named: "a") as? ArkProvider).breaker
                fake.failCreates(.status(500), .status(500))

                for _ in 0..<3 { _ = try await routing.generate(try UpstreamTest.job(UpstreamTest.spec(), in: directory.url)) { _ in } }
                // Two refusals opened it; the third job went to the next channel without asking.
                #expect(fake.stats.createRequests == 2)
                #expect(local.taskIDs.count == 3)
                #expect(breaker.state == .open)

                clock.advance(by: .seconds(29))
                #expect(breaker.state == .open)
                clock.advance(by: .seconds(1))
                #expect(breaker.state == .halfOpen)
                _ = try await routing.generate(try UpstreamTest.job(UpstreamTest.spec(), in: directory.url)) { _ in }
                #expect(fake.stats.tasksCreated == 1)
                #expect(local.taskIDs.count == 3)
                #expect(breaker.state == .closed)
            }
        }
    }

    @Test func aFullChannelPassesWorkToTheNextAndWaitsWhenAllAreFull() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let local = Mp4Provider()
        try await FakeArk.with(queuedFor: .milliseconds(20)) { fake in
            try await UpstreamTest.withClient { client in
                var channel = Self.ark("a", fake.arkBase)
                channel.maxConcurrent = 1
                let configuration = RoutingConfiguration(channels: [channel], routes: [
                    "*": [.init(channel: "a"), .init(channel: "local")],
                    "doubao-seedance-2.0": [.init(channel: "a")],
                ])
                let routing = try Self.routing(configuration, client: client, local: local, directory: directory.url)
                // The first job holds the channel's only slot until the test lets its task finish.
                let first = Task { try await routing.generate(try UpstreamTest.job(UpstreamTest.spec("[hold]"), in: directory.url)) { _ in } }
                try await Polling.until { fake.stats.tasksCreated > 0 }
                _ = try await routing.generate(try UpstreamTest.job(UpstreamTest.spec(), in: directory.url)) { _ in }
                #expect(local.taskIDs.count == 1)
                #expect(fake.stats.tasksCreated == 1)

                // With no other channel, a job waits for the slot instead of failing.
                let waiting = Task {
                    try await routing.generate(try UpstreamTest.job(UpstreamTest.spec(model: "doubao-seedance-2.0"), in: directory.url)) { _ in }
                }
                let slots = try #require((routing.channel(named: "a") as? ArkProvider)?.runner.gate.slots)
                try await Polling.until { slots.waiting == 1 }
                fake.finish(try #require(fake.taskID()))
                _ = try await first.value
                _ = try await waiting.value
                #expect(fake.stats.tasksCreated == 2)
                #expect(local.taskIDs.count == 1)
            }
        }
    }

    @Test func aRerunGoesBackToTheChannelHoldingItsTask() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with { first in
            try await FakeArk.with(queuedFor: .milliseconds(20)) { second in
                try await UpstreamTest.withClient { client in
                    var a = Self.ark("a", first.arkBase)
                    a.retry = .init(attempts: 1)
                    let configuration = RoutingConfiguration(channels: [a, Self.ark("b", second.arkBase)],
                                                             routes: ["*": [.init(channel: "a"), .init(channel: "b")]])
                    let routing = try Self.routing(configuration, client: client, local: Mp4Provider(), directory: directory.url)
                    first.failCreates(.status(500))
                    let id = GenerationTask.newID()
                    let run = Task { try await routing.generate(try UpstreamTest.job(UpstreamTest.spec("[hold]"), in: directory.url, id: id)) { _ in } }
                    try await Polling.until { (second.taskID().flatMap(second.task)?.shownRunning ?? 0) >= 2 }
                    run.cancel()
                    _ = try? await run.value

                    // Channel a would take a new task now; the rerun still goes to b, where its task runs.
                    second.finish(try #require(second.taskID()))
                    _ = try await routing.generate(try UpstreamTest.job(UpstreamTest.spec("[hold]"), in: directory.url, id: id, attempt: 2)) { _ in }
                    #expect(first.stats.tasksCreated == 0)
                    #expect(second.stats.tasksCreated == 1)
                }
            }
        }
    }

    @Test func aRerunWhoseChannelWasRemovedFailsClearly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await UpstreamTest.withClient { client in
            let configuration = RoutingConfiguration(channels: [Self.ark("a", "http://127.0.0.1:9/api/v3")], routes: ["*": [.init(channel: "a")]])
            let ledger = MemoryUpstreamLedger()
            let routing = try Self.routing(configuration, client: client, local: Mp4Provider(), directory: directory.url, ledger: ledger)
            let job = try UpstreamTest.job(UpstreamTest.spec(), in: directory.url, attempt: 2)
            try await ledger.record(.init(channel: "gone", upstreamID: "cgt-1", createdAt: Date()), for: job.taskID)
            let error = await UpstreamTest.failure { try await routing.generate(job) { _ in } }
            #expect(error?.code == "UpstreamOutcomeUnknown")
            #expect(error?.message.contains("gone") == true)
        }
    }

    @Test func routesPickChannelsByModelAliasTierAndWeight() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = RoutingConfiguration(
            channels: [Self.ark("a", "https://ark.example/api/v3"), Self.ark("b", "https://ark2.example/api/v3")],
            routes: [
                "doubao-seedance-1-5-pro-251215": [.init(channel: "a", weight: 3, priority: 0), .init(channel: "b", weight: 1, priority: 0),
                                                   .init(channel: "local", priority: 1)],
                "seedance-fast": [.init(channel: "b"), .init(channel: "a")],
            ],
            aliases: ["my-fast": "seedance-fast"])
        // No request is made: the shared client only has to exist.
        func order(_ model: String, random: Double) throws -> [String] {
            try Self.routing(configuration, client: .shared, local: Mp4Provider(), directory: directory.url, random: { random })
                .candidates(for: UpstreamTest.spec(model: model))
        }
        #expect(try order("doubao-seedance-1-5-pro-251215", random: 0.1) == ["a", "b", "local"])
        #expect(try order("doubao-seedance-1-5-pro-251215", random: 0.9) == ["b", "a", "local"])
        #expect(try order("seedance-fast", random: 0.5) == ["b", "a"])
        #expect(try order("my-fast", random: 0.5) == ["b", "a"])
        #expect(try order("doubao-seedance-2.0", random: 0.5) == ["local"])
    }
}

