/// Writes a `JSONValue` as compact JSON: keys sorted by their bytes, slashes not escaped,
/// integral doubles without a fraction: the bytes `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` gives, at a fraction of its cost (every answer is encoded here).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1024)
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let value): append(value ? "true" : "false")
        case .int(let value): append(String(value))
        case .double(let value): write(value)
        case .string(let value): write(value)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let fields):
            bytes.append(UInt8(ascii: "{"))
            let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(key)
                bytes.append(UInt8(ascii: ":"))
                write(fields[key]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func write(_ number: Double) {
        guard number.isFinite else { return append("null") }
        if number == 0 {
            append(number.sign == .minus ? "-0" : "0")
        } else if number == number.rounded(), abs(number) < 1e16 {
            append(String(Int64(number)))
        } else {
            append(number.description)
        }
    }

    private mutating func write(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        // Most strings (ids, URLs, enum values) need no escape: copied in one go.
        if utf8.withContiguousStorageIfAvailable({ !$0.contains(where: Self.needsEscape) }) ?? false {
            bytes += utf8
        } else {
            for byte in utf8 { writeEscaped(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func writeEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0..<0x20: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)]]
        default: bytes.append(byte)
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func append(_ text: String) {
        bytes += text.utf8
    }
}
