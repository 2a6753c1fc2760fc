import AsyncHTTPClient
import Configuration
import Foundation
import Testing
@testable import Reelay

/// S3Client against a real S3-compatible server: run under `scripts/with-s3`, which starts one on
/// loopback and sets AWS_ENDPOINT_URL, the credentials and REELAY_TEST_S3_BUCKET. Without them
/// these tests are skipped.
@Suite(.enabled(if: TestS3Server.settings != nil, "needs an S3 server: run under scripts/with-s3"))
struct S3ClientTests {

    let client: S3Client
    /// Each test works under its own prefix, so tests running at once never meet.
    let prefix = "tests/\(UUID().uuidString)/"

    init() throws {
        let settings = try #require(TestS3Server.settings)
        var client = S3Client(bucket: settings.bucket, configuration: settings.configuration)
        client.multipartThreshold = S3Client.minimumPartSize
        client.partSize = S3Client.minimumPartSize
        self.client = client
    }

    static func bytes(_ count: Int, seed: UInt8) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    }

    @Test func smallObjectRoundTrip() async throws {
        let key = prefix + "a b+c~d=e/视频.txt"
        let data = Data("hello, bucket".utf8)
        try await client.put(key: key, data: data, contentType: "text/plain")
        let object = try await client.get(key: key)
        #expect(object.status == 200)
        #expect(try await object.bytes(upTo: 1 << 20) == data)
        let info = try #require(try await client.head(key: key))
        #expect(info.length == data.count)
        #expect(info.contentType == "text/plain")
    }

    /// 12 MiB from a file in three parts (5 + 5 + 2 MiB), read back whole and by range.
    @Test func multipartRoundTripFromFile() async throws {
        let data = Self.bytes(12 << 20, seed: 7)
        let file = FileManager.default.temporaryDirectory.appending(path: "s3-\(UUID().uuidString).bin")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let key = prefix + "big/video file.mp4"
        try await client.put(key: key, file: file, contentType: "video/mp4")

        let info = try #require(try await client.head(key: key))
        #expect(info.length == data.count)
        // A multipart object's ETag is "<hash>-<parts>".
        #expect(info.etag?.hasSuffix("-3\"") == true)
        #expect(try await client.get(key: key).bytes(upTo: 13 << 20) == data)

        let middle = try await client.get(key: key, range: "bytes=5242870-5242889")
        #expect(middle.status == 206)
        #expect(middle.contentRange == "bytes 5242870-5242889/\(data.count)")
        #expect(try await middle.bytes(upTo: 100) == data[5_242_870...5_242_889])
    }

    @Test func rangeReads() async throws {
        let key = prefix + "range.bin"
        let data = Self.bytes(1000, seed: 3)
        try await client.put(key: key, data: data)
        #expect(try await client.get(key: key, range: "bytes=10-19").bytes(upTo: 100) == data[10...19])
        #expect(try await client.get(key: key, range: "bytes=-5").bytes(upTo: 100) == data.suffix(5))
        let beyond = await #expect(throws: S3Error.self) { try await client.get(key: key, range: "bytes=5000-") }
        #expect(beyond?.code == "InvalidRange")
    }

    @Test func headAndDeleteOfOneObject() async throws {
        let key = prefix + "gone.txt"
        #expect(try await client.head(key: key) == nil)
        try await client.put(key: key, data: Data("x".utf8))
        #expect(try await client.head(key: key) != nil)
        try await client.delete(key: key)
        #expect(try await client.head(key: key) == nil)
        // Deleting what is not there is fine, as S3 says.
        try await client.delete(key: key)
        let missing = await #expect(throws: S3Error.self) { try await client.get(key: key) }
        #expect(missing?.code == "NoSuchKey")
    }

    /// Only the keys under the prefix go, odd characters included; a neighbour with the same
    /// leading characters stays.
    @Test func deleteOfAPrefix() async throws {
        let keys = ["task/video.mp4", "task/inputs/first frame.png", "task/inputs/a+b=c&d<e>.png", "task/ключ~1"]
        for key in keys { try await client.put(key: prefix + key, data: Data(key.utf8)) }
        try await client.put(key: prefix + "task-other/keep.txt", data: Data("keep".utf8))

        #expect(try await client.delete(prefix: prefix + "task/") == keys.count)
        for key in keys { #expect(try await client.head(key: prefix + key) == nil, "\(key)") }
        #expect(try await client.head(key: prefix + "task-other/keep.txt") != nil)
        #expect(try await client.delete(prefix: prefix) == 1)
    }

    /// The URL fetches the object for a client that knows nothing of S3. This runs on the
    /// server without signature checks (moto cannot serve a presigned URL while it checks them),
    /// so the signature itself is proved by the AWS and botocore vectors of SigV4SignerTests.
    @Test func presignedURLFetchedWithAPlainClient() async throws {
        let settings = try #require(TestS3Server.settings)
        let address = try #require(ProcessInfo.processInfo.environment["REELAY_TEST_S3_UNCHECKED_ENDPOINT_URL"])
        var configuration = settings.configuration
        configuration.endpoint = try #require(URL(string: address))
        let client = S3Client(bucket: settings.bucket, configuration: configuration)
        let key = prefix + "shared/clip 1+1 视频.mp4"
        let data = Self.bytes(2048, seed: 9)
        try await client.put(key: key, data: data, contentType: "video/mp4")

        let url = client.presignedGET(key: key, expires: 600)
        let query = try #require(url.query())
        #expect(query.contains("X-Amz-Expires=600") && query.contains("X-Amz-Signature="))
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(30))
        #expect(response.status.code == 200)
        #expect(response.headers.first(name: "Content-Type") == "video/mp4")
        #expect(Data(buffer: try await response.body.collect(upTo: 1 << 20)) == data)
    }

    /// A wrong secret is refused at once (not retried) with S3's own code and message, and the
    /// error shows neither secret.
    @Test func wrongSecretIsAClearError() async throws {
        let settings = try #require(TestS3Server.settings)
        var configuration = settings.configuration
        configuration.credentials.secretAccessKey = "not-the-secret-" + UUID().uuidString
        let wrong = S3Client(bucket: settings.bucket, configuration: configuration)
        let error = await #expect(throws: S3Error.self) {
            try await wrong.put(key: prefix + "denied.txt", data: Data("no".utf8))
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        let text = error.map(String.init(describing:)) ?? ""
        #expect(text.contains("PUT") && text.contains("denied.txt") && text.contains("403"))
        #expect(!text.contains(configuration.credentials.secretAccessKey))
        #expect(!text.contains(settings.configuration.credentials.secretAccessKey))
        #expect(try await client.head(key: prefix + "denied.txt") == nil)
    }
}

/// The server scripts/with-s3 started, from its variables; nil when there is none.
enum TestS3Server {
    static var settings: (configuration: S3Configuration, bucket: String)? {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        guard let bucket = reader.string(forKey: "reelay.test.s3.bucket"), reader.string(forKey: "aws.endpoint.url") != nil,
              let configuration = try? S3Configuration(reader: reader) else { return nil }
        return (configuration, bucket)
    }
}
