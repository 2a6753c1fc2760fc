import Foundation
import ReelayCore

/// `data:` URIs, two ways: the input as a URI under several limits, and the input as the bytes a
/// URI carries, written the ways clients write them, which must read back exactly.
enum DataURITarget {
    static let limits = [0, 1, 3, 100, 4096]
    static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func run(_ bytes: [UInt8]) {
        readAsURI(bytes.text)
        readBack(bytes)
    }

    static func readAsURI(_ uri: String) {
        let unlimited: Result<DataURI, DataURI.Failure> = Result { () throws(DataURI.Failure) in try DataURI(parsing: uri) }
        if case .success(let parsed) = unlimited, let type = parsed.mediaType {
            require(type == type.lowercased() && type.split(separator: "/", omittingEmptySubsequences: false).count == 2
                        && !type.contains(where: \.isWhitespace), "media type '\(type)' is not type/subtype")
        }
        // Percent-escapes are '%' and two hex digits (RFC 3986), nothing else.
        if case .success(let parsed) = unlimited, let comma = uri.utf8.firstIndex(of: UInt8(ascii: ",")) {
            let payload = Array(uri.utf8[uri.utf8.index(after: comma)...])
            require(strictlyPercentDecoded(payload) != nil, "an invalid percent-escape was read as a byte")
            if !uri.utf8[..<comma].contains(UInt8(ascii: ";")) {
                require(parsed.data == Data(strictlyPercentDecoded(payload)!), "the payload after the first ',' is not what was read")
            }
        }
        for limit in limits {
            switch Result(catching: { () throws(DataURI.Failure) in try DataURI(parsing: uri, maxBytes: limit) }) {
            case .success(let parsed):
                require(parsed.data.count <= limit, "\(parsed.data.count) bytes decoded under a limit of \(limit)")
                // A limit only refuses; it never changes what is read.
                require(unlimited == .success(parsed), "the limit \(limit) changed what the URI reads as")
            case .failure(.malformed(let reason)):
                require(unlimited == .failure(.malformed(reason)), "malformed under a limit (\(reason)) but not without one")
            case .failure(.tooLarge(let reported)):
                require(reported == limit, "tooLarge names \(reported), not the limit \(limit)")
            }
        }
    }

    /// `payload` with each `%XX` (two hex digits) turned into its byte; nil when a '%' is not
    /// followed by two hex digits.
    static func strictlyPercentDecoded(_ payload: [UInt8]) -> [UInt8]? {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var index = 0
        while index < payload.count {
            guard payload[index] == UInt8(ascii: "%") else {
                out.append(payload[index])
                index += 1
                continue
            }
            guard index + 2 < payload.count, let high = hex(payload[index + 1]), let low = hex(payload[index + 2]) else { return nil }
            out.append(high << 4 | low)
            index += 3
        }
        return out
    }

    /// Base64 (padded, URL-safe unpadded, wrapped at 76 with CRLF, percent-escaped) and
    /// percent-encoding of `bytes`: each reads back exactly, fits a limit of its length, and is
    /// too large for one byte less.
    static func readBack(_ bytes: [UInt8]) {
        let data = Data(bytes)
        let base64 = data.base64EncodedString()
        var forms = [
            "data:image/png;base64," + base64,
            "DATA:Image/PNG ; Base64," + base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: ""),
            "data:;base64," + data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]),
            "data:image/png;base64," + base64.replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "/", with: "%2f")
                .replacingOccurrences(of: "=", with: "%3D"),
            "data:application/octet-stream," + String(decoding: bytes.flatMap { [UInt8(ascii: "%"), hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 15)]] },
                                                      as: UTF8.self),
        ]
        // Text as it is (any UTF-8 without '%'), as a browser writes a short note.
        if !bytes.contains(UInt8(ascii: "%")), String(validating: bytes, as: UTF8.self) != nil {
            forms.append("data:text/plain," + bytes.text)
        }
        for uri in forms {
            switch Result(catching: { () throws(DataURI.Failure) in try DataURI(parsing: uri, maxBytes: bytes.count) }) {
            case .success(let parsed):
                require(parsed.data == data, "\(uri.prefix(80)) read back as other bytes")
            case .failure(let failure):
                fatalError("Broken invariant: \(uri.prefix(80)) (\(bytes.count) bytes) was refused: \(failure)")
            }
            if !bytes.isEmpty {
                let smaller = Result(catching: { () throws(DataURI.Failure) in try DataURI(parsing: uri, maxBytes: bytes.count - 1) })
                require(smaller == .failure(.tooLarge(limit: bytes.count - 1)),
                        "\(uri.prefix(80)) (\(bytes.count) bytes) under a limit one byte smaller: \(smaller)")
            }
        }
    }
}
