import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// `Idempotency-Key` on creates: a retried create returns the same task, never a second one.
@Suite struct IdempotencyTests {
    static let body = #"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "a kite"}], "duration": 4}"#

    static func create(_ client: any TestClientProtocol, key: String, body: String = body, apiKey: String = TestServer.key) async throws -> (Int, JSONValue) {
        let response = try await client.execute(uri: "/api/v3/contents/generations/tasks", method: .post,
            headers: [.authorization: "Bearer \(apiKey)", .contentType: "application/json", HTTPField.Name("Idempotency-Key")!: key],
            body: ByteBuffer(string: body))
        return (Int(response.status.code), try JSONValue.parse(response.body.readableBytesView))
    }

    @Test func sameKeyAndBodyGiveTheSameTask() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (first, a) = try await Self.create(client, key: "order-1")
            let (second, b) = try await Self.create(client, key: "order-1")
            #expect(first == 200 && second == 200)
            #expect(a["id"] == b["id"])
            let (_, list) = try await client.get("/api/v3/contents/generations/tasks")
            #expect(list["total"] == 1)
            // Another key's identical idempotency key is its own.
            let (_, c) = try await Self.create(client, key: "order-1", apiKey: TestServer.otherKey)
            #expect(c["id"] != a["id"])
        }
    }

    @Test func sameKeyWithAnotherBodyIs409() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            _ = try await Self.create(client, key: "order-2")
            let (status, answer) = try await Self.create(client, key: "order-2", body: Self.body.replacingOccurrences(of: "a kite", with: "a boat"))
            #expect(status == 409)
            #expect(answer["error"]?["param"] == "Idempotency-Key")
        }
    }

    @Test func concurrentRetriesMakeOneTask() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<8 { group.addTask { try await Self.create(client, key: "burst").1["id"]?.stringValue } }
                return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            let (_, list) = try await client.get("/api/v3/contents/generations/tasks")
            #expect(list["total"] == 1)
        }
    }

    @Test func aRefusedCreateDoesNotUseUpTheKey() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (bad, _) = try await Self.create(client, key: "order-3", body: Self.body.replacingOccurrences(of: #""duration": 4"#, with: #""duration": 99"#))
            #expect(bad == 400)
            let (good, _) = try await Self.create(client, key: "order-3")
            #expect(good == 200)
        }
    }
}
