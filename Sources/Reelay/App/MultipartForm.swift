import Foundation
import Hummingbird
import MultipartKit
import ReelayCore

/// A `multipart/form-data` body: its text fields, and the one file part (`input_reference`).
struct MultipartForm {
    var fields: [String: String] = [:]
    var file: (data: [UInt8], contentType: String, filename: String)?

    static func parse(_ request: Request, boundary: String, limit: Int) async throws(APIError) -> MultipartForm {
        try parse(try await request.rawBody(limit: limit), boundary: boundary)
    }

    static func parse(_ buffer: ByteBuffer, boundary: String) throws(APIError) -> MultipartForm {
        let parser = MultipartParser(boundary: boundary)
        var parts: [(headers: [String: String], body: [UInt8])] = []
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in body += chunk.readBytes(length: chunk.readableBytes) ?? [] }
        parser.onPartComplete = {
            parts.append((headers, body))
            headers = [:]
            body = []
        }
        do {
            try parser.execute(buffer)
        } catch {
            throw APIError(.invalidParameter, "The multipart body is malformed.", param: "body")
        }
        var form = MultipartForm()
        for part in parts {
            let disposition = ContentDisposition.parameters(of: part.headers["content-disposition"] ?? "")
            guard let name = disposition["name"] else { continue }
            if let filename = disposition["filename"] {
                form.file = (part.body, part.headers["content-type"] ?? "application/octet-stream", filename)
            } else {
                form.fields[name] = String(decoding: part.body, as: UTF8.self)
            }
        }
        return form
    }
}
