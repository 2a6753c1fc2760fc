import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ReelayCore
import ServiceLifecycle
import Synchronization
import Testing
@testable import Reelay

/// Fetching against a tiny server on 127.0.0.1 that each test starts; nothing else is contacted.
@Suite("Media fetcher")
struct MediaFetcherTests {
    static let png = DataURITests.png
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The default limits, with a time limit that only guards against a hang: the suite shares
    /// two cores with renders. Tests of the time limit pass their own.
    static let patient = MediaLimits(timeLimit: .seconds(120))

    static func fetcher(allowPrivate: Bool = true, _ limits: MediaLimits = patient) -> MediaFetcher {
        MediaFetcher(httpClient: .shared, allowPrivateAddresses: allowPrivate, limits: limits, logger: quiet)
    }

    static func image(_ url: String) -> MediaInput {
        MediaInput(kind: .image, url: url, role: .referenceImage, param: "image_urls[0]")
    }

    /// The message `load` fails with, or nil when it succeeds.
    static func failure(loading input: MediaInput, with fetcher: MediaFetcher, into directory: URL) async -> String? {
        do {
            _ = try await fetcher.load(input, into: directory)
            return nil
        } catch let error as ProviderError {
            #expect(error.code == "InvalidInput")
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    // MARK: The server

    /// Counts requests, so a test can show that a refused URL was never fetched.
    final class Hits: Sendable {
        let count = Atomic(0)
    }

    static func router(_ hits: Hits) -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(CountingMiddleware(hits: hits))
        router.get("image.png") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        router.get("download") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        router.get("page.html") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "<html>nope</html>")))
        }
        router.get("notes.bin") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(string: "just some text")))
        }
        // 4 KB announced up front, and 4 KB streamed in chunks without a length.
        router.get("big.png") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: png + Array(repeating: 0, count: 4096))))
        }
        router.get("stream.png") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(bytes: png))
                for _ in 0..<8 { try await writer.write(ByteBuffer(bytes: Array(repeating: 0, count: 512))) }
                try await writer.finish(nil)
            })
        }
        // Headers and the first bytes at once, the rest too late.
        router.get("slow.png") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(bytes: png))
                try await Task.sleep(for: .seconds(3))
                try await writer.write(ByteBuffer(bytes: png))
                try await writer.finish(nil)
            })
        }
        // /hops/3 -> /hops/2 -> /hops/1 -> /hops/0 -> /image.png: n + 1 redirects.
        router.get("hops/:n") { _, context in
            let n = try context.parameters.require("n", as: Int.self)
            return Response(status: .found, headers: [.location: n == 0 ? "/image.png" : "/hops/\(n - 1)"])
        }
        router.get("to-file") { _, _ in
            Response(status: .movedPermanently, headers: [.location: "file:///etc/passwd"])
        }
        return router
    }

    struct CountingMiddleware<Context: RequestContext>: RouterMiddleware {
        let hits: Hits
        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            hits.count.add(1, ordering: .relaxed)
            return try await next(request, context)
        }
    }

    /// Runs `body` with the base URL of a server listening on 127.0.0.1 on a free port, serving
    /// `routes` (by default the media of these tests).
    static func withServer<T: Sendable>(routes: Router<BasicRequestContext>? = nil,
                                        _ body: (_ base: String, _ hits: Hits) async throws -> T) async throws -> T {
        let hits = Hits()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: routes ?? router(hits),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: quiet
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                let value = try await body("http://127.0.0.1:\(port)", hits)
                await services.triggerGracefulShutdown()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }

    // MARK: Tests

    @Test func downloadsAnImage() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withServer { base, _ in
            let input = Self.image("\(base)/image.png?signature=secret")
            try await Self.fetcher().check(input)
            let file = try await Self.fetcher().load(input, into: directory.url)
            #expect(file.pathExtension == "png")
            #expect(try Data(contentsOf: file) == Data(Self.png))
        }
    }

    @Test func acceptsOctetStreamWhenTheBytesAreAnImage() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withServer { base, _ in
            let file = try await Self.fetcher().load(Self.image("\(base)/download"), into: directory.url)
            #expect(file.pathExtension == "png")

            let message = await Self.failure(loading: Self.image("\(base)/notes.bin"), with: Self.fetcher(), into: directory.url)
            #expect(message == "Cannot use the image at image_urls[0]: its bytes are not an image format Reelay accepts (PNG, JPEG, WebP, GIF, BMP).")
        }
    }

    @Test func refusesTheWrongContentType() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withServer { base, _ in
            let message = await Self.failure(loading: Self.image("\(base)/page.html"), with: Self.fetcher(), into: directory.url)
            #expect(message == "Cannot use the image at image_urls[0]: its content type is 'text/html', expected image/*.")
            let video = MediaInput(kind: .video, url: "\(base)/image.png", role: .referenceVideo, param: "video_urls[0]")
            let videoMessage = await Self.failure(loading: video, with: Self.fetcher(), into: directory.url)
            #expect(videoMessage == "Cannot use the video at video_urls[0]: its content type is 'image/png', expected video/*.")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test(arguments: ["big.png", "stream.png"])
    func refusesBodiesOverTheLimit(path: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let small = MediaLimits(maxImageBytes: 1024)
        try await Self.withServer { base, _ in
            let message = await Self.failure(loading: Self.image("\(base)/\(path)"), with: Self.fetcher(small), into: directory.url)
            #expect(message == "Cannot use the image at image_urls[0]: it is larger than the image limit of 1 KB.")
        }
        // No partial file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func followsUpToThreeRedirects() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withServer { base, hits in
            let file = try await Self.fetcher().load(Self.image("\(base)/hops/2"), into: directory.url)
            #expect(try Data(contentsOf: file) == Data(Self.png))
            #expect(hits.count.load(ordering: .relaxed) == 4)

            let message = await Self.failure(loading: Self.image("\(base)/hops/3"), with: Self.fetcher(), into: directory.url)
            #expect(message == "Cannot use the image at image_urls[0]: its server redirects more than 3 times.")
            #expect(hits.count.load(ordering: .relaxed) == 8)

            let toFile = await Self.failure(loading: Self.image("\(base)/to-file"), with: Self.fetcher(), into: directory.url)
            #expect(toFile == "Cannot use the image at image_urls[0]: its server redirects (HTTP 301) to a location that is not an http(s) URL.")
        }
    }

    @Test func givesUpOnASlowServer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let impatient = MediaLimits(timeLimit: .milliseconds(500))
        try await Self.withServer { base, _ in
            // The server answers after 3 s: only a fetch that gave up earlier reports this.
            let message = await Self.failure(loading: Self.image("\(base)/slow.png"), with: Self.fetcher(impatient), into: directory.url)
            #expect(message == "Cannot use the image at image_urls[0]: it could not be downloaded within 0.5 s.")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func reportsHTTPErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withServer { base, _ in
            let message = await Self.failure(loading: Self.image("\(base)/missing.png"), with: Self.fetcher(), into: directory.url)
            #expect(message == "Cannot use the image at image_urls[0]: its server answered HTTP 404.")
        }
    }

    @Test func reportsAnUnreachableServer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The port of a server that has just stopped: nothing listens there any more.
        let base = try await Self.withServer { base, _ in base }
        // The overall limit only guards against a hang; a refused connection must be reported as such.
        let limits = MediaLimits(timeLimit: .seconds(60), connectTimeout: .milliseconds(500))
        let message = await Self.failure(loading: Self.image("\(base)/image.png"), with: Self.fetcher(limits), into: directory.url)
        #expect(message == "Cannot use the image at image_urls[0]: its server could not be reached.")
    }

    @Test func refusesLoopbackUnlessPrivateAddressesAreAllowed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withServer { base, hits in
            let input = Self.image("\(base)/image.png")
            let strict = Self.fetcher(allowPrivate: false)
            let expected = "Cannot use the image at image_urls[0]: its host 127.0.0.1 is a loopback address, which Reelay may not contact."
            await #expect(throws: APIError.invalid("image_urls[0]", expected)) {
                try await strict.check(input)
            }
            await #expect(throws: ProviderError.invalidInput(expected)) {
                try await strict.load(input, into: directory.url)
            }
            let viaName = await Self.failure(loading: Self.image(base.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/image.png"), with: strict, into: directory.url)
            #expect(viaName == "Cannot use the image at image_urls[0]: its host localhost resolves to a loopback address, which Reelay may not contact.")
            #expect(hits.count.load(ordering: .relaxed) == 0)
        }
    }

    /// Only `check` here: it resolves and judges addresses but never connects. Loopback
    /// spellings only; the metadata and private ranges are AddressPolicyTests'.
    @Test(arguments: [
        ("http://[::1]:8080/a.png", "its host ::1 is a loopback address"),
        ("http://127.0.0.2/a.png", "its host 127.0.0.2 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/a.png", "its host ::ffff:127.0.0.1 is a loopback address"),
        ("http://2130706433/a.png", "its host 2130706433 resolves to a loopback address"),
        ("HTTP://LocalHost:9/a.png", "its host LocalHost resolves to a loopback address"),
    ])
    func refusesPrivateHostsAtCheck(url: String, reason: String) async {
        do {
            try await Self.fetcher(allowPrivate: false).check(Self.image(url))
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.param == "image_urls[0]")
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test func pinsNamesToTheCheckedAddress() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withServer { base, _ in
            // `localhost` may also resolve to ::1, where nothing listens; the IPv4 address is pinned.
            let input = Self.image(base.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/image.png")
            let file = try await Self.fetcher().load(input, into: directory.url)
            #expect(file.pathExtension == "png")
        }
    }

    @Test func redactsURLsForLogs() {
        #expect(MediaInput.redact("https://user:pw@cdn.example.com:8443/a/b.png?X-Amz-Signature=abc#f") == "https://cdn.example.com:8443/a/b.png?…")
        #expect(MediaInput.redact("data:image/png;base64,\(DataURITests.pngBase64)") == "data:image/png;base64,… (118 characters)")
    }
}
