import Foundation

/// Built once, not on every call (a generic extension cannot hold a static constant).
private let hexDigits = Array("0123456789abcdef".utf8)

/// Lower-case hex for hashes and signatures. `String(format:)` per byte was the largest single
/// cost of answering a poll (key hash plus link signatures), so this writes the digits directly.
extension Sequence where Element == UInt8 {
    var hexString: String {
        var characters: [UInt8] = []
        characters.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            characters.append(hexDigits[Int(byte >> 4)])
            characters.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}

extension Data {
    /// Bytes from a hex string, or nil when it is not one.
    init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
