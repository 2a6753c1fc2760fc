import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// Prices and budgets through the HTTP layer: a dry run in every dialect, a create the budget
/// cannot cover refused in each dialect's quota shape, the cost stored when a task succeeds and
/// nothing when it fails, and the usage report as CSV.
@Suite struct SpendEndToEndTests {
    static let admin = "test-admin-key"
    static let pro15 = "doubao-seedance-1-5-pro-251215"
    /// Each dialect's create route and a 5 s (OpenAI: 4 s) request it takes.
    static let creates: [(dialect: String, path: String, body: String)] = [
        ("anyfast", "/v1/video/generations", #"{"model": "\#(pro15)", "content": [{"type": "text", "text": "x"}], "duration": 5}"#),
        ("toapis", "/toapis/v1/videos/generations", #"{"model": "doubao-seedance-1-5-pro", "prompt": "x", "duration": 5}"#),
        ("apimart", "/apimart/v1/videos/generations", #"{"model": "doubao-seedance-2.0", "prompt": "x", "duration": 5}"#),
        ("unified", "/v2/videos/generations", #"{"model": "doubao-seedance-1-0-pro-250528", "prompt": "x", "duration": 5}"#),
        ("ark", "/api/v3/contents/generations/tasks", #"{"model": "\#(pro15)", "content": [{"type": "text", "text": "x"}], "duration": 5}"#),
        ("openai", "/v1/videos", #"{"model": "doubao-seedance-2.0", "prompt": "x", "seconds": "4"}"#),
    ]

    static func configuration(_ directory: TemporaryDirectory) throws -> AppConfiguration {
        var configuration = TestServer.configuration(directory)
        let prices = directory.url.appending(path: "prices.json")
        try Data(#"{"currency": "USD", "prices": [{"model": "*", "per_second": 0.1}]}"#.utf8).write(to: prices)
        configuration.pricesFile = prices.path
        configuration.adminKey = admin
        return configuration
    }

    /// A JSON amount as a number (a whole amount is written without a fraction).
    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let int)?: Double(int)
        case .double(let double)?: double
        default: nil
        }
    }

    /// A managed key with a budget, made through the admin API; its secret.
    static func budgetedKey(_ client: any TestClientProtocol, total: Double) async throws -> (id: String, secret: String) {
        let (status, key) = try await client.post("/admin/keys", json: #"{"name": "shop", "budget_total": \#(total)}"#, key: admin)
        try #require(status == 200, "\(key)")
        #expect(key["budget"]?["total"] == .double(total))
        return (try #require(key["id"]?.stringValue), try #require(key["secret"]?.stringValue))
    }

    @Test func dryRunsAnswerTheEstimateAndRefusalsComeInEachDialectsQuotaShape() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await TestServer.run(configuration: try Self.configuration(directory), overrides: .init(provider: TestProvider())) { client in
            let shop = try await Self.budgetedKey(client, total: 0.35)
            for create in Self.creates {
                let seconds = create.dialect == "openai" ? 4 : 5
                let (status, estimate) = try await client.post(create.path + "?dry_run=true", json: create.body)
                #expect(status == 200, "\(create.dialect): \(estimate)")
                #expect(estimate["object"] == "estimate" && estimate["dry_run"] == true, "\(create.dialect): \(estimate)")
                #expect(estimate["estimate"]?["amount"] == .double(0.1 * Double(seconds)), "\(create.dialect): \(estimate)")
                #expect(estimate["estimate"]?["currency"] == "USD")

                // 0.4 or 0.5 USD does not fit a budget of 0.35: refused, dry run or not.
                for path in [create.path + "?dry_run=true", create.path] {
                    let (refused, body) = try await client.post(path, json: create.body, key: shop.secret)
                    let message = (body["message"] ?? body["error"]?["message"])?.stringValue ?? ""
                    #expect(message.contains("left of this key's total budget of 0.35 USD"), "\(create.dialect): \(body)")
                    switch create.dialect {
                    case "anyfast", "unified":
                        #expect(refused == 429 && body["code"] == "insufficient_quota" && body["data"] == .null, "\(body)")
                    case "toapis": #expect(refused == 429 && body["error"]?["type"] == "insufficient_quota", "\(body)")
                    case "apimart": #expect(refused == 402 && body["error"]?["type"] == "payment_required", "\(body)")
                    case "ark": #expect(refused == 429 && body["error"]?["code"] == "QuotaExceeded", "\(body)")
                    default: #expect(refused == 429 && body["error"]?["code"] == "insufficient_quota", "\(body)")
                    }
                }
            }
            // Nothing was made, and nothing is held.
            let (_, keys) = try await client.get("/admin/keys", key: Self.admin)
            let listed = keys["data"]?.arrayValue?.first { $0["id"]?.stringValue == shop.id }
            #expect(Self.number(listed?["spend"]?["total"]) == 0 && Self.number(listed?["spend"]?["remaining"]?["total"]) == 0.35, "\(keys)")
            let (status, bad) = try await client.post(Self.creates[0].path + "?dry_run=maybe", json: Self.creates[0].body)
            #expect(status == 400 && bad["message"]?.stringValue?.contains("dry_run") == true, "\(bad)")
        }
    }

    @Test func successIsChargedOnceFailureCostsNothingAndUsageExportsAsCSV() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await TestServer.run(configuration: try Self.configuration(directory), overrides: .init(provider: TestProvider())) { client in
            let shop = try await Self.budgetedKey(client, total: 1.2)
            let response = try await client.execute(
                uri: "/v1/video/generations", method: .post,
                headers: [.authorization: "Bearer \(shop.secret)", .contentType: "application/json"],
                body: ByteBuffer(string: Self.creates[0].body))
            #expect(response.status == .ok)
            #expect(response.headers[.reelayEstimate] == "0.50" && response.headers[.reelayCurrency] == "USD")
            let id = try #require(try JSONValue.parse(response.body.readableBytesView)["id"]?.stringValue)
            _ = try await client.poll("/v1/video/generations/\(id)", key: shop.secret) { $0["data"]?["status"] == "SUCCESS" }
            try await Polling.until("the cost settled") {
                let (_, keys) = try await client.get("/admin/keys", key: Self.admin)
                let spend = keys["data"]?.arrayValue?.first { $0["id"]?.stringValue == shop.id }?["spend"]
                return Self.number(spend?["total"]) == 0.5 && Self.number(spend?["reserved"]) == 0
            }
            let (_, usage) = try await client.get("/admin/usage", key: Self.admin)
            let row = try #require(usage["daily"]?.arrayValue?.first, "\(usage)")
            #expect(row["owner"]?.stringValue == shop.id && row["model"]?.stringValue == Self.pro15)
            #expect(row["cost"] == .double(0.5) && row["video_seconds"] == 5 && row["tasks"] == 1, "\(row)")
            #expect(usage["currency"] == "USD")

            let csv = try await client.execute(uri: "/admin/usage?format=csv", method: .get,
                                               headers: [.authorization: "Bearer \(Self.admin)"])
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = String(buffer: csv.body).split(separator: "\r\n").map(String.init)
            #expect(lines.first == "day,owner,model,tasks,tokens,video_seconds,cost,list_cost,currency")
            #expect(lines.count == 2 && lines[1].hasSuffix(",1,\(row["tokens"]?.intValue ?? -1),5,0.500000,0.500000,USD"), "\(lines)")
        }

        // A provider that fails: the task costs nothing, and what it held is given back.
        let failing = TestProvider(failure: ProviderError(code: .internalError, message: "broken"))
        let second = try TemporaryDirectory()
        defer { second.remove() }
        try await TestServer.run(configuration: try Self.configuration(second), overrides: .init(provider: failing)) { client in
            let shop = try await Self.budgetedKey(client, total: 1.2)
            let (status, created) = try await client.post(Self.creates[0].path, json: Self.creates[0].body, key: shop.secret)
            let id = try #require(created["id"]?.stringValue, "\(status) \(created)")
            _ = try await client.poll("/v1/video/generations/\(id)", key: shop.secret) { $0["data"]?["status"] == "FAILURE" }
            try await Polling.until("the reservation released") {
                let (_, keys) = try await client.get("/admin/keys", key: Self.admin)
                let spend = keys["data"]?.arrayValue?.first { $0["id"]?.stringValue == shop.id }?["spend"]
                return Self.number(spend?["total"]) == 0 && Self.number(spend?["reserved"]) == 0
            }
            let (_, usage) = try await client.get("/admin/usage", key: Self.admin)
            #expect(usage["daily"]?.arrayValue?.isEmpty == true, "\(usage)")
        }
    }
}
