import Foundation

/// A parsed `data:[<mediatype>][;base64],<data>` URI (RFC 2397), as callers send inline images.
public struct DataURI: Sendable, Equatable {
    /// The lowercased type without parameters (`image/png`), or nil when the URI names none;
    /// then, as with `application/octet-stream`, the bytes must speak for themselves.
    public var mediaType: String?
    public var data: Data

    public enum Failure: Error, Sendable, Equatable {
        /// Not a data URI we can read; the reason completes "the data URI ...".
        case malformed(String)
        /// The decoded bytes would exceed the limit given to the parser.
        case tooLarge(limit: Int)
    }

    public init(mediaType: String?, data: Data) {
        self.mediaType = mediaType
        self.data = data
    }

    /// Parses `uri`, refusing (before decoding, where it can) anything over `maxBytes`.
    public init(parsing uri: String, maxBytes: Int = .max) throws(Failure) {
        let utf8 = uri.utf8
        guard utf8.count >= 5, uri.prefix(5).lowercased() == "data:" else {
            throw .malformed("does not start with 'data:'")
        }
        guard let comma = utf8.firstIndex(of: UInt8(ascii: ",")) else {
            throw .malformed("has no ',' between its header and its data")
        }
        let header = uri[utf8.index(utf8.startIndex, offsetBy: 5)..<comma]
        let payload = uri[utf8.index(after: comma)...].utf8

        var parts = header.split(separator: ";", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let isBase64 = parts.count > 1 && parts.last?.lowercased() == "base64"
        if isBase64 { parts.removeLast() }
        let type = parts.first ?? ""
        if !type.isEmpty {
            let pieces = type.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count == 2, pieces.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) else {
                throw .malformed("has an invalid media type '\(type.prefix(40))'")
            }
        }
        mediaType = type.isEmpty ? nil : type.lowercased()

        // Refuse by length before a byte is decoded: base64 carries 3 bytes in 4 characters
        // (with room for the line breaks of wrapping encoders), percent-encoding 1 in 1 to 3.
        if maxBytes < Int.max / 8 {
            // Percent-escapes take 3 characters a byte, in base64 too.
            let escaped = payload.contains(UInt8(ascii: "%"))
            let longest = (isBase64 ? Self.longestBase64(for: maxBytes) : maxBytes) * (escaped || !isBase64 ? 3 : 1)
            guard payload.count <= longest else { throw .tooLarge(limit: maxBytes) }
        }

        let bytes = try Self.percentDecoded(payload)
        data = isBase64 ? try Self.base64Decoded(bytes, maxBytes: maxBytes) : Data(bytes)
        guard data.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
    }

    /// The URI's payload with `%XX` escapes turned into bytes.
    private static func percentDecoded(_ payload: Substring.UTF8View) throws(Failure) -> [UInt8] {
        guard payload.contains(UInt8(ascii: "%")) else { return Array(payload) }
        var out: [UInt8] = []
        out.reserveCapacity(payload.count)
        var index = payload.startIndex
        var position = 0
        while index != payload.endIndex {
            let byte = payload[index]
            if byte == UInt8(ascii: "%") {
                // Two hex digits exactly: `UInt8(_:radix:)` would also take a sign (`%+F`, `%-0`).
                let hex = payload[index...].dropFirst().prefix(2)
                guard hex.count == 2, let high = hexValue(hex.first!), let low = hexValue(hex.last!) else {
                    throw .malformed("has an invalid percent-escape at position \(position)")
                }
                out.append(high << 4 | low)
                index = payload.index(index, offsetBy: 3)
                position += 3
            } else {
                out.append(byte)
                index = payload.index(after: index)
                position += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The most characters a base64 payload of at most `maxBytes` can take: 4 per 3 bytes, a
    /// quarter more for line breaks and blanks, and a little slack.
    public static func longestBase64(for maxBytes: Int) -> Int {
        (maxBytes / 3 + 1) * 5 + 1024
    }

    /// Standard or URL-safe base64, with or without padding, ignoring whitespace (line breaks
    /// from encoders that wrap); anything else is refused with the first offending character.
    private static func base64Decoded(_ text: [UInt8], maxBytes: Int) throws(Failure) -> Data {
        var clean: [UInt8] = []
        clean.reserveCapacity(text.count + 3)
        var padding = 0
        for (position, byte) in text.enumerated() {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                guard padding == 0 else { throw .malformed("is not valid base64: data follows '=' padding at position \(position)") }
                clean.append(byte)
            case UInt8(ascii: "-"): clean.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): clean.append(UInt8(ascii: "/"))
            case UInt8(ascii: "="): padding += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): continue
            default:
                let shown = (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "byte 0x%02X", byte)
                throw .malformed("is not valid base64: unexpected \(shown) at position \(position)")
            }
        }
        guard clean.count % 4 != 1, padding <= 2 else {
            throw .malformed("is not valid base64: its length is not a whole number of base64 groups")
        }
        guard clean.count / 4 * 3 <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        clean.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - clean.count % 4) % 4))
        guard let data = Data(base64Encoded: Data(clean)) else {
            throw .malformed("is not valid base64")
        }
        return data
    }
}
