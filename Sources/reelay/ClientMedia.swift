import Foundation
import ReelayCore

/// An `--image`, `--last-frame` or `--reference` argument as an item of Ark's `content` array.
/// URLs (http, https, data, asset) pass through; a local file becomes a `data:` URI. The
/// extension says whether it is an image, a video or audio.
struct ClientMedia {
    enum Kind: String {
        case image, video, audio
    }

    /// Extension to kind and MIME type, for the formats the server accepts.
    static let formats: [String: (kind: Kind, mimeType: String)] = [
        "png": (.image, "image/png"), "jpg": (.image, "image/jpeg"), "jpeg": (.image, "image/jpeg"),
        "webp": (.image, "image/webp"), "gif": (.image, "image/gif"), "bmp": (.image, "image/bmp"),
        "mp4": (.video, "video/mp4"), "m4v": (.video, "video/mp4"), "mov": (.video, "video/quicktime"),
        "mkv": (.video, "video/x-matroska"), "webm": (.video, "video/webm"),
        "mp3": (.audio, "audio/mpeg"), "wav": (.audio, "audio/wav"), "ogg": (.audio, "audio/ogg"),
        "opus": (.audio, "audio/ogg"), "flac": (.audio, "audio/flac"), "aac": (.audio, "audio/aac"),
        "m4a": (.audio, "audio/mp4"),
    ]

    var kind: Kind
    var url: String

    init(_ argument: String, option: String) throws {
        let lowered = argument.lowercased()
        if lowered.hasPrefix("data:") {
            let type = lowered.dropFirst(5).prefix { $0 != ";" && $0 != "," }
            kind = type.hasPrefix("video/") ? .video : type.hasPrefix("audio/") ? .audio : .image
            url = argument
        } else if ["http://", "https://", "asset://"].contains(where: lowered.hasPrefix) {
            let pathExtension = URL(string: argument)?.pathExtension.lowercased() ?? ""
            kind = Self.formats[pathExtension]?.kind ?? .image
            url = argument
        } else {
            let file = URL(filePath: (argument as NSString).expandingTildeInPath)
            guard let format = Self.formats[file.pathExtension.lowercased()] else {
                let known = Self.formats.keys.sorted().joined(separator: ", ")
                throw ClientFailure(.badRequest, "\(option) \(argument): unknown file type; expected one of \(known), or a URL.")
            }
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw ClientFailure(.badRequest, "\(option) \(argument): no such file.")
            }
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw ClientFailure(.badRequest, "\(option) \(argument): cannot read the file.")
            }
            kind = format.kind
            url = "data:\(format.mimeType);base64,\(data.base64EncodedString())"
        }
    }

    /// `{"type": "image_url", "image_url": {"url": ...}, "role": ...}`, and so on for video and audio.
    func contentItem(role: String) -> JSONValue {
        let type = "\(kind.rawValue)_url"
        return .object(["type": .string(type), type: ["url": .string(url)], "role": .string(role)])
    }

    /// Ark's role for a reference of this kind.
    var referenceRole: String { "reference_\(kind.rawValue)" }
}
