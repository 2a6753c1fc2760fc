import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelayCore
import Testing
@testable import Reelay

/// The routes for people and tools: the playground and reference pages (self-contained: nothing
/// from another origin), `/v1/models` (the catalog's rules) and the OpenAPI document, which must
/// name every route the application serves, and only routes it serves.
@Suite struct WebTests {
    /// The web routes as the assembled application serves them.
    static func withWebRoutes(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider()), body)
    }

    static func document(videosDialect: DialectID = .toapis) throws -> JSONValue {
        OpenAPIDocument(catalog: try ModelCatalog.bundled(), videosDialect: videosDialect).encode()
    }

    // MARK: - Pages

    @Test func pagesAreSelfContained() async throws {
        try await Self.withWebRoutes { client in
            for (path, marks) in [("/", ["id=\"api-key\"", "id=\"model\"", "id=\"prompt\"", "id=\"submit\"", "<video", "id=\"gallery\""]),
                                  ("/docs", ["id=\"reference\"", "/web/docs.js"])] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'") && policy.contains("font-src 'none'"))
                let html = String(buffer: response.body)
                for mark in marks { #expect(html.contains(mark), "\(path) lacks \(mark)") }
                // Every linked resource is on this server (or a data: URI).
                for attribute in ["src=\"", "href=\""] {
                    for part in html.components(separatedBy: attribute).dropFirst() {
                        let value = part.prefix { $0 != "\"" }
                        #expect(value.hasPrefix("/") || value.hasPrefix("#") || value.hasPrefix("data:"), "\(path) links \(value)")
                    }
                }
            }
            for (file, type) in [("reelay.css", "text/css"), ("playground.css", "text/css"), ("docs.css", "text/css"),
                                 ("playground.js", "text/javascript"), ("docs.js", "text/javascript")] {
                let response = try await client.execute(uri: "/web/\(file)", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix(type) == true)
                let text = String(buffer: response.body)
                #expect(!text.contains("@import") && !text.contains("url(") && !text.contains("@font-face"), "\(file) loads a resource")
                #expect(!text.contains("fetch(\"http") && !text.contains("//cdn"), "\(file) fetches from elsewhere")
            }
            let script = String(buffer: try await client.execute(uri: "/web/playground.js", method: .get).body)
            for route in ["/api/v3/contents/generations/tasks", "/v1/video/generations/", "/v1/assets", "/v1/models", "localStorage"] {
                #expect(script.contains(route), "playground.js does not use \(route)")
            }
            #expect(try await client.execute(uri: "/web/missing.js", method: .get).status == .notFound)
        }
    }

    // MARK: - /v1/models

    @Test func modelsCarryTheCatalogRules() async throws {
        let catalog = try ModelCatalog.bundled()
        try await Self.withWebRoutes { client in
            let response = try await client.execute(uri: "/v1/models", method: .get)
            #expect(response.status == .ok)
            let body = try JSONValue.parse(response.body.readableBytesView)
            #expect(body["object"] == "list")
            let models = try #require(body["data"]?.arrayValue)
            #expect(models.compactMap { $0["id"]?.stringValue } == catalog.models.map(\.id))
            for (model, spec) in zip(models, catalog.models) {
                #expect(model["object"] == "model")
                #expect(model["resolutions"]?.arrayValue?.compactMap(\.stringValue) == spec.resolutions)
                #expect(model["ratios"]?.arrayValue?.compactMap(\.stringValue) == spec.ratios)
                #expect(model["durations"]?["min"]?.intValue == spec.durations.min)
                #expect(model["durations"]?["max"]?.intValue == spec.durations.max)
                #expect(model["audio"]?.boolValue == spec.audio)
                #expect(model["auto_duration"]?.boolValue == spec.autoDuration)
                #expect(model["media"]?["first_frame"]?.boolValue == spec.media.firstFrame)
                #expect(model["media"]?["reference_images"]?.intValue == spec.media.referenceImages)
                #expect(model["defaults"]?["ratio"]?.stringValue == spec.defaults.ratio)
                #expect(model["assets"]?.boolValue == spec.assets)
            }
            let fast = try #require(models.first { $0["id"] == "doubao-seedance-2.0-fast" })
            #expect(fast["sizes"]?["480p"]?["16:9"] == "864x496")
            #expect(fast["sizes"]?["1080p"] == nil)
            let pro = try #require(models.first { $0["id"] == "doubao-seedance-1-5-pro-251215" })
            #expect(pro["dialects"]?["toapis"]?["resolutions"] == ["480p", "720p"])
            #expect(pro["dialects"]?["anyfast"]?["defaults"]?["watermark"] == true)
            // The pages' stricter rules: toapis and unified need a prompt beside images, unified refuses seed -1.
            #expect(pro["dialects"]?["toapis"]?["prompt_required"] == true && pro["dialects"]?["toapis"]?["auto_duration"] == false)
            #expect(pro["dialects"]?["unified"]?["random_seed"] == false && pro["dialects"]?["ark"] == nil)
            // Seed 002's table: toapis' 1.0 pro takes one reference image, Ark's none.
            let pro10 = try #require(models.first { $0["id"] == "doubao-seedance-1-0-pro-250528" })
            #expect(pro10["media"]?["reference_images"] == 0 && pro10["dialects"]?["toapis"]?["media"]?["reference_images"] == 1)
            let textOnly = try #require(models.first { $0["id"] == "doubao-seedance-1-0-lite-t2v-250428" })
            #expect(textOnly["media"]?["first_frame"] == false && textOnly["audio"] == false)
            #expect(textOnly["frames"]?["step"] == 4)
            #expect(textOnly["prompt_limit"]?.intValue == RequestValidator.maxPromptLength)
        }
    }

    // MARK: - Downloads

    /// `?download=NAME` on a file link: saved under a safe form of NAME, with the file's extension.
    @Test func fileLinksTakeADownloadName() async throws {
        #expect(SignedFileMiddleware.downloadName("a-cat-on-a-skateboard-cgt-1", path: "/files/t/video.mp4") == "a-cat-on-a-skateboard-cgt-1.mp4")
        #expect(SignedFileMiddleware.downloadName("../../etc/passwd\r\nX: 1", path: "/files/t/video.mp4") == "etc-passwd-X-1.mp4")
        #expect(SignedFileMiddleware.downloadName("\"chat\u{e9}\".MP4", path: "/files/t/video.mp4") == "chat-.MP4")
        #expect(SignedFileMiddleware.downloadName("///", path: "/files/t/video.mp4") == nil)
        #expect(SignedFileMiddleware.downloadName(String(repeating: "a", count: 400), path: "/files/t/frame.png")?.count == 154)
        try await Self.withWebRoutes { client in
            let path = "/api/v3/contents/generations/tasks"
            let (_, created) = try await client.post(path, json: #"{"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "a cat"}]}"#)
            let id = try #require(created["id"]?.stringValue)
            let done = try await client.poll("\(path)/\(id)") { $0["status"] == "succeeded" }
            let link = try #require(done["content"]?["video_url"]?.stringValue)
            let start = try #require(link.range(of: "/files/"))
            let local = String(link[start.lowerBound...])
            let named = try await client.execute(uri: local + "&download=a%20cat%0D%0ASet-Cookie:x", method: .get)
            #expect(named.status == .ok)
            #expect(named.headers[.contentDisposition] == "attachment; filename=\"a-cat-Set-Cookie-x.mp4\"")
            let plain = try await client.execute(uri: local, method: .get)
            #expect(plain.status == .ok && plain.headers[.contentDisposition] == nil)
            let forged = try await client.execute(uri: "/files/\(id)/video.mp4?download=x", method: .get)
            #expect(forged.status == .forbidden && forged.headers[.contentDisposition] == nil)
        }
    }

    // MARK: - The OpenAPI document

    @Test func documentIsServedAndSelfConsistent() async throws {
        try await Self.withWebRoutes { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(try JSONValue.parse(response.body.readableBytesView) == Self.document())
        }
        let document = try Self.document()
        #expect(document["openapi"] == "3.1.0")
        #expect(document["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"] == "bearer")
        let schemas = try #require(document["components"]?["schemas"]?.objectValue)
        var references: Set<String> = []
        Self.collectReferences(document, into: &references)
        for reference in references {
            #expect(reference.hasPrefix("#/components/schemas/"), "\(reference)")
            #expect(schemas[String(reference.dropFirst("#/components/schemas/".count))] != nil, "\(reference) does not resolve")
        }
        var operationIDs: [String] = []
        for (path, item) in try #require(document["paths"]?.objectValue) {
            let templated = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            for (method, operation) in try #require(item.objectValue) where method != "servers" {
                operationIDs.append(try #require(operation["operationId"]?.stringValue))
                let declared = Set((operation["parameters"]?.arrayValue ?? []).filter { $0["in"] == "path" }.compactMap { $0["name"]?.stringValue })
                #expect(declared == templated, "\(method) \(path) declares \(declared), path has \(templated)")
                #expect(operation["responses"]?["200"] != nil, "\(method) \(path) documents no 200")
                // Links name operations that exist.
                for (_, link) in operation["responses"]?["200"]?["links"]?.objectValue ?? [:] {
                    #expect(link["operationId"]?.stringValue.map { id in Self.operations(document).contains { $0.id == id } } == true)
                }
            }
        }
        #expect(Set(operationIDs).count == operationIDs.count, "operationIds repeat")
    }

    /// The reference documents exactly the routes of the one table, `APIRoutes`, each under its
    /// operation id (of toapis and apimart, the one that does not answer the bare create path at
    /// its prefixed path).
    @Test func documentNamesEveryRoute() throws {
        let documented = Self.operations(try Self.document())
        var expected: [String] = []
        for route in APIRoutes.all where route.documented {
            let path = route == APIRoutes.apimartCreate ? "/apimart" + route.path : route.path
            expected.append("\(route.method.rawValue.lowercased()) \(path) \(route.operationID)")
        }
        let found = documented.map { "\($0.method) \($0.path) \($0.id)" }
        #expect(Set(found) == Set(expected), "documented but not in the table: \(Set(found).subtracting(expected)); in the table but not documented: \(Set(expected).subtracting(found))")
        #expect(found.count == expected.count)

        // With REELAY_VIDEOS_DIALECT=apimart the bare create path is apimart's.
        let apimart = Self.operations(try Self.document(videosDialect: .apimart))
        #expect(apimart.first { $0.method == "post" && $0.path == "/v1/videos/generations" }?.id == "apimartCreateTask")
        #expect(apimart.contains { $0.method == "post" && $0.path == "/toapis/v1/videos/generations" })
    }

    /// Every route of the table is registered: a route behind a key answers a missing one with
    /// 401 (403 for the admin API, disabled here), which only a matched route's middleware does
    /// (an unknown path falls through to the router's 404); an open route answers 200. Files are
    /// served by middleware, and the upstream callback route exists only with a routing file
    /// (the upstream tests call it).
    @Test func everyRouteOfTheTableIsRegistered() async throws {
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            for route in APIRoutes.all where route != APIRoutes.file && route != APIRoutes.upstreamCallback {
                let path = route == APIRoutes.webFile ? route.path("reelay.css")
                    : route.path(filling: route.parameters.map { _ in "cgt-missing" })
                let response = try await client.execute(uri: path, method: route.method.http, headers: [:])
                switch route.tag {
                case .operations, .web: #expect(response.status == .ok, "\(route) answered \(response.status)")
                case .admin: #expect(response.status == .forbidden, "\(route) answered \(response.status)")
                default: #expect(response.status == .unauthorized, "\(route) answered \(response.status)")
                }
            }
        }
    }

    /// The documented routes are real: on the assembled application each API route answers in
    /// JSON rather than falling through to the router's bare 404, and each web route answers 200.
    @Test func documentedRoutesExistInTheApplication() async throws {
        let operations = Self.operations(try Self.document())
        try await TestServer.run(overrides: .init(provider: TestProvider())) { client in
            for operation in operations {
                let path = operation.path.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "cgt-missing", options: .regularExpression)
                let method = HTTPRequest.Method(rawValue: operation.method.uppercased())!
                var headers: HTTPFields = [.authorization: "Bearer \(TestServer.key)"]
                if method == .post { headers[.contentType] = "application/json" }
                let response = try await client.execute(uri: path, method: method, headers: headers,
                                                        body: method == .post ? ByteBuffer(string: "{}") : nil)
                let type = response.headers[.contentType] ?? ""
                #expect(response.status != .notFound || type.hasPrefix("application/json"),
                        "\(operation.method) \(path) fell through the router (\(response.status))")
                #expect(response.status.code < 500, "\(operation.method) \(path) answered \(response.status)")
                if operation.tag == "Web" {
                    if !operation.path.contains("{") { #expect(response.status == .ok, "\(operation.method) \(path) answered \(response.status)") }
                } else if operation.path != "/metrics" {
                    #expect(type.hasPrefix("application/json"), "\(operation.method) \(path) answered \(type)")
                }
            }
        }
    }

    // MARK: - Helpers

    struct Operation {
        var method: String
        var path: String
        var id: String
        var tag: String
    }

    static func operations(_ document: JSONValue) -> [Operation] {
        var result: [Operation] = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] where method != "servers" {
                result.append(Operation(method: method, path: path, id: operation["operationId"]?.stringValue ?? "",
                                        tag: operation["tags"]?.arrayValue?.first?.stringValue ?? ""))
            }
        }
        return result
    }

    static func collectReferences(_ value: JSONValue, into references: inout Set<String>) {
        switch value {
        case .object(let fields):
            if let reference = fields["$ref"]?.stringValue { references.insert(reference) }
            for field in fields.values { collectReferences(field, into: &references) }
        case .array(let items):
            for item in items { collectReferences(item, into: &references) }
        default:
            break
        }
    }
}
