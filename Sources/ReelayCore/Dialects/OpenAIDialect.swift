import Foundation

/// OpenAI videos, as the official SDK (`openai`, `client.videos`) speaks it: `POST /v1/videos`
/// (the SDK always sends multipart; JSON is accepted too), `GET /v1/videos/{id}`,
/// `GET /v1/videos`, `DELETE /v1/videos/{id}` and `POST /v1/videos/{id}/remix`, all answered
/// with the SDK's `Video` object.
///
/// Decisions where OpenAI's documents do not cover a Seedance gateway:
/// - `model` defaults to doubao-seedance-2.0, and OpenAI's own names (`sora-2`, `sora-2-pro` and
///   their dated snapshots) mean doubao-seedance-2.0, so that unchanged Sora clients work. Any
///   catalog model or alias may be named instead. The video's `model` is the Seedance name.
/// - `seconds` is any whole number of seconds the model offers (a string, as the SDK sends it,
///   or an integer), not only 4, 8 and 12.
/// - `size` ("WIDTHxHEIGHT") is a size the model renders exactly (its family's geometry table,
///   at the resolutions and ratios it offers), or one of OpenAI's own sizes: 720x1280 and
///   1280x720 are 720p, 1024x1792 and 1792x1024 are 1080p, at 9:16 or 16:9. Any other size is a
///   400 naming `size` that lists the sizes the model takes, as OpenAI refuses sizes a model does
///   not offer; no size is made up. The video's `size` is the size rendered. Without `size`, the
///   catalog's OpenAI defaults (720p 9:16, 4 s) apply.
/// - `input_reference` (a multipart file, an `{image_url}` object or a URL string) is the
///   first frame. OpenAI's Files API does not exist here, so `{file_id}` is refused.
/// - Cancelled and expired tasks are `failed` with an error, as OpenAI has no other end state.
/// - A remix keeps everything of the original but its prompt; only completed videos remix. The
///   remix records its original, shown as `remixed_from_video_id`.
/// - Error codes are OpenAI's (`missing_required_parameter`, `invalid_value`,
///   `video_not_found`) in the OpenAI error body.
public struct OpenAIDialect: Dialect {
    public init() {}

    public var id: DialectID { .openai }
    public var createRoute: APIRoute { APIRoutes.openaiCreate }
    public var queryRoute: APIRoute { APIRoutes.openaiQuery }

    /// Sent as the `openai-poll-after-ms` header, which the SDK's `create_and_poll` honours.
    public static let pollAfterMilliseconds = 1000
    public static let defaultModel = "doubao-seedance-2.0"

    public func decodeCreate(_ body: JSONValue) throws(APIError) -> GenerationRequest {
        let reader = try JSONObjectReader(body)
        var request = try Self.decode(reader)
        if let reference = reader.value("input_reference") {
            request.media = [try Self.reference(reference)]
        }
        return request
    }

    /// A multipart body: its text fields, and the `input_reference` file if one was uploaded.
    /// The SDK only uploads files itself; an `{image_url}` object sent through its `extra_body`
    /// arrives as the field `input_reference[image_url]`.
    public func decodeForm(fields: [String: String],
                           file: (data: [UInt8], contentType: String, filename: String)?) throws(APIError) -> GenerationRequest {
        // A blank form field is an unset one.
        let fields = fields.filter { !$0.value.isEmpty }
        let reader = try JSONObjectReader(.object(fields.mapValues(JSONValue.string)))
        var request = try Self.decode(reader)
        let url = fields["input_reference"] ?? fields["input_reference[image_url]"]
        switch (file, url) {
        case (let file?, nil):
            request.media = [Self.firstFrame(try Self.dataURL(file))]
        case (nil, let url?):
            request.media = [Self.firstFrame(url)]
        case (.some, .some):
            throw .invalid("input_reference", "Send input_reference either as a file or as a URL, not both.")
        case (nil, nil):
            break
        }
        return request
    }

    /// `POST /v1/videos/{id}/remix`: the original's request with a new prompt.
    public func decodeRemix(_ body: JSONValue, original: GenerationTask) throws(APIError) -> GenerationRequest {
        let prompt = try JSONObjectReader(body).requiredString("prompt")
        guard original.status == .succeeded else {
            throw .invalid("video_id", "Video \(original.id) is \(Self.status(original.status)); only a completed video can be remixed.")
        }
        let spec = original.spec
        return GenerationRequest(
            model: spec.requestedModel, prompt: prompt, media: spec.media, resolution: spec.resolution, ratio: spec.ratio,
            duration: spec.frames == nil ? spec.duration : nil, frames: spec.frames, seed: spec.seed,
            generateAudio: spec.generateAudio, watermark: spec.watermark, cameraFixed: spec.cameraFixed,
            remixedFrom: original.id)
    }

    // MARK: - Decoding

    /// The fields a JSON and a multipart body share.
    static func decode(_ reader: JSONObjectReader) throws(APIError) -> GenerationRequest {
        let prompt = try reader.requiredString("prompt")
        var request = GenerationRequest(model: model(try reader.string("model")), prompt: prompt)
        if let seconds = try reader.int("seconds") {
            request.duration = seconds
            request.paramNames["duration"] = "seconds"
        }
        if let size = try reader.string("size") {
            request.size = try Self.size(size)
            for field in ["size", "resolution", "ratio"] { request.paramNames[field] = "size" }
        }
        return request
    }

    /// The Seedance model a name means (see the decisions above).
    static func model(_ name: String?) -> String {
        guard let name else { return defaultModel }
        let lowered = name.trimmingCharacters(in: .whitespaces).lowercased()
        return lowered == "sora-2" || lowered.hasPrefix("sora-2-") ? defaultModel : name
    }

    static func reference(_ value: JSONValue) throws(APIError) -> MediaInput {
        if let url = value.stringValue { return firstFrame(url) }
        guard case .object = value else {
            throw .invalid("input_reference", "input_reference must be an object {\"image_url\": ...} or an image URL, not \(value.typeName).")
        }
        let reader = try JSONObjectReader(value, path: "input_reference")
        if let url = try reader.string("image_url") { return firstFrame(url) }
        if reader.has("file_id") {
            throw APIError(.unsupported, "Uploaded files cannot be referenced by file_id here; send image_url (an https or data: URL) or upload the image as the multipart field input_reference.",
                           param: "input_reference.file_id")
        }
        throw APIError(.missingParameter, "The parameter input_reference.image_url is required.", param: "input_reference.image_url")
    }

    static func firstFrame(_ url: String) -> MediaInput {
        MediaInput(kind: .image, url: url, role: .firstFrame, param: "input_reference")
    }

    /// An uploaded image as a `data:` URL. The bytes decide the type when they are a known image,
    /// because clients often send files as `application/octet-stream`.
    static func dataURL(_ file: (data: [UInt8], contentType: String, filename: String)) throws(APIError) -> String {
        guard !file.data.isEmpty, let type = imageType(of: file.data) ?? declaredImageType(file.contentType) else {
            throw .invalid("input_reference", "input_reference must be a JPEG, PNG or WebP image; \(file.filename) is \(file.data.isEmpty ? "empty" : "'\(file.contentType)'").")
        }
        return "data:\(type);base64,\(Data(file.data).base64EncodedString())"
    }

    /// The declared `image/...` type, when it is one a `data:` URL can carry as it is: a subtype
    /// of the characters RFC 6838 allows in type names, so that no blank, ',' or ';' in it can
    /// reshape the URL (`image/png,x` would make the file's base64 the text after a comma).
    static func declaredImageType(_ contentType: String) -> String? {
        let declared = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let subtype = declared.utf8.dropFirst("image/".utf8.count)
        guard declared.hasPrefix("image/"), (1...127).contains(subtype.count),
              subtype.allSatisfy({ byte in typeNameCharacters.contains(byte) }) else { return nil }
        return declared
    }

    private static let typeNameCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$&-^_.+".utf8)

    static func imageType(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }
}
