import Foundation
import ReelayCore

extension MediaInput {
    /// The URL in a form safe for logs: `data:` URIs keep only their header and length, web URLs
    /// lose their user info, query and fragment (signed URLs carry secrets there) and long paths.
    public var redactedURL: String { Self.redact(url) }

    /// `redactedURL` for any URL string (a redirect target, a callback URL).
    public static func redact(_ url: String) -> String {
        if url.prefix(5).lowercased() == "data:" {
            let header = url.prefix { $0 != "," }.prefix(48)
            return "\(header),… (\(url.utf8.count) characters)"
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme else {
            return url.count > 24 ? "\(url.prefix(24))…" : url
        }
        guard let host = components.host else { return "\(scheme):…" }
        let port = components.port.map { ":\($0)" } ?? ""
        let path = components.percentEncodedPath
        let shownPath = path.count > 64 ? "\(path.prefix(64))…" : path
        let query = components.percentEncodedQuery == nil ? "" : "?…"
        return "\(scheme)://\(host)\(port)\(shownPath)\(query)"
    }
}
