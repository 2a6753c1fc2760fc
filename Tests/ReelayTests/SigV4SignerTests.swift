import Foundation
import Testing
@testable import Reelay

/// The signer against AWS's published examples: the S3 developer guide's worked examples
/// ("Signature Calculations for the Authorization Header" and "Authenticating Requests: Using
/// Query Parameters", bucket `examplebucket`) and cases of the SigV4 test suite
/// (aws-sig-v4-test-suite, service `service`). Every expected value is AWS's, not ours.
@Suite struct SigV4SignerTests {
    // MARK: S3 developer guide

    static let s3Example = SigV4Signer(
        credentials: .init(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600) // 2013-05-24T00:00:00Z
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func s3Authorization(signedHeaders: String, signature: String) -> String {
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    @Test func s3GetObjectWithRange() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt"))
        let headers = Self.s3Example.sign(method: "GET", url: url, headers: [("Range", "bytes=0-9")], payload: .empty, date: Self.s3Date)
        #expect(headers.value("Authorization") == Self.s3Authorization(
            signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"))
        #expect(headers.value("x-amz-date") == "20130524T000000Z")
        #expect(headers.value("x-amz-content-sha256") == Self.emptyHash)
        #expect(headers.value("x-amz-security-token") == nil)
    }

    /// The guide also prints this example's canonical request and the hash of its string to sign.
    @Test func s3GetObjectCanonicalRequest() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt"))
        let headers = SigV4Signer.canonicalHeaders([
            ("Range", "bytes=0-9"), ("host", "examplebucket.s3.amazonaws.com"),
            ("x-amz-content-sha256", Self.emptyHash), ("x-amz-date", "20130524T000000Z"),
        ])
        let canonical = SigV4Signer.canonicalRequest(method: "GET", url: url, query: [], headers: headers, payload: .empty)
        #expect(canonical == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:\(Self.emptyHash)
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            \(Self.emptyHash)
            """)
        #expect(Self.s3Example.stringToSign(canonicalRequest: canonical, time: "20130524T000000Z") == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
            """)
    }

    /// `$` in the key is encoded (`/test%24file.text`); the body's hash is signed.
    @Test func s3PutObject() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test$file.text"))
        let headers = Self.s3Example.sign(
            method: "PUT", url: url,
            headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payload: .of(Data("Welcome to Amazon S3.".utf8)), date: Self.s3Date)
        #expect(headers.value("x-amz-content-sha256") == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        #expect(headers.value("Authorization") == Self.s3Authorization(
            signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"))
    }

    /// A query name with no value (`?lifecycle`) signs as `lifecycle=`.
    @Test func s3GetBucketLifecycle() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/?lifecycle"))
        let headers = Self.s3Example.sign(method: "GET", url: url, payload: .empty, date: Self.s3Date)
        #expect(headers.value("Authorization") == Self.s3Authorization(
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"))
    }

    /// The parameters are given out of order and must be sorted.
    @Test func s3ListObjects() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2"))
        let headers = Self.s3Example.sign(method: "GET", url: url, payload: .empty, date: Self.s3Date)
        #expect(headers.value("Authorization") == Self.s3Authorization(
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"))
    }

    @Test func s3PresignedGet() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt"))
        let presigned = Self.s3Example.presign(method: "GET", url: url, expires: 86_400, date: Self.s3Date)
        #expect(presigned.absoluteString == "https://examplebucket.s3.amazonaws.com/test.txt"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    // MARK: aws-sig-v4-test-suite

    static let suite = SigV4Signer(
        credentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160) // 2015-08-30T12:36:00Z

    struct SuiteCase: Sendable, CustomTestStringConvertible {
        let name: String
        let method: String
        let target: String
        var headers: [SigV4Signer.Header] = []
        var body = ""
        let signedHeaders: String
        let signature: String
        var testDescription: String { name }
    }

    static let suiteCases: [SuiteCase] = [
        SuiteCase(name: "get-vanilla", method: "GET", target: "/", signedHeaders: "host;x-amz-date",
                  signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        SuiteCase(name: "get-unreserved", method: "GET",
                  target: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                  signedHeaders: "host;x-amz-date",
                  signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        SuiteCase(name: "get-vanilla-query-order-key-case", method: "GET", target: "/?Param2=value2&Param1=value1",
                  signedHeaders: "host;x-amz-date",
                  signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        SuiteCase(name: "get-vanilla-query-order-value", method: "GET", target: "/?Param1=value2&Param1=value1",
                  signedHeaders: "host;x-amz-date",
                  signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        SuiteCase(name: "get-vanilla-utf8-query", method: "GET", target: "/?%E1%88%B4=bar",
                  signedHeaders: "host;x-amz-date",
                  signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        SuiteCase(name: "get-header-key-duplicate", method: "GET", target: "/",
                  headers: [("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")],
                  signedHeaders: "host;my-header1;x-amz-date",
                  signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        SuiteCase(name: "get-header-value-order", method: "GET", target: "/",
                  headers: [("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2")],
                  signedHeaders: "host;my-header1;x-amz-date",
                  signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        SuiteCase(name: "get-header-value-trim", method: "GET", target: "/",
                  headers: [("My-Header1", " value1"), ("My-Header2", "\"a   b   c\"")],
                  signedHeaders: "host;my-header1;my-header2;x-amz-date",
                  signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        SuiteCase(name: "post-x-www-form-urlencoded", method: "POST", target: "/",
                  headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1",
                  signedHeaders: "content-type;host;x-amz-date",
                  signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    ]

    @Test(arguments: suiteCases)
    func suiteCase(_ vector: SuiteCase) throws {
        let url = try #require(URL(string: "https://example.amazonaws.com" + vector.target))
        let headers = Self.suite.sign(method: vector.method, url: url, headers: vector.headers,
                                      payload: .of(Data(vector.body.utf8)), date: Self.suiteDate)
        #expect(headers.value("Authorization") == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=\(vector.signedHeaders), Signature=\(vector.signature)")
        #expect(headers.value("x-amz-date") == "20150830T123600Z")
        // Only S3 wants the payload hash as a header.
        #expect(headers.value("x-amz-content-sha256") == nil)
    }

    /// get-vanilla with a session token: the token is sent and signed as x-amz-security-token.
    @Test func suiteSessionToken() throws {
        let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        var credentials = Self.suite.credentials
        credentials.sessionToken = token
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let url = try #require(URL(string: "https://example.amazonaws.com/"))
        let headers = signer.sign(method: "GET", url: url, payload: .empty, date: Self.suiteDate)
        #expect(headers.value("x-amz-security-token") == token)
        #expect(headers.value("Authorization") == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-security-token, "
            + "Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8")
    }

    /// The suite's canonical URI lines for paths that S3 and the generic services agree on.
    @Test func suiteCanonicalURIs() throws {
        let cases = [("/example%20space/", "/example%20space/"), ("/%E1%88%B4", "/%E1%88%B4"), ("", "/")]
        for (path, canonical) in cases {
            let url = try #require(URL(string: "https://example.amazonaws.com" + path))
            #expect(SigV4Signer.canonicalURI(url) == canonical, "path \(path)")
        }
    }

    // MARK: S3 specifics the vectors do not reach

    /// A key is encoded once whether it arrives raw or encoded; S3 keeps `//` and `..` as they are.
    @Test func s3KeysAreEncodedOnceAndNeverNormalized() throws {
        let cases = [
            ("/bucket/a%20b+c~d=e", "/bucket/a%20b%2Bc~d%3De"),
            ("/bucket/%E8%A7%86%E9%A2%91.mp4", "/bucket/%E8%A7%86%E9%A2%91.mp4"),
            ("/bucket/100%25", "/bucket/100%25"),
            ("/bucket//a/../b/", "/bucket//a/../b/"),
            ("/bucket/a%2Fb", "/bucket/a%2Fb"),
        ]
        for (path, canonical) in cases {
            let url = try #require(URL(string: "http://127.0.0.1:9000" + path))
            #expect(SigV4Signer.canonicalURI(url) == canonical, "path \(path)")
        }
    }

    @Test func queryIsEncodedAndSortedByteWise() throws {
        let url = try #require(URL(string: "https://h/?uploadId=a%2Fb+c&partNumber=10&b&a=1=2&Z=z"))
        #expect(SigV4Signer.canonicalQuery(SigV4Signer.queryPairs(of: url))
            == "Z=z&a=1%3D2&b=&partNumber=10&uploadId=a%2Fb%2Bc")
    }

    @Test func hostCarriesOnlyANonDefaultPort() throws {
        #expect(SigV4Signer.host(of: try #require(URL(string: "http://127.0.0.1:9000/b"))) == "127.0.0.1:9000")
        #expect(SigV4Signer.host(of: try #require(URL(string: "https://s3.example.com:443/b"))) == "s3.example.com")
        #expect(SigV4Signer.host(of: try #require(URL(string: "http://s3.example.com/b"))) == "s3.example.com")
    }

    @Test func unsignedPayloadIsDeclared() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt"))
        let headers = Self.s3Example.sign(method: "PUT", url: url, payload: .unsigned, date: Self.s3Date)
        #expect(headers.value("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
    }

    @Test func timestampIsUTC() {
        #expect(SigV4Signer.timestamp(Date(timeIntervalSince1970: 1_709_251_199)) == "20240229T235959Z")
        #expect(SigV4Signer.timestamp(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
    }
}

extension [SigV4Signer.Header] {
    /// The value of the first header named `name` (case-insensitive).
    func value(_ name: String) -> String? {
        first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
