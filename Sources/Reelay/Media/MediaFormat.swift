import Foundation
import ReelayCore

/// The file formats Reelay recognises by their first bytes. Servers often label media
/// `application/octet-stream`; the magic numbers then decide whether the bytes are what the
/// request says they are, and which extension the local file gets (ffmpeg probes contents, but
/// people reading a task folder and some decoders go by the extension).
enum MediaFormat: String, Sendable, CaseIterable {
    case png, jpeg, webp, gif, bmp
    case mp4, mov, matroska
    case mp3, wav, ogg, flac, aac, m4a

    /// How many leading bytes `sniff` needs at most.
    static let sniffLength = 32

    var kind: MediaInput.Kind {
        switch self {
        case .png, .jpeg, .webp, .gif, .bmp: .image
        case .mp4, .mov, .matroska: .video
        case .mp3, .wav, .ogg, .flac, .aac, .m4a: .audio
        }
    }

    var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .matroska: "mkv"
        default: rawValue
        }
    }

    /// The MIME type files of this format are served and recorded with.
    var contentType: String {
        switch self {
        case .png, .jpeg, .webp, .gif, .bmp: "image/\(rawValue)"
        case .mp4: "video/mp4"
        case .mov: "video/quicktime"
        case .matroska: "video/x-matroska"
        case .mp3: "audio/mpeg"
        case .wav: "audio/wav"
        case .ogg: "audio/ogg"
        case .flac: "audio/flac"
        case .aac: "audio/aac"
        case .m4a: "audio/mp4"
        }
    }

    /// The format the leading bytes of a file announce, if any.
    static func sniff(_ bytes: some Collection<UInt8>) -> MediaFormat? {
        let b = Array(bytes.prefix(sniffLength))
        func at(_ offset: Int, _ ascii: String) -> Bool {
            let expected = Array(ascii.utf8)
            return b.count >= offset + expected.count && Array(b[offset..<offset + expected.count]) == expected
        }
        func starts(_ magic: [UInt8]) -> Bool { b.starts(with: magic) }

        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if at(0, "GIF87a") || at(0, "GIF89a") { return .gif }
        if at(0, "RIFF") && at(8, "WEBP") { return .webp }
        if at(0, "RIFF") && at(8, "WAVE") { return .wav }
        // "BM" alone is too weak; the two reserved header words of a real bitmap are zero.
        if at(0, "BM") && b.count >= 10 && b[6..<10].allSatisfy({ $0 == 0 }) { return .bmp }
        if at(4, "ftyp") {
            if at(8, "qt  ") { return .mov }
            if at(8, "M4A ") || at(8, "M4B ") || at(8, "M4P ") { return .m4a }
            return .mp4
        }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .matroska }
        if at(0, "OggS") { return .ogg }
        if at(0, "fLaC") { return .flac }
        if at(0, "ID3") { return .mp3 }
        if b.count >= 2 && b[0] == 0xFF {
            // 12-bit frame sync: layer bits 00 mean AAC ADTS, anything else an MPEG audio frame.
            if b[1] & 0xF6 == 0xF0 { return .aac }
            if b[1] & 0xE0 == 0xE0 && b[1] & 0x06 != 0 { return .mp3 }
        }
        return nil
    }

    /// The format a MIME type names, if it is one Reelay knows.
    init?(mimeType: String) {
        switch MediaFormat.essence(of: mimeType) {
        case "image/png", "image/apng": self = .png
        case "image/jpeg", "image/jpg", "image/pjpeg": self = .jpeg
        case "image/webp": self = .webp
        case "image/gif": self = .gif
        case "image/bmp", "image/x-bmp", "image/x-ms-bmp": self = .bmp
        case "video/mp4", "video/x-m4v": self = .mp4
        case "video/quicktime": self = .mov
        case "video/webm", "video/x-matroska", "video/matroska": self = .matroska
        case "audio/mpeg", "audio/mp3", "audio/mpeg3": self = .mp3
        case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave": self = .wav
        case "audio/ogg", "audio/opus", "audio/vorbis": self = .ogg
        case "audio/flac", "audio/x-flac": self = .flac
        case "audio/aac", "audio/x-aac", "audio/aacp": self = .aac
        case "audio/mp4", "audio/x-m4a", "audio/m4a": self = .m4a
        default: return nil
        }
    }

    /// `Image/PNG; charset=x` -> `image/png`.
    static func essence(of mimeType: String) -> String {
        let type = mimeType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// What a declared content type says about an input of `kind`.
    enum Declaration: Equatable {
        /// `image/*` for an image and so on.
        case matching
        /// No type, or a generic binary one: the bytes must speak for themselves.
        case generic
        /// Some other type, such as `text/html` for an error page.
        case wrong(String)
    }

    static func declaration(_ contentType: String?, for kind: MediaInput.Kind) -> Declaration {
        let essence = contentType.map(essence(of:)) ?? ""
        switch essence {
        case "", "application/octet-stream", "binary/octet-stream", "application/binary":
            return .generic
        case _ where essence.hasPrefix("\(kind.rawValue)/"):
            return .matching
        default:
            return .wrong(essence)
        }
    }

    /// Decides whether bytes beginning with `head`, declared as `contentType`, are a usable
    /// `kind`, and returns the extension for the local file.
    static func acceptedExtension(contentType: String?, head: some Collection<UInt8>,
                                  kind: MediaInput.Kind) throws(MediaRejection) -> String {
        let sniffed = sniff(head).flatMap { $0.kind == kind ? $0 : nil }
        switch declaration(contentType, for: kind) {
        case .matching:
            // The bytes are the better witness for the extension; the label decides acceptance.
            return sniffed?.fileExtension ?? contentType.flatMap(MediaFormat.init(mimeType:))?.fileExtension ?? kind.defaultExtension
        case .generic:
            guard let sniffed else {
                let label = contentType.map { "content type '\(essence(of: $0))'" } ?? "no content type"
                throw MediaRejection("it has \(label) and its bytes are not a recognised \(kind.rawValue) format (\(kind.formatList))")
            }
            return sniffed.fileExtension
        case .wrong(let essence):
            throw wrongType(essence, kind)
        }
    }

    /// Refuses a declared type that cannot be right before a single byte is read.
    static func refuseWrongDeclaration(_ contentType: String?, for kind: MediaInput.Kind) throws(MediaRejection) {
        if case .wrong(let essence) = declaration(contentType, for: kind) { throw wrongType(essence, kind) }
    }

    private static func wrongType(_ essence: String, _ kind: MediaInput.Kind) -> MediaRejection {
        MediaRejection("its content type is '\(essence.prefix(64))', expected \(kind.rawValue)/*")
    }
}

extension MediaInput.Kind {
    /// Used when a matching but unknown subtype (`image/heic`) leaves nothing better.
    fileprivate var defaultExtension: String {
        switch self {
        case .image: "img"
        case .video: "video"
        case .audio: "audio"
        }
    }

    fileprivate var formatList: String {
        MediaFormat.allCases.filter { $0.kind == self }.map { $0.rawValue.uppercased() }.joined(separator: ", ")
    }
}
