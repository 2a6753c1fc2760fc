import Foundation

/// One operation of Reelay's HTTP API. Each is declared once, in `APIRoutes`: the router
/// registers its handler under it, `/openapi.json` documents it, the relay codecs and the CLI
/// call it, and the tests list the routes from it.
public struct APIRoute: Sendable, Hashable, CustomStringConvertible {
    public enum Method: String, Sendable { case get = "GET", post = "POST", patch = "PATCH", delete = "DELETE" }

    public let method: Method
    /// OpenAPI's syntax, parameters named in braces: `/v1/tasks/{task_id}`.
    public let path: String
    public let operationID: String
    public let tag: APITag
    public let summary: String
    /// Component schema names: the JSON request body, the 200 answer and the error body.
    public let request: String?
    public let response: String?
    public let error: String?
    /// Whether the reference lists it (an upstream's callback route is for that upstream only).
    public let documented: Bool

    init(_ method: Method, _ path: String, _ operationID: String, _ tag: APITag, _ summary: String,
         request: String? = nil, response: String? = nil, error: String? = nil, documented: Bool = true) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.tag = tag
        self.summary = summary
        self.request = request
        self.response = response
        self.error = error
        self.documented = documented
    }

    /// Hummingbird's syntax: `/v1/tasks/:task_id`.
    public var routerPath: String {
        segments.map { $0.hasPrefix("{") && $0.hasSuffix("}") ? ":" + $0.dropFirst().dropLast() : $0 }.joined(separator: "/")
    }

    /// The names of the path's parameters, in order.
    public var parameters: [String] {
        segments.filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    /// The path with its parameters filled in, in order, each escaped as one path segment.
    public func path(_ values: String...) -> String { path(filling: values) }

    public func path(filling values: [String]) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        var values = values.makeIterator()
        return segments.map { segment in
            guard segment.hasPrefix("{") else { return segment }
            let value = values.next() ?? ""
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
        }.joined(separator: "/")
    }

    public var description: String { "\(method.rawValue) \(path)" }

    private var segments: [String] { path.split(separator: "/", omittingEmptySubsequences: false).map(String.init) }
}

/// The groups the reference lists operations under.
public enum APITag: Int, Sendable, CaseIterable {
    case seedA, seedA0, seedB, seedC, seedD, ark, openai, assets, files, admin, operations, web

    public var name: String {
        switch self {
        case .seedA: "Seed A (anyfast)"
        case .seedA0: "Seed A, seed 000 (anyfast's earlier page)"
        case .seedB: "Seed B (toapis)"
        case .seedC: "Seed C (apimart)"
        case .seedD: "Seed D (unified)"
        case .ark: "Ark"
        case .openai: "OpenAI"
        case .assets: "Assets"
        case .files: "Files"
        case .admin: "Admin"
        case .operations: "Operations"
        case .web: "Web"
        }
    }

    /// The dialect whose routes these are (and whose prefix serves them too). Seed 000's routes
    /// carry their prefix in their paths and have no bare form.
    public var dialect: DialectID? {
        switch self {
        case .seedA: .anyfast
        case .seedA0: nil
        case .seedB: .toapis
        case .seedC: .apimart
        case .seedD: .unified
        case .ark: .ark
        case .openai: .openai
        case .assets, .files, .admin, .operations, .web: nil
        }
    }

    public var description: String {
        switch self {
        case .seedA: "anyfast and other new-api resellers: Ark's content array, new-api's query envelope."
        case .seedA0: "Seed A as seed 000 describes it: the same request, answered `{id, status: \"submitted\", created_at}` with an ISO time."
        case .seedB: "toapis: `aspect_ratio`, `metadata`, `image_urls` / `image_with_roles`."
        case .seedC: "apimart: `size`, per-medium URL lists, `{code, data}` answers."
        case .seedD: "Unified v2 gateways: `images`, Ark's top-level fields."
        case .ark: "Volcengine Ark / BytePlus ModelArk, as the volcenginesdkarkruntime SDK speaks it."
        case .openai: "OpenAI videos, as the openai SDK speaks it (`client.videos`)."
        case .assets: "Upload an image, video or audio file once; name it in requests as `asset://<id>`."
        case .files: "Result files behind expiring signed links (Range requests supported)."
        case .admin: "Key management and usage, for the admin key (REELAY_ADMIN_KEY) only."
        case .operations: "Liveness, readiness and Prometheus metrics."
        case .web: "The playground, this document, its rendered reference and the model catalog."
        }
    }
}
