import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// Seed A's answers to callers: keys, tenants and bad input, in the dialect's own shapes.
@Suite struct AnyFastAPITests {
    static let textOnly = """
        {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "waves at dusk"}], "duration": 4}
        """

    @Test func missingOrWrongKeyIs401() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, body) = try await client.post("/v1/video/generations", json: Self.textOnly, key: nil)
            #expect(status == 401)
            #expect(body["code"] == "invalid_api_key" && body["data"] == .null, "\(body)")
            let (wrongStatus, _) = try await client.get("/v1/video/generations/cgt-x", key: "not-a-key")
            #expect(wrongStatus == 401)
        }
    }

    @Test func anotherKeysTaskIsNotFound() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (_, created) = try await client.post("/v1/video/generations", json: Self.textOnly)
            let id = try #require(created["id"]?.stringValue)
            let (ownStatus, own) = try await client.get("/v1/video/generations/\(id)")
            #expect(ownStatus == 200)
            #expect(own["data"]?["task_id"]?.stringValue == id)
            let (status, body) = try await client.get("/v1/video/generations/\(id)", key: TestServer.otherKey)
            #expect(status == 404)
            #expect(body == ["code": "task_not_exist", "message": "task_not_exist", "data": nil])
            let (missingStatus, missing) = try await client.get("/v1/video/generations/cgt-20990101000000-nothing")
            #expect(missingStatus == 404)
            #expect(missing["code"] == "task_not_exist")
        }
    }

    @Test(arguments: [
        (#"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "x"}], "duration": 99}"#, "duration"),
        (#"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "x"}], "duration": "long"}"#, "duration"),
        (#"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "x"}], "ratio": "5:4"}"#, "ratio"),
        (#"{"model": "doubao-seedance-1-0-pro-250528", "content": [{"type": "text", "text": "x"}], "generate_audio": true}"#, "generate_audio"),
        (#"{"model": "no-such-model", "content": [{"type": "text", "text": "x"}]}"#, "model"),
        (#"{"content": [{"type": "text", "text": "x"}]}"#, "model"),
        (#"{"model": "doubao-seedance-1-5-pro-251215"}"#, "content"),
        (#"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "sound", "text": "x"}]}"#, "content[0].type"),
        (#"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "image_url", "image_url": {"url": "http://127.0.0.1/x.png"}, "role": "middle"}]}"#, "content[0].role"),
        (#"{"model": "doubao-seedance-1-5-pro-251215", "content": "text"}"#, "content"),
        (#"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "x --dur abc"}]}"#, nil),
        (#"[1, 2]"#, "body"),
        (#"{"model": "#, "body"),
    ] as [(String, String?)])
    func badInputIs400NamingTheParameter(body: String, param: String?) async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, answer) = try await client.post("/v1/video/generations", json: body)
            #expect(status == 400, "\(answer)")
            // new-api's task error body: the parameter leads the message.
            #expect(answer["code"] == "invalid_request" && answer["data"] == .null, "\(answer)")
            let message = answer["message"]?.stringValue ?? ""
            #expect(!message.isEmpty)
            if let param {
                #expect(message.hasPrefix(param), "\(answer)")
            } else {
                #expect(message.contains("--dur"), "\(message)")
            }
        }
    }

    @Test func privateMediaAddressesAreRefusedUnlessAllowed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.allowPrivateMedia = false
        try await TestServer.run(configuration: configuration, overrides: .init(provider: TestProvider())) { client in
            // Loopback spellings only: were the guard broken, nothing leaves the machine. The other
            // reserved ranges are the policy's unit tests (AddressPolicyTests).
            for url in ["http://127.0.0.1:9/x.png", "http://[::1]:9/a.png", "http://[::ffff:127.0.0.1]:9/a.png", "http://2130706433:9/a.png",
                        "http://localhost/a.png"] {
                let (status, answer) = try await client.post("/v1/video/generations", json: """
                    {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "x"},
                     {"type": "image_url", "image_url": {"url": "\(url)"}}]}
                    """)
                #expect(status == 400, "\(url): \(answer)")
                #expect(answer["message"]?.stringValue?.hasPrefix("content[1].image_url.url") == true, "\(answer)")
            }
        }
    }

    @Test func oversizedBodyIs413() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.maxBodySize = 1024
        try await TestServer.run(configuration: configuration, overrides: .init(provider: TestProvider())) { client in
            let padding = String(repeating: "a", count: 4096)
            let (status, answer) = try await client.post("/v1/video/generations", json: """
                {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "\(padding)"}]}
                """)
            #expect(status == 413)
            #expect(answer["code"] == "request_too_large" && answer["message"]?.stringValue?.hasPrefix("body") == true, "\(answer)")
        }
    }

    @Test func everyAnswerCarriesARequestID() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
            let echoed = try await client.execute(uri: "/healthz", method: .get, headers: [HTTPField.Name("X-Request-Id")!: "abc-123"])
            #expect(echoed.headers[HTTPField.Name("X-Request-Id")!] == "abc-123")
        }
    }

    @Test func theDialectIsAlsoServedUnderItsPrefix() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, created) = try await client.post("/anyfast/v1/video/generations", json: Self.textOnly)
            #expect(status == 200)
            let id = try #require(created["id"]?.stringValue)
            let (queryStatus, _) = try await client.get("/anyfast/v1/video/generations/\(id)")
            #expect(queryStatus == 200)
        }
    }
}
