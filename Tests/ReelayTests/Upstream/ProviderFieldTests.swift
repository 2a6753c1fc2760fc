import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// Every dialect's task answer says who made the video (`reelay_provider`): `local` for the
/// local renderer, the channel's name for a task sent upstream.
@Suite("Provider in task answers")
struct ProviderFieldTests {
    /// Where each dialect's query answer keeps the task object's fields.
    static let answers: [(path: String, field: [String])] = [
        ("/api/v3/contents/generations/tasks/", ["reelay_provider"]),
        ("/v1/video/generations/", ["data", "reelay_provider"]),
        ("/v1/videos/generations/", ["reelay_provider"]),
        ("/v1/tasks/", ["data", "reelay_provider"]),
        ("/v2/videos/generations/", ["reelay_provider"]),
        ("/v1/videos/", ["reelay_provider"]),
    ]

    @Test func localAndUpstreamTasksNameTheirProviderInEveryDialect() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await FakeArk.with(queuedFor: .milliseconds(30), runningFor: .milliseconds(30)) { fake in
            var configuration = TestServer.configuration(directory)
            configuration.port = try ServerProcess.freePort()
            // 1.5 pro goes to the fake Ark through a channel named `ark-east`; the rest renders locally.
            configuration.upstreamsFile = try UpstreamEndToEndTests.routingFile(
                in: directory.url, fake: fake, reelayPort: configuration.port, channel: "ark-east",
                routes: ["doubao-seedance-1-5-pro-251215": ["ark-east"], "*": ["local"]])
            configuration.upstreamEnvironment = ["FAKE_ARK_KEY": FakeArk.key]
            try await UpstreamEndToEndTests.withServer(configuration) {
                let port = configuration.port
                let upstream = try await UpstreamEndToEndTests.create(port, prompt: "a lighthouse at dawn")
                let (status, created, _) = try await UpstreamEndToEndTests.call(.POST, port, "/api/v3/contents/generations/tasks", json: [
                    "model": "doubao-seedance-1-0-lite-t2v-250428", "content": [["type": "text", "text": "a red kite"]],
                    "duration": 2, "resolution": "480p",
                ])
                try #require(status == 200, "\(created)")
                let local = try #require(created["id"]?.stringValue)

                for (id, provider) in [(upstream, "ark-east"), (local, "local")] {
                    let final = try await UpstreamEndToEndTests.awaitEnd(port, id)
                    #expect(final["status"] == "succeeded", "\(final)")
                    for (path, field) in Self.answers {
                        let (status, answer, _) = try await UpstreamEndToEndTests.call(.GET, port, path + id)
                        #expect(status == 200, "\(path)")
                        let value = field.reduce(Optional(answer)) { $0?[$1] }
                        #expect(value?.stringValue == provider, "\(path)\(id): \(answer)")
                    }
                }
                // The lists carry it too.
                let (_, list, _) = try await UpstreamEndToEndTests.call(.GET, port, "/api/v3/contents/generations/tasks?page_size=10")
                let listed = Dictionary(uniqueKeysWithValues: (list["items"]?.arrayValue ?? []).compactMap { item in
                    item["id"]?.stringValue.map { ($0, item["reelay_provider"]?.stringValue) }
                })
                #expect(listed[upstream] == "ark-east" && listed[local] == "local", "\(list)")
            }
        }
    }
}
