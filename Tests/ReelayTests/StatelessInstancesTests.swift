import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReelayCore
import Testing
@testable import Reelay

/// Real `reelay serve` processes keeping results, inputs and assets in one bucket
/// (`REELAY_BLOB_URL`), each with a data directory of its own: presigned and proxied result
/// links, ranges, inline media and assets, three instances on one PostgreSQL with one killed
/// midway, and retention removing the objects. Needs scripts/with-s3 (skipped without it) and,
/// for the instances, scripts/with-postgres.
@Suite(.serialized, .enabled(if: TestS3Server.settings != nil, "needs an S3 server: run under scripts/with-s3"))
struct StatelessInstancesTests {
    static let key = "stateless-key"
    let multi = MultiInstanceTests()

    static func environment(prefix: String, endpoint: String? = nil, links: String = "proxy") throws -> [String: String] {
        let settings = try #require(TestS3Server.settings)
        var environment = ["REELAY_BLOB_URL": "s3://\(settings.bucket)/\(prefix)", "REELAY_RESULT_LINKS": links,
                           "REELAY_API_KEYS": key, "REELAY_SIGNING_KEY": "stateless-signing-key", "REELAY_LIMIT_CONCURRENT": "0"]
        if let endpoint { environment["AWS_ENDPOINT_URL"] = endpoint }
        return environment
    }

    func client(prefix: String, endpoint: String? = nil) throws -> S3Client {
        let settings = try #require(TestS3Server.settings)
        var configuration = settings.configuration
        if let endpoint { configuration.endpoint = try #require(URL(string: endpoint)) }
        return S3Client(bucket: settings.bucket, configuration: configuration)
    }

    func request(_ baseURL: String, _ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (Int, JSONValue) {
        try await ServerProcess.request(baseURL, method, path, key: Self.key, body: body)
    }

    /// Waits for the task's end through `baseURL` and answers its seed A `data` object.
    func finished(_ id: String, at baseURL: String) async throws -> JSONValue {
        let (_, answer) = try await Polling.until("task \(id)", read: { try await request(baseURL, .GET, "/v1/video/generations/\(id)") },
                                                  done: { ["SUCCESS", "FAILURE"].contains($0.1["data"]?["status"]?.stringValue ?? "") })
        return try #require(answer["data"])
    }

    func fetch(_ url: String, range: String? = nil) async throws -> (Int, HTTPHeaders, Data) {
        var request = HTTPClientRequest(url: url)
        if let range { request.headers.add(name: "Range", value: range) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        return (Int(response.status.code), response.headers, Data(buffer: try await response.body.collect(upTo: 64 << 20)))
    }

    /// One instance with presigned links on the store without signature checks (moto cannot
    /// serve presigned URLs while it checks them): the result comes straight from the bucket,
    /// an inline image is kept there, and nothing lands in the data directory but scratch.
    @Test func presignedLinksAndInlineMediaOnOneInstance() async throws {
        let endpoint = try #require(ProcessInfo.processInfo.environment["REELAY_TEST_S3_UNCHECKED_ENDPOINT_URL"])
        let prefix = "stateless/\(UUID().uuidString)"
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ServerProcess(dataDirectory: directory.url, port: try ServerProcess.freePort(),
                                       environment: try Self.environment(prefix: prefix, endpoint: endpoint, links: "presigned"))
        defer { server.terminate() }
        try await server.waitUntilUp()
        let png = try Data(contentsOf: try await OpenAIRoutesTests.makePNG()).base64EncodedString()
        let (status, created) = try await request(server.baseURL, .POST, "/v1/video/generations", body: """
            {"model": "doubao-seedance-1-0-lite-i2v-250428", "duration": 2, "resolution": "480p",
             "content": [{"type": "text", "text": "inline"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,\(png)"}}]}
            """)
        #expect(status == 200, "\(created)")
        let id = try #require(created["id"]?.stringValue)
        let task = try await finished(id, at: server.baseURL)
        #expect(task["status"] == "SUCCESS", "\(task)\n\(server.output.suffix(3000))")
        let link = try #require(task["result_url"]?.stringValue)
        #expect(link.hasPrefix(endpoint) && link.contains("X-Amz-Signature="), "\(link)")
        let (fetched, headers, bytes) = try await fetch(link)
        #expect(fetched == 200 && bytes.count > 1000)
        #expect(headers.first(name: "Content-Type") == "video/mp4")
        let s3 = try client(prefix: prefix, endpoint: endpoint)
        #expect(try await s3.head(key: "\(prefix)/inputs/\(id)/0.png") != nil)
        #expect(!FileManager.default.fileExists(atPath: directory.url.appending(path: "files").path))
        // Deleting the task (Ark's DELETE) deletes its objects.
        let (deleted, _) = try await request(server.baseURL, .DELETE, "/api/v3/contents/generations/tasks/\(id)")
        #expect(deleted == 200)
        let left = try await s3.delete(prefix: "\(prefix)/files/\(id)/") + s3.delete(prefix: "\(prefix)/inputs/\(id)/")
        #expect(left == 0)
    }

    /// A routing file sending Seedance 1.5 pro to the fake Ark (polled often) and the rest to
    /// the local renderer.
    static func routingFile(in directory: URL, fake: FakeArk) throws -> String {
        let routing: JSONValue = [
            "channels": [["name": "ark", "kind": "ark", "baseURL": .string(fake.arkBase), "apiKeyEnv": "FAKE_ARK_KEY"]],
            "routes": ["doubao-seedance-1-5-pro-251215": ["ark"], "*": ["local"]],
            "polling": ["initialInterval": 0.2, "maxInterval": 0.5],
        ]
        let file = directory.appending(path: "upstreams.json")
        try routing.encoded().write(to: file)
        return file.path
    }

    /// Creates `count` tasks that go to the fake Ark, through the servers in turn.
    func createUpstream(_ count: Int, from first: Int, through servers: [ServerProcess]) async throws -> [String] {
        var ids: [String] = []
        for index in first..<(first + count) {
            let (status, created) = try await request(servers[index % servers.count].baseURL, .POST, "/v1/video/generations", body: """
                {"model": "doubao-seedance-1-5-pro-251215", "duration": 5, "resolution": "480p",
                 "content": [{"type": "text", "text": "upstream test \(index)"}]}
                """)
            #expect(status == 200, "\(created)")
            ids.append(try #require(created["id"]?.stringValue))
        }
        return ids
    }

    /// Three instances, separate data directories, one database and one bucket; one is killed
    /// with SIGKILL while tasks run. 300 tasks, local renders and upstream ones (a fake Ark
    /// keeps them running for a while): every task ends once, every local one succeeds, every
    /// upstream one was created upstream at most once and succeeds unless the victim died in
    /// the middle of its create (then it fails as "outcome unknown", never sent twice), every
    /// instance serves every result (with ranges), an asset uploaded through one is used by a
    /// task created on another, and retention removes the objects.
    @Test func threeInstancesShareNothingButTheDatabaseAndTheBucket() async throws {
        try await FakeArk.with(queuedFor: .milliseconds(300), runningFor: .seconds(2)) { fake in
            try await threeInstances(fake: fake)
        }
    }

    func threeInstances(fake: FakeArk) async throws {
        let prefix = "stateless/\(UUID().uuidString)"
        try await TestPostgres.withSchema { url in
            let directories = try (0..<4).map { _ in try TemporaryDirectory() }
            defer { directories.forEach { $0.remove() } }
            var environment = try Self.environment(prefix: prefix)
            environment["REELAY_DATABASE_URL"] = url
            environment["REELAY_LEASE_SECONDS"] = "6"
            environment["REELAY_UPSTREAMS"] = try Self.routingFile(in: directories[3].url, fake: fake)
            environment["FAKE_ARK_KEY"] = FakeArk.key
            let servers = try directories.prefix(3).map { try ServerProcess(dataDirectory: $0.url, port: try ServerProcess.freePort(), environment: environment) }
            defer { servers.forEach { $0.terminate() } }
            for server in servers { try await server.waitUntilUp() }

            // An asset through the first instance, used by a task created on the second.
            let png = try Data(contentsOf: try await OpenAIRoutesTests.makePNG())
            var upload = HTTPClientRequest(url: servers[0].baseURL + "/v1/assets")
            upload.method = .POST
            upload.headers.add(name: "Authorization", value: "Bearer \(Self.key)")
            upload.headers.add(name: "Content-Type", value: "image/png")
            upload.body = .bytes(ByteBuffer(data: png))
            let uploaded = try await HTTPClient.shared.execute(upload, timeout: .seconds(30))
            let asset = try JSONValue.parse(try await uploaded.body.collect(upTo: 1 << 20).readableBytesView)
            #expect(uploaded.status == .ok, "\(asset)")
            let assetURL = try #require(asset["url"]?.stringValue)
            let (assetStatus, assetTask) = try await request(servers[1].baseURL, .POST, "/apimart/v1/videos/generations", body: """
                {"model": "doubao-seedance-2.0", "prompt": "asset", "image_urls": ["\(assetURL)"], "duration": 4, "resolution": "480p"}
                """)
            #expect(assetStatus == 200, "\(assetTask)")

            // Upstream tasks first, so some wait upstream (parked) when the victim dies.
            var upstreamIDs = try await createUpstream(30, from: 0, through: servers)
            var ids = try await multi.create(120, through: servers, key: Self.key)
            // Kill one instance while tasks are running on it.
            try await Polling.until("a render on the victim") { servers[2].output.contains("Running task") }
            servers[2].kill9()
            upstreamIDs += try await createUpstream(30, from: 30, through: Array(servers[0..<2]))
            ids += try await multi.create(120, through: Array(servers[0..<2]), key: Self.key)

            let s3 = try client(prefix: prefix)
            try await MultiInstanceTests.Cluster(url: url, directory: directories[0]).withDatabase { database, store in
                let tasks = try await multi.waitUntilFinished(ids + upstreamIDs, store: store, servers: servers)
                #expect(tasks.count == 300)
                let local = tasks.filter { !upstreamIDs.contains($0.id) }
                #expect(local.allSatisfy { $0.status == .succeeded }, "\(local.filter { $0.status != .succeeded }.map(\.failure))")
                // Which upstream create the victim was sending when it died is chance: such a task
                // fails as "outcome unknown" (sending it again could charge twice); the rest succeed.
                let upstream = tasks.filter { upstreamIDs.contains($0.id) }
                let unsettled = upstream.filter { $0.status != .succeeded }
                #expect(unsettled.allSatisfy { $0.failure?.code == .upstreamOutcomeUnknown }, "\(unsettled.map(\.failure))")
                #expect(unsettled.count < upstream.count)
                // No upstream task was created twice for one of Reelay's (a task's note outlives
                // the instance that dies after saving its result; see UpstreamNoteRemover).
                let prompts = fake.state.withLock { $0.tasks.values.map(\.prompt) }
                #expect(Set(prompts).count >= 30, "\(prompts.sorted())")
                // On failure, what the instances logged about a doubled task.
                let doubled = fake.state.withLock { state in
                    state.order.filter { id in state.tasks.values.filter { $0.prompt == state.tasks[id]?.prompt }.count > 1 }
                }
                let related = servers.flatMap { server in
                    server.output.split(separator: "\n").filter { line in doubled.contains { line.contains($0) } }
                }
                #expect(prompts.count == Set(prompts).count && prompts.count <= 60, "\(doubled)\n\(related.joined(separator: "\n"))")
                let succeededUpstream = try #require(upstream.first { $0.status == .succeeded })
                let upstreamTask = try await finished(succeededUpstream.id, at: servers[1].baseURL)
                let upstreamVideo = try await fetch(try #require(upstreamTask["result_url"]?.stringValue))
                #expect(upstreamVideo.0 == 200 && String(decoding: upstreamVideo.2, as: UTF8.self).contains("mdat:cgt-"))

                // Any live instance serves any result through its proxy link, ranges included.
                for id in ids.prefix(4) {
                    let task = try await finished(id, at: servers[0].baseURL)
                    let link = try #require(task["result_url"]?.stringValue)
                    let other = link.replacingOccurrences(of: servers[0].baseURL, with: servers[1].baseURL)
                    let (whole, _, all) = try await fetch(other)
                    #expect(whole == 200 && all.count > 1000)
                    let (part, headers, bytes) = try await fetch(link, range: "bytes=100-199")
                    #expect(part == 206 && bytes == all[100...199])
                    #expect(headers.first(name: "Content-Range") == "bytes 100-199/\(all.count)")
                    let (suffix, _, tail) = try await fetch(link, range: "bytes=-10")
                    #expect(suffix == 206 && tail == all.suffix(10))
                    let (beyond, beyondHeaders, _) = try await fetch(link, range: "bytes=\(all.count + 5)-")
                    #expect(beyond == 416 && beyondHeaders.first(name: "Content-Range") == "bytes */\(all.count)")
                }
                // apimart answers {"code": 200, "data": [{"status": "submitted", "task_id": ...}]}.
                let assetID = try #require(assetTask["data"]?.arrayValue?.first?["task_id"]?.stringValue, "\(assetTask)")
                let used = try await finished(assetID, at: servers[0].baseURL)
                #expect(used["status"] == "SUCCESS", "\(used)")
                #expect(try await s3.head(key: "\(prefix)/files/\(ids[0])/video.mp4") != nil)

                // Retention: tasks that ended 40 days ago go, with their objects.
                try await database.execute("UPDATE tasks SET finished_at = finished_at - interval '40 days' WHERE finished_at IS NOT NULL")
                try await Polling.until("retention removed the objects", every: .milliseconds(500)) {
                    let first = try await s3.head(key: "\(prefix)/files/\(ids[0])/video.mp4")
                    let last = try await s3.head(key: "\(prefix)/files/\(ids[ids.count - 1])/video.mp4")
                    return first == nil && last == nil
                }
                try await Polling.until("no task rows left", every: .milliseconds(500)) { try await store.counts().values.reduce(0, +) == 0 }
            }
            // Nothing under files/ or inputs/ is left; the asset's object stays with its record. An
            // instance deletes a task's row before its objects, so the rows can be gone a moment before.
            try await Polling.until("retention removed every result and input object", every: .milliseconds(500)) {
                let files = try await s3.list(prefix: "\(prefix)/files/", continuation: nil).keys
                let inputs = try await s3.list(prefix: "\(prefix)/inputs/", continuation: nil).keys
                return files.isEmpty && inputs.isEmpty
            }
            #expect(try await s3.delete(prefix: "\(prefix)/assets/") == 1)
        }
    }
}
