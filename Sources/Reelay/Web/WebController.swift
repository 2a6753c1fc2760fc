import Foundation
import HTTPTypes
import Hummingbird
import ReelayCore

/// The routes for people and for tools, none of which needs a key:
/// - `GET /`: the playground (create, watch, play and browse tasks);
/// - `GET /docs`: the API reference, rendered in the browser from the OpenAPI document;
/// - `GET /console`: the operator console (keys, usage, tasks, channels), which asks for the admin key;
/// - `GET /openapi.json`: the OpenAPI 3.1 document of every route;
/// - `GET /v1/models`: the catalog's models with their rules, which the playground's form follows;
/// - `GET /web/{file}`: the pages' style sheets and scripts.
///
/// The pages are plain files in `Sources/Reelay/Web/Pages`, bundled as resources, so they can be
/// read, linted and diffed as HTML, CSS and JavaScript. Every body is read or built once, when
/// the controller is made. The pages load nothing from any other origin, which their
/// Content-Security-Policy enforces.
public struct WebController: Sendable {
    let openAPI: ByteBuffer
    let models: ByteBuffer
    let playground: ByteBuffer
    let docs: ByteBuffer
    let console: ByteBuffer
    let files: [String: (contentType: String, body: ByteBuffer)]

    /// `videosDialect` is the dialect that answers the bare `POST /v1/videos/generations`
    /// (`AppConfiguration.videosDialect`), so that the document describes what this server does.
    public init(catalog: ModelCatalog, videosDialect: DialectID = .toapis) throws {
        openAPI = ByteBuffer(bytes: OpenAPIDocument(catalog: catalog, videosDialect: videosDialect).encode().encoded())
        models = ByteBuffer(bytes: ModelsDocument.encode(catalog).encoded())
        playground = try Self.page("playground.html")
        docs = try Self.page("docs.html")
        console = try Self.page("console.html")
        let css = "text/css; charset=utf-8"
        let script = "text/javascript; charset=utf-8"
        var files: [String: (contentType: String, body: ByteBuffer)] = [:]
        for name in ["reelay.css", "playground.css", "docs.css", "console.css"] { files[name] = (css, try Self.page(name)) }
        for name in ["playground.js", "docs.js", "console.js"] { files[name] = (script, try Self.page(name)) }
        self.files = files
    }

    /// A file of the bundled pages folder.
    static func page(_ name: String) throws -> ByteBuffer {
        guard let folder = Bundle.module.url(forResource: "Pages", withExtension: nil) else {
            throw ConfigurationError("The web pages are missing from the build (resource folder Pages).")
        }
        return ByteBuffer(bytes: try Data(contentsOf: folder.appending(path: name)))
    }

    /// What the pages may load: their own scripts and styles; images and videos from anywhere
    /// (result links may sit behind REELAY_PUBLIC_URL; image inputs are previewed by URL).
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: http: https:; "
        + "media-src 'self' blob: http: https:; connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'"

    public func register(on router: Router<ReelayRequestContext>) {
        router.on(APIRoutes.playground) { _, _ in Self.page(playground) }
        router.on(APIRoutes.docs) { _, _ in Self.page(docs) }
        router.on(APIRoutes.console) { _, _ in Self.page(console) }
        router.on(APIRoutes.openAPI) { _, _ in Self.response(openAPI, contentType: "application/json; charset=utf-8") }
        router.on(APIRoutes.models) { _, _ in Self.response(models, contentType: "application/json; charset=utf-8") }
        router.on(APIRoutes.webFile) { _, context in
            guard let name = context.parameters.get("file"), let file = files[name] else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "Not found.\n")))
            }
            return Self.response(file.body, contentType: file.contentType)
        }
    }

    static func page(_ html: ByteBuffer) -> Response {
        var response = response(html, contentType: "text/html; charset=utf-8")
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }

    static func response(_ body: ByteBuffer, contentType: String) -> Response {
        Response(status: .ok,
                 headers: [.contentType: contentType, .cacheControl: "no-cache",
                           HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                 body: .init(byteBuffer: body))
    }
}
