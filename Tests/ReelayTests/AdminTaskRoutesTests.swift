import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// The console's task and channel routes over HTTP: only for the admin key, every key's tasks
/// listed and filtered, one task with its request, timeline and cost, and a cancel.
@Suite struct AdminTaskRoutesTests {
    static let admin = SpendEndToEndTests.admin

    @Test func theRoutesNeedTheAdminKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await TestServer.run(configuration: try SpendEndToEndTests.configuration(directory), overrides: .init(provider: TestProvider())) { client in
            for path in ["/admin/tasks", "/admin/tasks/cgt-x", "/admin/channels"] {
                #expect(try await client.get(path, key: nil).0 == 401, "\(path)")
                #expect(try await client.get(path, key: TestServer.key).0 == 401, "\(path)")
            }
            #expect(try await client.post("/admin/tasks/cgt-x/cancel", json: "{}", key: TestServer.key).0 == 401)
            #expect(try await client.get("/admin/tasks/cgt-missing", key: Self.admin).0 == 404)
            #expect(try await client.post("/admin/tasks/cgt-missing/cancel", json: "{}", key: Self.admin).0 == 404)
            for bad in ["status=done", "limit=0", "limit=101", "page=x", "since=-1", "until=99999999999999999999"] {
                let (status, body) = try await client.get("/admin/tasks?\(bad)", key: Self.admin)
                #expect(status == 400, "\(bad): \(body)")
            }
            // No routing file: no channels, and the answer says so.
            let (status, channels) = try await client.get("/admin/channels", key: Self.admin)
            #expect(status == 200 && channels["routing"] == false && channels["data"] == [])
        }
    }

    @Test func listsFiltersOpensAndCancelsEveryKeysTasks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Renders take long enough to be cancelled while running.
        let provider = TestProvider(steps: 600, stepDelay: .milliseconds(100))
        try await TestServer.run(configuration: try SpendEndToEndTests.configuration(directory), overrides: .init(provider: provider)) { client in
            let shop = try await SpendEndToEndTests.budgetedKey(client, total: 10.5)
            let (_, other) = try await client.post("/admin/keys", json: #"{"name": "studio"}"#, key: Self.admin)
            let studio = (id: try #require(other["id"]?.stringValue), secret: try #require(other["secret"]?.stringValue))
            // A key is renamed through the same PATCH as its limits; an empty name is refused.
            var patch = HTTPFields([HTTPField(name: .authorization, value: "Bearer \(Self.admin)"), HTTPField(name: .contentType, value: "application/json")])
            patch[.accept] = "application/json"
            let renamed = try await client.execute(uri: "/admin/keys/\(studio.id)", method: .patch, headers: patch,
                                                   body: ByteBuffer(string: #"{"name": "studio-b", "max_queued": 9}"#))
            let answer = try JSONValue.parse(renamed.body.readableBytesView)
            #expect(renamed.status == .ok && answer["name"] == "studio-b" && answer["limits"]?["max_queued"] == 9, "\(answer)")
            let empty = try await client.execute(uri: "/admin/keys/\(studio.id)", method: .patch, headers: patch, body: ByteBuffer(string: #"{"name": " "}"#))
            #expect(empty.status == .badRequest)
            let body = #"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "a kite"}], "duration": 5}"#
            var made: [String] = []
            for secret in [shop.secret, studio.secret, shop.secret] {
                let (status, task) = try await client.post("/api/v3/contents/generations/tasks", json: body, key: secret)
                try #require(status == 200, "\(task)")
                made.append(try #require(task["id"]?.stringValue))
            }

            let (status, all) = try await client.get("/admin/tasks", key: Self.admin)
            #expect(status == 200 && all["total"] == 3 && all["has_more"] == false)
            #expect(all["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == made.reversed())
            let (_, mine) = try await client.get("/admin/tasks?owner=\(shop.id)", key: Self.admin)
            #expect(mine["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [made[2], made[0]])
            #expect(mine["data"]?.arrayValue?.allSatisfy { $0["owner"]?.stringValue == shop.id } == true)
            let (_, paged) = try await client.get("/admin/tasks?limit=2&page=2", key: Self.admin)
            #expect(paged["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [made[0]] && paged["total"] == 3)
            let (_, otherModel) = try await client.get("/admin/tasks?model=doubao-seedance-2.0", key: Self.admin)
            #expect(otherModel["total"] == 0)
            let (_, future) = try await client.get("/admin/tasks?since=\(Int(Date().timeIntervalSince1970) + 3600)", key: Self.admin)
            #expect(future["total"] == 0)

            // One task: its request, its timeline, its reserved cost.
            let (_, detail) = try await client.get("/admin/tasks/\(made[1])", key: Self.admin)
            #expect(detail["owner"]?.stringValue == studio.id)
            #expect(detail["request"]?["prompt"] == "a kite" && detail["request"]?["duration"] == 5)
            #expect(detail["events"]?.arrayValue?.first?["type"] == "created")
            #expect(detail["cost"]?["state"] == "reserved" && detail["cost"]?["reserved"] == .double(0.5))
            #expect(detail["currency"] == "USD")

            // Cancel it (queued or running); then it has ended and cannot be cancelled again.
            let (cancelStatus, cancelled) = try await client.post("/admin/tasks/\(made[1])/cancel", json: "", key: Self.admin)
            #expect(cancelStatus == 200 && cancelled["status"] == "cancelled", "\(cancelled)")
            #expect(cancelled["failure"]?["message"] == "The task was cancelled by the operator.")
            #expect(try await client.post("/admin/tasks/\(made[1])/cancel", json: "", key: Self.admin).0 == 409)
            // Its owner sees it cancelled too, and its reservation is released.
            let (_, seen) = try await client.get("/api/v3/contents/generations/tasks/\(made[1])", key: studio.secret)
            #expect(seen["status"] == "cancelled")
            let released = try await Polling.poll("/admin/tasks/\(made[1])", get: { try await client.get($0, key: Self.admin) }) {
                $0["cost"]?["state"] == "released"
            }
            let types = released["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(types.first == "created" && types.contains("cancelled") && types.last == "cost_released", "\(types)")
            let (_, onlyCancelled) = try await client.get("/admin/tasks?status=cancelled", key: Self.admin)
            #expect(onlyCancelled["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [made[1]])
            for id in [made[0], made[2]] { _ = try await client.post("/admin/tasks/\(id)/cancel", json: "", key: Self.admin) }
        }
    }
}
