import Foundation
import ReelayCore

/// What Reelay itself reads of a `multipart/form-data` body (MultipartKit splits the parts):
/// each part's `Content-Disposition` parameters, and `OpenAIDialect.decodeForm` on the fields
/// and file. An input is lines: the first is a Content-Disposition header; then `name=value`
/// lines are text fields, and a line `@type;filename` makes the rest of the input the file.
enum FormTarget {
    static func run(_ bytes: [UInt8]) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 64, omittingEmptySubsequences: false)[...]
        let header = Array(lines.popFirst() ?? []).text
        let parameters = ContentDisposition.parameters(of: header)
        require(ContentDisposition.parameters(of: header) == parameters, "the same header reads differently twice")
        for (name, value) in parameters {
            require(name == name.lowercased(), "parameter name '\(name)' is not lowercased")
            require(!name.contains(";") && !value.contains(";"), "a parameter spans a ';'")
            require(!value.hasPrefix("\"") && !value.hasSuffix("\""), "value \(value.debugDescription) keeps its quotes")
        }

        var fields: [String: String] = [:]
        var file: (data: [UInt8], contentType: String, filename: String)?
        while let line = lines.popFirst() {
            if line.first == UInt8(ascii: "@") {
                let label = Array(line.dropFirst()).text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
                let rest = lines.joined(separator: [UInt8(ascii: "\n")])
                file = (Array(rest), String(label.first ?? ""), String(label.dropFirst().first ?? "upload"))
                break
            }
            let pair = Array(line).text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
        }
        let request: GenerationRequest
        do { request = try OpenAIDialect().decodeForm(fields: fields, file: file) } catch { return }  // an APIError: a 400
        if let file, let input = request.media.first {
            // An uploaded file becomes a data: URI of exactly its bytes.
            switch Result(catching: { () throws(DataURI.Failure) in try DataURI(parsing: input.url) }) {
            case .success(let uri): require(uri.data == Data(file.data), "the uploaded file's data: URI holds other bytes")
            case .failure(let failure): fatalError("Broken invariant: the uploaded file's data: URI does not parse: \(failure)")
            }
        }
        JSONBodyTarget.validate(request, dialect: .openai)
    }
}
