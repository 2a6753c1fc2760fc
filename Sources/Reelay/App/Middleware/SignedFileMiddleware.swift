import Foundation
import Hummingbird

/// Guards `/files/...`: only a link with a valid, unexpired signature reaches the file
/// middleware behind it (which serves ranges, ETags and content types).
///
/// `?download=NAME` (outside the signature, like any extra query) asks for the file as a download
/// saved under NAME: the answer carries `Content-Disposition: attachment` with the name reduced
/// to letters, digits, dots, dashes and underscores, so it cannot inject a header or a path.
struct SignedFileMiddleware: RouterMiddleware {
    typealias Context = ReelayRequestContext
    let links: LinkSigner

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/files/") else { return try await next(request, context) }
        let query = request.uri.queryParameters
        guard links.verify(path: path, expires: query["expires"].map(String.init), signature: query["signature"].map(String.init)) else {
            return .json(["error": ["message": "This file link is invalid or has expired; query the task again for a fresh link.",
                                    "type": "permission_error", "code": "link_expired"]], status: 403)
        }
        var response = try await next(request, context)
        guard response.status != .notFound else {
            return .json(["error": ["message": "This file no longer exists.", "type": "not_found_error", "code": "file_not_found"]],
                         status: 404)
        }
        if let wanted = query["download"].map(String.init), let name = Self.downloadName(wanted, path: path),
           response.status == .ok || response.status == .partialContent {
            response.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        }
        return response
    }

    /// `wanted` as a safe file name: other characters become dashes, runs of dashes one, at most
    /// 150 characters, never starting with a dot; the stored file's extension is added when the
    /// name lacks it. Nil when nothing usable is left.
    static func downloadName(_ wanted: String, path: String) -> String? {
        var name = ""
        for scalar in wanted.unicodeScalars {
            let safe = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
            let character = safe ? Character(scalar) : "-"
            if character == "-" && name.hasSuffix("-") { continue }
            name.append(character)
        }
        while name.hasPrefix(".") || name.hasPrefix("-") { name.removeFirst() }
        name = String(name.prefix(150))
        while name.hasSuffix("-") || name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty else { return nil }
        let fileExtension = (path as NSString).pathExtension.lowercased()
        if !fileExtension.isEmpty, !name.lowercased().hasSuffix("." + fileExtension) { name += "." + fileExtension }
        return name
    }
}
