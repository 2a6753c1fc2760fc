import Foundation

/// The parameters of a multipart part's `Content-Disposition` header.
public enum ContentDisposition {
    /// `form-data; name="prompt"; filename="a.png"` as `["name": "prompt", "filename": "a.png"]`.
    /// Names are lowercased; a later parameter of the same name wins.
    public static func parameters(of header: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            result[pair[0].lowercased()] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return result
    }
}
