import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// The routing file: what it accepts, and the precise errors for what it does not.
@Suite("Upstream: routing configuration")
struct UpstreamConfigurationTests {
    static func problem(_ json: String, environment: UpstreamEnvironment = ["ARK_API_KEY": "sk-secret-value"]) async -> String? {
        do {
            let configuration = try RoutingConfiguration.decode(Data(json.utf8))
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            _ = try RoutingProvider(configuration: configuration, environment: environment, local: Mp4Provider(), httpClient: .shared,
                                    ledger: MemoryUpstreamLedger(), logger: UpstreamTest.quiet)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The examples in docs/UPSTREAMS.md and the README are valid files.
    @Test(arguments: ["docs/UPSTREAMS.md", "README.md"])
    func theDocumentedExampleLoads(document: String) async throws {
        let docs = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: document)
        let text = try String(contentsOf: docs, encoding: .utf8)
        // The first JSON block with channels: a document may show other JSON files (prices) before it.
        let blocks = text.components(separatedBy: "```json\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first }
        let json = try #require(blocks.first { $0.contains("\"channels\"") }, "\(document) shows no routing file")
        let environment: UpstreamEnvironment = ["ARK_API_KEY": "sk-1", "BYTEPLUS_API_KEY": "sk-2", "RESELLER_KEY": "sk-3"]
        #expect(await Self.problem(json, environment: environment) == nil)
        let configuration = try RoutingConfiguration.decode(Data(json.utf8))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let routing = try RoutingProvider(configuration: configuration, environment: environment, local: Mp4Provider(), httpClient: .shared,
                                          ledger: MemoryUpstreamLedger(), logger: UpstreamTest.quiet)
        #expect(routing.channelNames.contains("local"))
        #expect(routing.channelNames.count == configuration.channels.count + (configuration.channels.contains { $0.name == "local" } ? 0 : 1))
    }

    @Test func aMinimalFileWorks() async {
        #expect(await Self.problem(#"{"channels": [{"name": "ark", "kind": "ark", "baseURL": "https://ark.cn-beijing.volces.com/api/v3", "apiKeyEnv": "ARK_API_KEY"}], "routes": {"*": ["ark"]}}"#) == nil)
        #expect(await Self.problem("{}") == nil)
    }

    @Test(arguments: [
        (#"{"chanels": []}"#, "unknown key chanels"),
        (#"{"channels": [{"name": "a", "kind": "ark", "baseURL": "https://x.example/api/v3", "apiKey": "sk-1"}]}"#,
         "channels[0].apiKey: keys do not belong in the routing file"),
        (#"{"channels": [{"name": "a", "kind": "ark", "baseURL": "https://x.example/api/v3", "apiKeyEnv": "NOPE"}]}"#,
         "Channel a: the environment variable NOPE named by apiKeyEnv is not set."),
        (#"{"channels": [{"name": "a", "kind": "ark", "baseURL": "https://x.example/api/v3"}]}"#, "apiKeyEnv is required"),
        (#"{"channels": [{"name": "a", "kind": "ark", "baseURL": "https://x.example/api/v3", "apiKeyEnv": "ark-key"}]}"#,
         "apiKeyEnv must name an environment variable in capital letters, digits and underscores, not 'ark-key'."),
        (#"{"channels": [{"name": "a", "kind": "ark", "baseURL": "ftp://x", "apiKeyEnv": "ARK_API_KEY"}]}"#, "baseURL must be an http(s) URL"),
        (#"{"channels": [{"name": "a", "kind": "relay", "dialect": "openai", "baseURL": "https://x.example"}]}"#, "not supported"),
        (#"{"channels": [{"name": "a", "kind": "relay", "baseURL": "https://x.example"}]}"#, "a relay needs a dialect"),
        (#"{"channels": [{"name": "a", "kind": "warp"}]}"#, "channels[0].kind"),
        (#"{"routes": {"*": ["nowhere"]}}"#, "names channel nowhere, which is not defined"),
        (#"{"aliases": {"x": "y"}}"#, "Alias x points to y, which has no route."),
        (#"{"polling": {"pageSize": 1000}, "channels": [{"name": "a", "kind": "ark", "baseURL": "https://x.example/api/v3", "apiKeyEnv": "ARK_API_KEY"}]}"#,
         "polling.pageSize must be 1...500"),
        (#"{"channels": [{"name": "a b", "kind": "local"}]}"#, "must be letters, digits"),
        (#"{"channels": [{"name": "a", "kind": "local"}, {"name": "a", "kind": "local"}]}"#, "defined twice"),
        ("channels: []", "not valid JSON"),
    ])
    func mistakesAreNamed(json: String, expected: String) async throws {
        let problem = try #require(await Self.problem(json))
        #expect(problem.contains(expected), "\(problem)")
        #expect(!problem.contains("sk-secret-value"))
    }

    @Test func loadReadsAFileAndNamesItInErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appending(path: "upstreams.json")
        try Data(#"{"routes": {"*": ["local"]}, "_comment": "comments start with an underscore"}"#.utf8).write(to: file)
        let routing = try RoutingProvider.load(file: file.path, environment: [:], local: Mp4Provider(), httpClient: .shared,
                                               ledger: MemoryUpstreamLedger(), logger: UpstreamTest.quiet)
        #expect(routing.channelNames == ["local"])
        #expect(throws: ConfigurationError.self) {
            try RoutingProvider.load(file: directory.url.appending(path: "missing.json").path, environment: [:], local: Mp4Provider(),
                                     httpClient: .shared, ledger: MemoryUpstreamLedger(), logger: UpstreamTest.quiet)
        }
    }
}
