import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// Operating a gateway: per-key limits answered as 429 with Retry-After in the caller's
/// dialect, the admin API, metrics, readiness and retention.
@Suite struct OperationsTests {
    static let body = #"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "x"}], "duration": 5}"#

    static func configuration(_ directory: TemporaryDirectory, _ change: (inout AppConfiguration) -> Void) -> AppConfiguration {
        var configuration = TestServer.configuration(directory)
        change(&configuration)
        return configuration
    }

    @Test func requestsPerMinuteAre429WithRetryAfter() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = Self.configuration(directory) { $0.limits.requestsPerMinute = 3 }
        try await TestServer.run(configuration: configuration, overrides: .init(provider: TestProvider())) { client in
            for _ in 0..<3 {
                let (status, _) = try await client.get("/v1/video/generations/cgt-none")
                #expect(status == 404)
            }
            let response = try await client.execute(uri: "/v1/videos/generations/cgt-none", method: .get,
                                                    headers: [.authorization: "Bearer \(TestServer.key)"])
            #expect(response.status == .tooManyRequests)
            let retryAfter = Int(response.headers[.retryAfter] ?? "") ?? 0
            #expect((1...60).contains(retryAfter))
            // toapis' error shape, with its rate-limit type.
            let body = try JSONValue.parse(response.body.readableBytesView)
            #expect(body["error"]?["code"] == 429)
            // Another key has its own budget.
            let (other, _) = try await client.get("/v1/video/generations/cgt-none", key: TestServer.otherKey)
            #expect(other == 404)
        }
    }

    @Test func concurrentTasksAndDailySecondsAreLimited() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = Self.configuration(directory) {
            $0.limits.concurrentTasks = 2
            $0.limits.dailyVideoSeconds = 12
            $0.engine.workers = 1
        }
        let slow = TestProvider(steps: 100, stepDelay: .milliseconds(50))
        try await TestServer.run(configuration: configuration, overrides: .init(provider: slow)) { client in
            #expect(try await client.post("/v1/video/generations", json: Self.body).0 == 200)
            #expect(try await client.post("/v1/video/generations", json: Self.body).0 == 200)
            let (status, answer) = try await client.post("/v1/video/generations", json: Self.body)
            #expect(status == 429)
            #expect(answer["code"] == "rate_limit_exceeded")
            #expect(answer["message"]?.stringValue?.contains("limit 2") == true, "\(answer)")
            // The other key: a 10 s video fits its 12 s a day; 5 s more does not.
            let long = Self.body.replacingOccurrences(of: #""duration": 5"#, with: #""duration": 10"#)
            let (other1, _) = try await client.post("/v1/video/generations", json: long, key: TestServer.otherKey)
            #expect(other1 == 200)
            let (other2, quota) = try await client.post("/v1/video/generations", json: Self.body, key: TestServer.otherKey)
            #expect(other2 == 429)
            #expect(quota["message"]?.stringValue?.contains("seconds of video today") == true, "\(quota)")
        }
    }

    @Test func adminManagesKeysAndReadsUsage() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = Self.configuration(directory) { $0.adminKey = "admin-secret" }
        try await TestServer.run(configuration: configuration, overrides: .init(provider: TestProvider())) { client in
            let (refused, _) = try await client.get("/admin/keys")
            #expect(refused == 401)
            let (created, key) = try await client.post("/admin/keys", json: #"{"name": "team-a"}"#, key: "admin-secret")
            #expect(created == 200)
            let secret = try #require(key["secret"]?.stringValue)
            let id = try #require(key["id"]?.stringValue)
            // The new key works, and its usage shows up.
            let (made, _) = try await client.post("/v1/video/generations", json: Self.body, key: secret)
            #expect(made == 200)
            let (_, usage) = try await client.get("/admin/usage?days=1", key: "admin-secret")
            let row = usage["data"]?.arrayValue?.first { $0["owner"]?.stringValue == id }
            #expect(row?["tasks"] == 1)
            #expect(row?["video_seconds"] == 5)
            let (_, list) = try await client.get("/admin/keys", key: "admin-secret")
            #expect(list["data"]?.arrayValue?.contains { $0["name"] == "team-a" } == true)
            #expect(list["data"]?.arrayValue?.allSatisfy { $0["secret"] == nil } == true)
            let revoke = try await client.execute(uri: "/admin/keys/\(id)", method: .delete, headers: [.authorization: "Bearer admin-secret"])
            #expect(revoke.status == .ok)
            let (after, _) = try await client.post("/v1/video/generations", json: Self.body, key: secret)
            #expect(after == 401)
        }
    }

    @Test func eachKeyCarriesItsOwnLimitsSetThroughTheAdminAPI() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = Self.configuration(directory) {
            $0.adminKey = "admin-secret"
            $0.engine.workers = 1
        }
        let slow = TestProvider(steps: 200, stepDelay: .milliseconds(50))
        try await TestServer.run(configuration: configuration, overrides: .init(provider: slow)) { client in
            let (_, key) = try await client.post("/admin/keys", json: #"{"name": "small", "max_queued": 1, "max_storage_bytes": 1000}"#,
                                                 key: "admin-secret")
            let secret = try #require(key["secret"]?.stringValue)
            #expect(key["limits"]?["max_queued"] == 1)
            #expect(key["limits"]?["requests_per_minute"] == .null)
            #expect(key["effective_limits"]?["max_queued"] == 1)
            #expect(key["effective_limits"]?["max_storage_bytes"] == 1000)
            // The server's default (100 queued) holds the other keys.
            #expect(key["effective_limits"]?["requests_per_minute"] == .null)

            #expect(try await client.post("/v1/video/generations", json: Self.body, key: secret).0 == 200)
            let (refused, answer) = try await client.post("/v1/video/generations", json: Self.body, key: secret)
            #expect(refused == 429)
            #expect(answer["message"]?.stringValue?.contains("limit 1") == true, "\(answer)")
            for _ in 0..<3 { #expect(try await client.post("/v1/video/generations", json: Self.body).0 == 200) }

            // 0 lifts a limit; a field left out keeps its value; null returns to the default.
            let patch = { (json: String) async throws -> (Int, JSONValue) in
                let response = try await client.execute(uri: "/admin/keys/small", method: .patch,
                                                        headers: [.authorization: "Bearer admin-secret", .contentType: "application/json"],
                                                        body: ByteBuffer(string: json))
                return (Int(response.status.code), (try? JSONValue.parse(response.body.readableBytesView)) ?? .null)
            }
            let (lifted, unlimited) = try await patch(#"{"max_queued": 0, "requests_per_minute": 2}"#)
            #expect(lifted == 200, "\(unlimited)")
            #expect(unlimited["effective_limits"]?["max_queued"] == .null)
            #expect(unlimited["limits"]?["max_storage_bytes"] == 1000)
            #expect(try await client.post("/v1/video/generations", json: Self.body, key: secret).0 == 200)
            // Its own rate: two requests a minute, and the create above was the first.
            let (second, _) = try await client.get("/v1/video/generations/cgt-none", key: secret)
            #expect(second == 404)
            let (limited, _) = try await client.get("/v1/video/generations/cgt-none", key: secret)
            #expect(limited == 429)
            let (reset, defaults) = try await patch(#"{"max_queued": null}"#)
            #expect(reset == 200)
            #expect(defaults["limits"]?["max_queued"] == .null)
            #expect(defaults["effective_limits"]?["max_queued"] == 100)

            let (negative, bad) = try await patch(#"{"max_queued": -1}"#)
            #expect(negative == 400)
            #expect(bad["error"]?["param"] == "max_queued", "\(bad)")
            let missing = try await client.execute(uri: "/admin/keys/nobody", method: .patch,
                                                   headers: [.authorization: "Bearer admin-secret"], body: ByteBuffer(string: "{}"))
            #expect(missing.status == .notFound)
        }
    }

    @Test func metricsAndReadiness() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            let (_, created) = try await client.post("/v1/video/generations", json: Self.body)
            let id = try #require(created["id"]?.stringValue)
            _ = try await client.poll("/v1/video/generations/\(id)") { $0["data"]?["status"] == "SUCCESS" }
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"reelay_http_requests_total{route="/v1/video/generations",method="POST",status="200"} 1"#), "\(text)")
            #expect(text.contains("reelay_http_request_duration_seconds_bucket"))
            #expect(text.contains(#"reelay_tasks{status="queued"} 0"#))
            #expect(text.contains(#"reelay_task_duration_seconds_count{model="doubao-seedance-1-5-pro-251215",provider="test",status="succeeded"} 1"#), "\(text)")
        }
    }

    @Test func retentionDeletesOldFinishedTasksAndFiles() async throws {
        try await TestDatabase.with { database, directory in
            let store = SQLiteTaskStore(database: database)
            let blobs = try FileBlobStore(root: directory.url.appending(path: "files"), inputs: directory.url.appending(path: "inputs"))
            let old = Fixtures.task()
            try await store.insert(old)
            _ = try await store.claimNext(worker: "w", leaseUntil: Date() + 30, now: Date())
            _ = try await store.finish(id: old.id, worker: "w", from: [.running], to: .failed, result: nil,
                                       failure: TaskFailure(code: "X", message: "x"), now: Date() - 40 * 86_400)
            let fresh = Fixtures.task()
            try await store.insert(fresh)
            let deleted = try await store.deleteFinished(before: Date() - 30 * 86_400)
            #expect(deleted == [old.id])
            #expect(try await store.task(id: old.id) == nil)
            #expect(try await store.task(id: fresh.id) != nil)
            _ = blobs
        }
    }
}

/// Guessing keys, and reading metrics without the operator's token.
@Suite struct KeyGuessingTests {
    @Test func anAddressThatSendsWrongKeysIsRefusedForTheRestOfTheMinute() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.limits.failedKeysPerMinute = 3
        try await TestServer.run(configuration: configuration) { client in
            for guess in ["sk-guess-1", "sk-guess-2", "sk-guess-3"] {
                let (status, _) = try await client.get("/v1/video/generations/cgt-x", key: guess)
                #expect(status == 401)
            }
            // On any route, in any dialect, even with a right key: the address is refused unread.
            for key in ["sk-guess-4", TestServer.key] {
                let response = try await client.execute(uri: "/v1/videos", method: .get, headers: [.authorization: "Bearer \(key)"])
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(String(buffer: response.body).contains("wrong API key"))
            }
        }
    }

    @Test func rightKeysAreNotCountedAgainstTheAddress() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.limits.failedKeysPerMinute = 2
        try await TestServer.run(configuration: configuration) { client in
            for _ in 0..<10 {
                let (status, _) = try await client.get("/v1/videos", key: TestServer.key)
                #expect(status == 200)
            }
            let (status, _) = try await client.get("/v1/videos", key: "sk-guess")
            #expect(status == 401)
        }
    }

    @Test func metricsNeedTheTokenWhenOneIsSet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.metricsToken = "metrics-secret"
        try await TestServer.run(configuration: configuration) { client in
            let bare = try await client.execute(uri: "/metrics", method: .get)
            #expect(bare.status == .unauthorized)
            let wrong = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(TestServer.key)"])
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer metrics-secret"])
            #expect(right.status == .ok)
            #expect(String(buffer: right.body).contains("reelay_tasks"))
        }
    }
}
