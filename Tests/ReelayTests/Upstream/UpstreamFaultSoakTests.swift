import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// A soak of the whole server against a misbehaving fake Ark: many tasks of every ending, while
/// every endpoint keeps answering 500s, 429s, proxy pages and broken JSON between normal answers,
/// and every callback comes twice. `REELAY_SOAK_TASKS` sets the number of tasks (default 30;
/// bench/reliability/fault-soak.sh runs it long) and `REELAY_SOAK_SEED` the fault sequence.
@Suite("Upstream: fault soak")
struct UpstreamFaultSoakTests {
    /// `count` faults drawn from `kinds`, each followed by one to three normal answers, so that no
    /// run of faults is longer than the retries can ride out.
    static func sequence(_ count: Int, of kinds: [FakeArk.Fault], using random: inout SeededRandom) -> [FakeArk.Fault] {
        (0..<count).flatMap { _ in [kinds.randomElement(using: &random)!] + Array(repeating: .pass, count: Int.random(in: 1...3, using: &random)) }
    }

    @Test func everyTaskEndsOnceNoneIsChargedTwiceAndNoResultIsLost() async throws {
        let environment = ProcessInfo.processInfo.environment
        let count = max(5, Int(environment["REELAY_SOAK_TASKS"] ?? "") ?? 30)
        let seed = UInt64(environment["REELAY_SOAK_SEED"] ?? "") ?? 20_261_121
        let endings = ["", " [weird]", " [fail]", " [expire]", " [vanish]"]
        let prompts = (0..<count).map { "soak task \($0)\(endings[$0 % endings.count])" }

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let receiver = try await CallbackReceiver()
        do {
            try await Self.soak(prompts, seed: seed, directory: directory, receiver: receiver)
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    static func soak(_ prompts: [String], seed: UInt64, directory: TemporaryDirectory, receiver: CallbackReceiver) async throws {
        let count = prompts.count
        var random = SeededRandom(Data(String(seed).utf8))
        try await FakeArk.with(queuedFor: .milliseconds(60), runningFor: .milliseconds(120), callbackRepeats: 2) { fake in
            var configuration = TestServer.configuration(directory)
            configuration.port = try ServerProcess.freePort()
            configuration.upstreamsFile = try UpstreamEndToEndTests.routingFile(in: directory.url, fake: fake,
                                                                                reelayPort: configuration.port, retryAttempts: 6)
            configuration.upstreamEnvironment = ["FAKE_ARK_KEY": FakeArk.key]
            configuration.engine.workers = 8
            configuration.adminKey = UpstreamEndToEndTests.adminKey
            let answers: [FakeArk.Fault] = [.status(500), .status(502), .status(503), .status(429), .gatewayPage, .malformed]
            for fault in Self.sequence(count / 2, of: [.status(500), .status(503), .status(429)], using: &random) { fake.failCreates(fault) }
            for fault in Self.sequence(count * 3, of: answers, using: &random) { fake.failLists(fault) }
            for fault in Self.sequence(count, of: answers, using: &random) { fake.failGets(fault) }
            for fault in Self.sequence(count / 2, of: [.status(500), .status(503), .gatewayPage], using: &random) { fake.failDownloads(fault) }

            try await UpstreamEndToEndTests.withServer(configuration) {
                let port = configuration.port
                let ids = try await withThrowingTaskGroup(of: (String, String).self) { group in
                    for prompt in prompts {
                        group.addTask { (prompt, try await UpstreamEndToEndTests.create(port, prompt: prompt, callbackURL: receiver.url)) }
                    }
                    return try await group.reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
                }
                var finals: [String: JSONValue] = [:]
                for prompt in prompts { finals[prompt] = try await UpstreamEndToEndTests.awaitEnd(port, ids[prompt]!) }

                // No Reelay task made two upstream tasks.
                let upstreamPrompts = fake.state.withLock { state in state.order.compactMap { state.tasks[$0]?.prompt } }
                #expect(upstreamPrompts.count == Set(upstreamPrompts).count, "a task was created upstream twice")
                let reachedUpstream = Set(upstreamPrompts)

                // Each ending is the upstream's; every video is Reelay's own copy of it.
                var succeeded = 0
                for prompt in prompts {
                    let task = try #require(finals[prompt])
                    // A create the upstream refused on every retry (faults of other tasks' requests
                    // can fall in between) fails with the upstream's reason, and nothing else happens.
                    guard reachedUpstream.contains(prompt) else {
                        #expect(task["status"] == "failed" && task["error"]?["code"]?.stringValue?.isEmpty == false, "\(prompt): \(task)")
                        continue
                    }
                    let expected = prompt.hasSuffix("[fail]") ? "failed" : prompt.hasSuffix("[expire]") ? "expired"
                        : prompt.hasSuffix("[vanish]") ? "failed" : "succeeded"
                    #expect(task["status"]?.stringValue == expected, "\(prompt): \(task)")
                    guard expected == "succeeded" else { continue }
                    succeeded += 1
                    let upstreamID = try #require(fake.state.withLock { state in state.order.first { state.tasks[$0]?.prompt == prompt } })
                    let video = try #require(task["content"]?["video_url"]?.stringValue, "\(task)")
                    #expect(try await UpstreamEndToEndTests.call(.GET, port, video).2 == Data(FakeArk.mp4("\(upstreamID).mp4")))
                }

                // One terminal callback per task, though the upstream sent each of its own twice.
                try await Polling.until {
                    Set(receiver.deliveries.compactMap { UpstreamEndToEndTests.terminalID(of: $0.body) }).count == count
                }
                let ends = receiver.deliveries.compactMap { UpstreamEndToEndTests.terminalID(of: $0.body) }
                #expect(ends.count == count && Set(ends) == Set(ids.values))

                // Usage counts each video once, and nothing that did not succeed.
                let (status, usage, _) = try await UpstreamEndToEndTests.call(.GET, port, "/admin/usage?days=1",
                                                                              key: UpstreamEndToEndTests.adminKey)
                #expect(status == 200)
                let row = try #require(usage["data"]?.arrayValue?.first)
                #expect(row["tasks"]?.intValue == succeeded && row["video_seconds"]?.intValue == 5 * succeeded, "\(usage)")
                #expect(row["active_tasks"] == 0)
            }
        }
    }
}
