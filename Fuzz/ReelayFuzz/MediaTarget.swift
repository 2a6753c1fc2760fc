import Foundation
import ReelayCore

/// The first bytes of a file as the media checks read them: `MediaFormat.sniff`, `accepted`
/// under several declared types and each kind, and the picture header reader behind
/// `MediaLimits.checkImage`.
enum MediaTarget {
    static func run(_ bytes: [UInt8]) {
        let format = MediaFormat.sniff(bytes)
        // Deterministic, whatever the collection, and only the first `sniffLength` bytes count.
        require(MediaFormat.sniff(Data(bytes)) == format, "sniffing Data and [UInt8] differ")
        require(MediaFormat.sniff(bytes.prefix(MediaFormat.sniffLength)) == format, "sniff read past sniffLength")
        require(MediaFormat.sniff(Array(bytes.prefix(MediaFormat.sniffLength)) + [0x00, 0xFF, 0x2F]) == format
                    || bytes.count < MediaFormat.sniffLength, "bytes after sniffLength changed the format")
        if let format {
            require(MediaFormat(fileExtension: format.fileExtension) == format, "\(format)'s file extension names another format")
            require(MediaFormat(mimeType: format.contentType) == format, "\(format)'s content type names another format")
        }
        for kind in MediaInput.Kind.allCases {
            let asKind = MediaFormat.sniff(bytes, as: kind)
            switch (kind, format) {
            case (.audio, .mp4?), (.audio, .mov?): require(asKind == .m4a, "an MP4 used as sound is not M4A")
            case (.audio, .matroska?): require(asKind == .mka, "a Matroska file used as sound is not MKA")
            default: require(asKind == format, "sniffing as \(kind) changed \(String(describing: format)) to \(String(describing: asKind))")
            }
        }

        // The declared type from the input's first line, and the usual ones.
        let firstLine = Array(bytes.prefix(while: { $0 != UInt8(ascii: "\n") }).prefix(80)).text
        let types: [String?] = [nil, "application/octet-stream", "image/png", "IMAGE/JPEG; q=1", "video/mp4", "audio/mpeg", "audio/webm",
                                "text/html", firstLine]
        for kind in MediaInput.Kind.allCases {
            for type in types { accept(Data(bytes), contentType: type, kind: kind) }
        }

        // Every picture reader on the same bytes, from a slice that does not start at 0 too.
        let slice = (Data([0]) + Data(bytes)).dropFirst()
        for image in MediaFormat.allCases where image.kind == .image {
            let size = ImageHeader.size(of: Data(bytes), format: image)
            require(ImageHeader.size(of: slice, format: image) == size, "\(image) header reads differently from a slice")
            if let size { require(size.width > 0 && size.height > 0, "\(image) header gave \(size.width)x\(size.height)") }
        }
    }

    /// What `MediaFetcher` decides for bytes declared as `contentType` and used as `kind`.
    static func accept(_ data: Data, contentType: String?, kind: MediaInput.Kind) {
        let format: MediaFormat
        do { format = try MediaFormat.accepted(contentType: contentType, head: data.prefix(MediaFormat.sniffLength), kind: kind) } catch { return }
        require(format.kind == kind, "accepted \(format) as \(kind)")
        require(format == MediaFormat.sniff(data, as: kind), "accepted \(format), but the bytes sniff as something else")
        if let contentType, let declared = MediaFormat(mimeType: contentType) {
            require(declared.demuxer == format.demuxer, "accepted \(format) declared as \(contentType)")
        }
        guard format.kind == .image else { return }
        do { try MediaLimits.default.checkImage(data, format: format) } catch { return }
        guard let size = ImageHeader.size(of: data, format: format) else {
            fatalError("Broken invariant: checkImage passed a \(format) whose header has no size")
        }
        let limits = MediaLimits.default
        require(size.width <= limits.maxImageSide && size.height <= limits.maxImageSide && size.width * size.height <= limits.maxImagePixels,
                "checkImage passed a \(size.width)x\(size.height) picture")
    }
}
