import Foundation

/// The file formats Reelay accepts, recognised by their first bytes. Only these ever reach
/// ffmpeg, and each is opened with its own demuxer (`demuxer`), never a guessed one. The bytes
/// decide the format: a declared type can refuse an input (an error page labelled `text/html`,
/// a PNG label on JPEG bytes) but never make bytes pass for what they are not. That closes the
/// door to playlists and manifests (HLS, DASH, concat) dressed up as pictures, which ffmpeg would
/// otherwise detect and follow to other files.
public enum MediaFormat: String, Sendable, CaseIterable {
    case png, jpeg, webp, gif, bmp
    case mp4, mov, matroska
    case mp3, wav, ogg, flac, aac, m4a
    /// Matroska or WebM holding sound only (`audio/webm`): the container of `matroska`, read as audio.
    case mka

    /// How many leading bytes `sniff` needs at most.
    public static let sniffLength = 32

    public var kind: MediaInput.Kind {
        switch self {
        case .png, .jpeg, .webp, .gif, .bmp: .image
        case .mp4, .mov, .matroska: .video
        case .mp3, .wav, .ogg, .flac, .aac, .m4a, .mka: .audio
        }
    }

    /// The name people know the format by, for messages.
    public var name: String {
        switch self {
        case .webp: "WebP"
        case .matroska: "WebM/MKV"
        case .mka: "WebM/MKA"
        default: rawValue.uppercased()
        }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .matroska: "mkv"
        default: rawValue
        }
    }

    /// The format Reelay gave a file it named, from its extension.
    public init?(fileExtension: String) {
        guard let format = MediaFormat.allCases.first(where: { $0.fileExtension == fileExtension.lowercased() }) else { return nil }
        self = format
    }

    /// The MIME type files of this format are served and recorded with.
    public var contentType: String {
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
        case .mka: "audio/webm"
        }
    }

    /// The ffmpeg demuxer that reads this format and nothing else. The image ones are the
    /// single-stream `*_pipe` readers, not `image2`, which expands file name patterns.
    public var demuxer: String {
        switch self {
        case .png: "png_pipe"
        case .jpeg: "jpeg_pipe"
        case .webp: "webp_pipe"
        case .gif: "gif"
        case .bmp: "bmp_pipe"
        case .mp4, .mov, .m4a: "mov"
        case .matroska, .mka: "matroska"
        case .mp3: "mp3"
        case .wav: "wav"
        case .ogg: "ogg"
        case .flac: "flac"
        case .aac: "aac"
        }
    }

    /// The arguments that open `file` as an ffmpeg or ffprobe input: the demuxer of the format
    /// Reelay named the file for, and the `file` protocol only, so that no input can reach the
    /// network, another protocol or (through a playlist) another file. A file whose extension
    /// names no accepted format gets a demuxer name ffmpeg does not know: it fails to open
    /// rather than being guessed at.
    ///
    /// `-max_pixels` holds every decoded frame to the picture limit: the `*_pipe` demuxers read a
    /// stream of pictures, and only the first one's header is checked before decoding.
    public static func inputArguments(_ file: URL) -> [String] {
        let demuxer = MediaFormat(fileExtension: file.pathExtension)?.demuxer ?? "reelay-unknown-format"
        return ["-protocol_whitelist", "file", "-max_pixels", String(maxDecodedPixels), "-f", demuxer, "-i", "file:" + file.path]
    }

    /// The most pixels ffmpeg may decode in one frame of any input (36 megapixels, as pictures).
    public static let maxDecodedPixels = MediaLimits.default.maxImagePixels

    /// The format the leading bytes of a file announce, if any. Containers that can hold either
    /// pictures or sound (MP4, Matroska) read as video here; `sniff(_:as:)` reads them as asked.
    public static func sniff(_ bytes: some Collection<UInt8>) -> MediaFormat? {
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
            // HEIF and AVIF pictures share MP4's box structure; they are no video, and no
            // picture format Reelay accepts.
            if ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif", "avis"].contains(where: { at(8, $0) }) { return nil }
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

    /// The format of bytes used as `kind`: an MP4 or Matroska file used as sound is read as
    /// sound (`m4a`, `mka`), since the same containers carry both.
    public static func sniff(_ bytes: some Collection<UInt8>, as kind: MediaInput.Kind) -> MediaFormat? {
        let format = sniff(bytes)
        guard kind == .audio else { return format }
        switch format {
        case .mp4, .mov: return .m4a
        case .matroska: return .mka
        default: return format
        }
    }

    /// The format a MIME type names, if it is one Reelay knows.
    public init?(mimeType: String) {
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
        case "audio/webm", "audio/x-matroska": self = .mka
        default: return nil
        }
    }

    /// `Image/PNG; charset=x` -> `image/png`.
    public static func essence(of mimeType: String) -> String {
        let type = mimeType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// What a declared content type says about an input of `kind`.
    public enum Declaration: Equatable {
        /// `image/*` for an image and so on.
        case matching
        /// No type, or a generic binary one: the bytes must speak for themselves.
        case generic
        /// Some other type, such as `text/html` for an error page.
        case wrong(String)
    }

    public static func declaration(_ contentType: String?, for kind: MediaInput.Kind) -> Declaration {
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

    /// Decides what bytes beginning with `head`, declared as `contentType`, are when used as
    /// `kind`. The bytes must be a format Reelay accepts, of that kind; a declared type may only
    /// agree with them: another kind, or another container of the same kind, is refused.
    public static func accepted(contentType: String?, head: some Collection<UInt8>, kind: MediaInput.Kind) throws(MediaRejection) -> MediaFormat {
        try refuseWrongDeclaration(contentType, for: kind)
        guard let format = sniff(head, as: kind), format.kind == kind else {
            let other = sniff(head).map { ": they are \($0.kind.article) \($0.kind.rawValue) file (\($0.name))" } ?? ""
            throw MediaRejection("its bytes are not \(kind.article) \(kind.rawValue) format Reelay accepts (\(kind.formatList))\(other)")
        }
        if let contentType, let declared = MediaFormat(mimeType: contentType), declared.demuxer != format.demuxer {
            throw MediaRejection("it is declared as '\(essence(of: contentType))' but its bytes are \(format.name)")
        }
        return format
    }

    /// Refuses a declared type that cannot be right before a single byte is read.
    public static func refuseWrongDeclaration(_ contentType: String?, for kind: MediaInput.Kind) throws(MediaRejection) {
        if case .wrong(let essence) = declaration(contentType, for: kind) {
            throw MediaRejection("its content type is '\(essence.prefix(64))', expected \(kind.rawValue)/*")
        }
    }
}

extension MediaInput.Kind {
    /// "an image", "a video", "an audio file".
    public var article: String { self == .video ? "a" : "an" }

    /// "PNG, JPEG, WebP, GIF, BMP".
    public var formatList: String {
        MediaFormat.allCases.filter { $0.kind == self }.map(\.name).joined(separator: ", ")
    }
}
