import ReelayCore

/// `Range` headers. An input is `SIZE\nHEADER` (the file size in digits, then the header) or a
/// header alone; each header is read against that size and against 0, 1, 1000 and Int.max bytes.
enum RangeTarget {
    static func run(_ bytes: [UInt8]) {
        var sizes = [0, 1, 1000, Int.max]
        var header = bytes.text
        if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")), let size = Int(Array(bytes[..<newline]).text), size >= 0 {
            sizes.append(size)
            header = Array(bytes[(newline + 1)...]).text
        }
        for size in sizes {
            let range = ByteRange(header: header, size: size)
            require(ByteRange(header: header, size: size) == range, "the same header reads differently twice")
            switch range {
            case .part(let part):
                require(part.lowerBound >= 0 && part.upperBound < size, "\(part) is not inside a file of \(size) bytes")
            case .unsatisfiable, .whole:
                break
            }
            if let expected = expected(header, size: size) {
                require(range == expected, "'\(header)' on \(size) bytes read as \(range), not \(expected)")
            }
        }
        require(ByteRange(header: nil, size: 10) == .whole, "no header is not the whole file")
    }

    /// What RFC 9110 says of a plain `bytes=FIRST-LAST` header (ASCII digits, no blanks, each
    /// number short enough to be an Int), computed another way; nil for anything else.
    static func expected(_ header: String, size: Int) -> ByteRange? {
        let utf8 = Array(header.utf8)
        guard utf8.count > 6, String(decoding: utf8[..<6], as: UTF8.self).lowercased() == "bytes=" else { return nil }
        let spec = utf8[6...]
        guard spec.allSatisfy({ $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              spec.filter({ $0 == UInt8(ascii: "-") }).count == 1, let dash = spec.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let first = spec[..<dash], last = spec[(dash + 1)...]
        guard first.count <= 18, last.count <= 18 else { return nil }
        let from = first.isEmpty ? nil : Int(String(decoding: first, as: UTF8.self))
        let to = last.isEmpty ? nil : Int(String(decoding: last, as: UTF8.self))
        switch (from, to) {
        case (nil, nil): return .whole
        case (nil, let count?):  // the last `count` bytes
            if count == 0 || size == 0 { return .unsatisfiable }
            return .part(Swift.max(0, size - count)...(size - 1))
        case (let from?, nil):
            return from < size ? .part(from...(size - 1)) : .unsatisfiable
        case (let from?, let to?):
            if from > to { return .whole }
            return from < size ? .part(from...Swift.min(to, size - 1)) : .unsatisfiable
        }
    }
}
