import Foundation
import Testing
@testable import Reelay

/// SigV4Signer against botocore, the AWS SDK for Python's signing core: Fixtures/sigv4-botocore.json
/// holds what botocore computed for S3 requests with odd keys, query parameters, multipart upload
/// ids, a session token, an unsigned payload and presigned GETs. Regenerate it with
/// `scripts/sigv4-vectors`.
@Suite struct SigV4BotocoreTests {
    struct Fixture: Decodable {
        let botocore: String
        let date: String
        let cases: [Case]
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        struct Credentials: Decodable, Sendable {
            let access_key: String
            let secret_key: String
            let token: String?
        }
        struct Expected: Decodable, Sendable {
            let canonicalRequest: String?
            let headers: [String: String]?
            let url: String?
        }
        let name: String
        let kind: String
        let method: String
        let url: String
        let headers: [[String]]
        let body: String?
        let signedPayload: Bool?
        let expires: Int?
        let credentials: Credentials
        let region: String
        let expected: Expected
        var testDescription: String { name }

        var signer: SigV4Signer {
            SigV4Signer(credentials: .init(accessKeyID: credentials.access_key, secretAccessKey: credentials.secret_key,
                                           sessionToken: credentials.token), region: region)
        }
        var requestHeaders: [SigV4Signer.Header] { headers.map { ($0[0], $0[1]) } }
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "sigv4-botocore", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static var date: Date { try! Date(fixture.date, strategy: .iso8601) }

    @Test func fixtureHoldsEveryKindOfCase() {
        #expect(Self.fixture.cases.count >= 12)
        #expect(Self.fixture.cases.contains { $0.kind == "query" })
        #expect(Self.fixture.cases.contains { $0.credentials.token != nil })
    }

    @Test(arguments: fixture.cases.filter { $0.kind == "header" })
    func headerSignature(_ vector: Case) throws {
        let url = try #require(URL(string: vector.url))
        let payload: SigV4Signer.Payload = vector.signedPayload == false ? .unsigned : .of(Data((vector.body ?? "").utf8))
        let signed = vector.signer.sign(method: vector.method, url: url, headers: vector.requestHeaders,
                                        payload: payload, date: Self.date)
        let expected = try #require(vector.expected.headers)
        // Every header botocore added, with the same value, and nothing else.
        #expect(Dictionary(uniqueKeysWithValues: signed.map { ($0.name.lowercased(), $0.value) }) == expected)

        let time = SigV4Signer.timestamp(Self.date)
        var all = vector.requestHeaders + signed.filter { $0.name != "Authorization" }
        all.append(("host", SigV4Signer.host(of: url)))
        let canonical = SigV4Signer.canonicalRequest(method: vector.method, url: url, query: SigV4Signer.queryPairs(of: url),
                                                     headers: SigV4Signer.canonicalHeaders(all), payload: payload)
        #expect(canonical == vector.expected.canonicalRequest)
        #expect(time == expected["x-amz-date"])
    }

    @Test(arguments: fixture.cases.filter { $0.kind == "query" })
    func presignedURL(_ vector: Case) throws {
        let url = try #require(URL(string: vector.url))
        let presigned = vector.signer.presign(method: vector.method, url: url, headers: vector.requestHeaders,
                                              expires: try #require(vector.expires), date: Self.date)
        #expect(presigned.absoluteString == vector.expected.url)
    }
}
