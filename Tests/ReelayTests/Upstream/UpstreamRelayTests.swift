import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore
import Testing
@testable import Reelay

/// `RelayProvider`: another gateway as the upstream, through the fake (seed A) and through a
/// real Reelay in each dialect it relays.
@Suite("Upstream: relay provider")
struct UpstreamRelayTests {
    static func withRelay(_ dialect: DialectID, baseURL: @escaping @Sendable (FakeArk) -> String = { $0.base }, timeout: Duration = .seconds(60),
                          _ body: @Sendable (RelayProvider, FakeArk, URL) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with { fake in
            try await UpstreamTest.withClient { client in
                let ledger = MemoryUpstreamLedger()
                var settings = UpstreamTest.settings(baseURL(fake), name: "reseller")
                settings.requestTimeout = timeout
                let relay = try RelayProvider(settings: settings, dialect: dialect,
                                              httpClient: client, ledger: ledger, logger: UpstreamTest.quiet)
                try await body(relay, fake, directory.url)
            }
        }
    }

    @Test func relaysThroughTheFakeInSeedA() async throws {
        try await Self.withRelay(.anyfast) { relay, fake, root in
            let job = try UpstreamTest.job(UpstreamTest.spec(returnLastFrame: true), in: root)
            let result = try await relay.generate(job) { _ in }
            #expect(result.videoFile == "video.mp4" && result.lastFrameFile == "last_frame.png")
            #expect(result.tokens == 108_900)
            let id = try #require(fake.state.withLock { $0.order.first })
            #expect(try Data(contentsOf: job.outputDirectory.appending(path: "video.mp4")) == Data(FakeArk.mp4("\(id).mp4")))
            let body = try #require(fake.stats.createBodies.first)
            #expect(body["content"] == [["type": "text", "text": "a cat on a skateboard"]])
            #expect(body["model"] == "doubao-seedance-1-5-pro-251215" && body["return_last_frame"] == true)
            #expect(fake.stats.tasksCreated == 1 && fake.stats.getRequests >= 1)
        }
    }

    @Test func seedAFailuresUnknownWordsAndVanishedTasksEndClearly() async throws {
        try await Self.withRelay(.anyfast) { relay, _, root in
            let failed = await UpstreamTest.failure { try await relay.generate(try UpstreamTest.job(UpstreamTest.spec("[fail]"), in: root)) { _ in } }
            #expect(failed?.code == "OutputVideoSensitiveContentDetected")
            #expect(failed?.message.hasPrefix("The output video may contain sensitive content.") == true)

            let weird = try await relay.generate(try UpstreamTest.job(UpstreamTest.spec("[weird]"), in: root)) { _ in }
            #expect(weird.videoFile == "video.mp4")

            let vanished = await UpstreamTest.failure { try await relay.generate(try UpstreamTest.job(UpstreamTest.spec("[vanish]"), in: root)) { _ in } }
            #expect(vanished?.code == "UpstreamTaskVanished")
        }
    }

    @Test func seedARelayRidesOutFaults() async throws {
        try await Self.withRelay(.anyfast) { relay, fake, root in
            fake.failCreates(.status(429))
            fake.failGets(.status(500), .malformed, .status(502))
            _ = try await relay.generate(try UpstreamTest.job(UpstreamTest.spec(), in: root)) { _ in }
            #expect(fake.stats.createRequests == 2 && fake.stats.tasksCreated == 1)
        }
    }

    @Test func seedARelayNeverCreatesTwice() async throws {
        try await Self.withRelay(.anyfast, timeout: .seconds(2)) { relay, fake, root in
            fake.failCreates(.acceptThenHang)
            let error = await UpstreamTest.failure { try await relay.generate(try UpstreamTest.job(UpstreamTest.spec(), in: root)) { _ in } }
            #expect(error?.code == "UpstreamOutcomeUnknown")
            try await Polling.until { fake.stats.tasksCreated == 1 }
            #expect(fake.stats.createRequests == 1)
        }
    }

    @Test func relaysArkDialectThroughTheFake() async throws {
        try await Self.withRelay(.ark, baseURL: { $0.arkBase }) { relay, fake, root in
            _ = try await relay.generate(try UpstreamTest.job(UpstreamTest.spec(), in: root)) { _ in }
            #expect(fake.stats.tasksCreated == 1 && fake.stats.listRequests == 0)
        }
    }

    @Test func dialectsThatCannotExpressARequestRefuseIt() throws {
        let video = MediaInput(kind: .video, url: "https://example.com/clip.mp4", role: .referenceVideo, param: "content[1].video_url.url")
        let spec = UpstreamTest.spec(media: [video])
        for codec in [ToAPIsRelayCodec() as any RelayCodec, UnifiedRelayCodec()] {
            #expect(throws: ProviderError.self) { try codec.body(spec, model: "m") }
        }
        #expect(try APIMartRelayCodec().body(spec, model: "m")["video_urls"] == ["https://example.com/clip.mp4"])
        #expect(RelayCodecs.codec(for: .openai) == nil)
    }

    /// A second Reelay is the upstream, reached under its dialect prefixes.
    @Test(arguments: [DialectID.anyfast, .toapis, .apimart, .unified, .ark])
    func relaysToAnotherReelay(dialect: DialectID) async throws {
        try await Self.withReelay { port, upstream, directory in
            try await UpstreamTest.withClient { client in
                let prefix = dialect == .ark ? "/ark/api/v3" : "/\(dialect.rawValue)"
                let ledger = MemoryUpstreamLedger()
                let relay = try RelayProvider(settings: UpstreamTest.settings("http://127.0.0.1:\(port)\(prefix)", name: "reelay", key: TestServer.key),
                                              dialect: dialect, httpClient: client, ledger: ledger, logger: UpstreamTest.quiet)
                let job = try UpstreamTest.job(UpstreamTest.spec(returnLastFrame: dialect != .unified), in: directory.appending(path: "jobs"))
                let result = try await relay.generate(job) { _ in }
                let remoteID = try #require(upstream.taskIDs.first)
                #expect(try Data(contentsOf: job.outputDirectory.appending(path: result.videoFile)) == Data(FakeArk.mp4("local-\(remoteID)")))
                if dialect != .unified { #expect(result.lastFrameFile == "last_frame.png") }
                #expect(upstream.taskIDs.count == 1)
            }
        }
    }

    /// Runs a real Reelay (its composition root, SQLite in a scratch folder) on a free port, with
    /// `Mp4Provider` doing its renders, for the length of `body`.
    static func withReelay(_ body: (_ port: Int, _ upstream: Mp4Provider, _ directory: URL) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.port = try ServerProcess.freePort()
        let upstream = Mp4Provider()
        try await UpstreamEndToEndTests.withServer(configuration, provider: upstream) {
            try await body(configuration.port, upstream, directory.url)
        }
    }
}
