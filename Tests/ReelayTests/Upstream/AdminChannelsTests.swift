import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// `GET /admin/channels` with a routing file pointing at the fake Ark: each channel's circuit,
/// tasks in flight and recent failures, with the channel's key scrubbed from their messages.
@Suite("Upstream: admin channel report")
struct AdminChannelsTests {
    static let admin = "admin-key-for-channels"

    @Test func reportsCircuitInFlightAndScrubbedFailures() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let wrongKey = "sk-leaked-if-you-see-this-4242"
        try await FakeArk.with { fake in
            var configuration = TestServer.configuration(directory)
            configuration.adminKey = Self.admin
            configuration.port = try ServerProcess.freePort()
            configuration.upstreamsFile = try UpstreamEndToEndTests.routingFile(in: directory.url, fake: fake, reelayPort: configuration.port)
            // The fake refuses this key and echoes it in its message.
            configuration.upstreamEnvironment = ["FAKE_ARK_KEY": wrongKey]
            try await UpstreamEndToEndTests.withServer(configuration) {
                let port = configuration.port
                let (_, before, _) = try await UpstreamEndToEndTests.call(.GET, port, "/admin/channels", key: Self.admin)
                #expect(before["routing"] == true)
                let ark = try #require(before["data"]?.arrayValue?.first { $0["name"] == "ark" })
                #expect(ark["kind"] == "upstream" && ark["circuit"] == "closed" && ark["in_flight"] == 0 && ark["errors_last_hour"] == 0)
                #expect(before["data"]?.arrayValue?.contains { $0["name"] == "local" && $0["kind"] == "local" && $0["circuit"] == .null } == true)

                let id = try await UpstreamEndToEndTests.create(port, prompt: "a red balloon")
                _ = try await UpstreamEndToEndTests.awaitEnd(port, id)
                let (status, after, raw) = try await UpstreamEndToEndTests.call(.GET, port, "/admin/channels", key: Self.admin)
                #expect(status == 200)
                let failed = try #require(after["data"]?.arrayValue?.first { $0["name"] == "ark" })
                let failures = failed["recent_failures"]?.arrayValue ?? []
                #expect(failed["errors_last_hour"] == .int(failures.count) && !failures.isEmpty, "\(failed)")
                #expect(failures.first?["message"]?.stringValue?.contains("<redacted>") == true, "\(failures)")
                #expect(failed["in_flight"] == 0)
                #expect(String(decoding: raw, as: UTF8.self).contains(wrongKey) == false)
            }
        }
    }
}
