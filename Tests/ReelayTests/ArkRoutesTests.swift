import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// Ark's native API over HTTP: create, get, the filtered list, delete semantics and callbacks.
@Suite struct ArkRoutesTests {
    static let path = "/api/v3/contents/generations/tasks"
    static func body(_ text: String = "a red balloon --dur 4", extra: String = "") -> String {
        #"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "\#(text)"}]\#(extra)}"#
    }

    @Test func createGetListAndDelete() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            var ids: [String] = []
            for _ in 0..<3 {
                let (status, created) = try await client.post(Self.path, json: Self.body())
                #expect(status == 200, "\(created)")
                #expect(created.objectValue?.keys.sorted() == ["id"])
                ids.append(try #require(created["id"]?.stringValue))
            }
            let done = try await client.poll("\(Self.path)/\(ids[0])") { $0["status"] == "succeeded" }
            #expect(done["content"]?["video_url"]?.stringValue?.contains("/files/\(ids[0])/video.mp4") == true)
            #expect(done["duration"] == 4)
            #expect(done["framespersecond"] == 24)
            for id in ids { _ = try await client.poll("\(Self.path)/\(id)") { $0["status"] == "succeeded" } }

            let (_, page) = try await client.get("\(Self.path)?page_num=1&page_size=2&filter.status=succeeded")
            #expect(page["total"] == 3)
            #expect(page["items"]?.arrayValue?.count == 2)
            let (_, picked) = try await client.get("\(Self.path)?filter.task_ids=\(ids[0])&filter.task_ids=\(ids[2])")
            #expect(Set(picked["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == [ids[0], ids[2]])
            let (badStatus, bad) = try await client.get("\(Self.path)?page_size=501")
            #expect(badStatus == 400)
            #expect(bad["error"]?["param"] == "page_size")
            let (_, others) = try await client.get(Self.path, key: TestServer.otherKey)
            #expect(others["total"] == 0)

            // A finished task's record is deleted.
            let deleteResponse = try await client.execute(uri: "\(Self.path)/\(ids[1])", method: .delete,
                                                          headers: [.authorization: "Bearer \(TestServer.key)"])
            #expect(deleteResponse.status == .ok)
            let (gone, error) = try await client.get("\(Self.path)/\(ids[1])")
            #expect(gone == 404)
            #expect(error["error"]?["code"] == "ResourceNotFound")
            #expect(deleteResponse.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
    }

    @Test func aQueuedTaskIsCancelledAndARunningOneRefused() async throws {
        // One slow worker: the first task runs, the second waits in the queue.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.engine.workers = 1
        try await TestServer.run(configuration: configuration,
                                 overrides: .init(provider: TestProvider(steps: 40, stepDelay: .milliseconds(50)))) { client in
            let (_, first) = try await client.post(Self.path, json: Self.body())
            let (_, second) = try await client.post(Self.path, json: Self.body())
            let running = try #require(first["id"]?.stringValue)
            let queued = try #require(second["id"]?.stringValue)
            _ = try await client.poll("\(Self.path)/\(running)") { $0["status"] == "running" }
            let auth: HTTPFields = [.authorization: "Bearer \(TestServer.key)"]

            let refused = try await client.execute(uri: "\(Self.path)/\(running)", method: .delete, headers: auth)
            #expect(refused.status == .conflict)
            let cancelled = try await client.execute(uri: "\(Self.path)/\(queued)", method: .delete, headers: auth)
            #expect(cancelled.status == .ok)
            let (_, body) = try await client.get("\(Self.path)/\(queued)")
            #expect(body["status"] == "cancelled")
            let again = try await client.execute(uri: "\(Self.path)/\(queued)", method: .delete, headers: auth)
            #expect(again.status == .conflict)
        }
    }

    @Test func callbacksArriveForEachChangeRetriedAndSigned() async throws {
        let receiver = try await CallbackReceiver(refuseFirst: 1)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.webhookSecret = "hook-secret"
        try await TestServer.run(configuration: configuration, overrides: .init(provider: TestProvider())) { client in
            let (status, created) = try await client.post(Self.path, json: Self.body(extra: #", "callback_url": "\#(receiver.url)""#))
            #expect(status == 200, "\(created)")
            let id = try #require(created["id"]?.stringValue)
            _ = try await client.poll("\(Self.path)/\(id)") { $0["status"] == "succeeded" }
            // queued (refused once, then retried after 1 s), running, succeeded: in order.
            try await Polling.until("three callbacks") { receiver.deliveries.count >= 3 }
        }
        let deliveries = receiver.deliveries
        await receiver.stop()
        let statuses = deliveries.compactMap { (try? JSONValue.parse($0.body))?["status"]?.stringValue }
        #expect(statuses == ["queued", "running", "succeeded"])
        // The signature verifies with the shared secret.
        let last = try #require(deliveries.last)
        let signature = try #require(last.signature)
        let parts = Dictionary(uniqueKeysWithValues: signature.split(separator: ",").map {
            let pair = $0.split(separator: "=", maxSplits: 1)
            return (String(pair[0]), String(pair[1]))
        })
        let expected = HMAC<SHA256>.authenticationCode(for: Data("\(parts["t"]!).".utf8) + last.body,
                                                       using: SymmetricKey(data: Data("hook-secret".utf8)))
        #expect(parts["v1"] == expected.map { String(format: "%02x", $0) }.joined())
    }

    /// Callback addresses pass the same guard as media URLs: no loopback, private or metadata hosts.
    @Test func callbacksToPrivateAddressesAreRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.allowPrivateMedia = false
        try await TestServer.run(configuration: configuration, overrides: .init(provider: TestProvider())) { client in
            // Loopback spellings only (the other reserved ranges are AddressPolicyTests').
            for hook in ["http://127.0.0.1:9/hook", "http://[::1]:9/hook", "http://[::ffff:127.0.0.1]:9/hook", "http://localhost:9/hook"] {
                let (status, body) = try await client.post(Self.path, json: Self.body(extra: #", "callback_url": "\#(hook)""#))
                #expect(status == 400, "\(hook): \(body)")
                #expect(body["error"]?["param"] == "callback_url", "\(body)")
                #expect(body["error"]?["message"]?.stringValue?.hasPrefix("Cannot use callback_url: its host ") == true, "\(body)")
            }
            let (_, loopback) = try await client.post(Self.path, json: Self.body(extra: #", "callback_url": "http://127.0.0.1:9/hook""#))
            #expect(loopback["error"]?["message"] == "Cannot use callback_url: its host 127.0.0.1 is a loopback address, which Reelay may not contact.")
            let (listed, page) = try await client.get(Self.path)
            #expect(listed == 200 && page["total"] == 0, "a refused create left a task: \(page)")
        }
    }

    @Test func invalidModelIsArks404() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (status, body) = try await client.post(Self.path, json: #"{"model": "nope", "content": [{"type": "text", "text": "x"}]}"#)
            #expect(status == 404)
            #expect(body["error"]?["code"] == "InvalidEndpointOrModel.NotFound")
        }
    }
}
