#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AddressPolicy {
    /// An IPv4 or IPv6 address as its network-order bytes (4 or 16 of them).
    public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
        public let bytes: [UInt8]

        public init?(bytes: [UInt8]) {
            guard bytes.count == 4 || bytes.count == 16 else { return nil }
            self.bytes = bytes
        }

        /// Parses a literal in its strict form (`10.0.0.1`, `::1`, `[::1]`); DNS names and the
        /// odd forms `getaddrinfo` also accepts (`127.1`, `2130706433`) go through resolution.
        public init?(_ literal: some StringProtocol) {
            var text = String(literal)
            if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
            var v4 = in_addr()
            var v6 = in6_addr()
            if inet_pton(AF_INET, text, &v4) == 1 {
                bytes = withUnsafeBytes(of: &v4) { Array($0) }
            } else if inet_pton(AF_INET6, text, &v6) == 1 {
                bytes = withUnsafeBytes(of: &v6) { Array($0) }
            } else {
                return nil
            }
        }

        public var isIPv4: Bool { bytes.count == 4 }

        /// The IPv4 address an IPv6 address carries in its last four bytes.
        var embeddedIPv4: IPAddress { IPAddress(bytes: Array(bytes.suffix(4)))! }

        /// Whether the first `length` bits equal those of `prefix` (same family only).
        func isIn(_ prefix: IPAddress, _ length: Int) -> Bool {
            guard prefix.bytes.count == bytes.count else { return false }
            for bit in 0..<length {
                let mask = UInt8(0x80) >> (bit % 8)
                if bytes[bit / 8] & mask != prefix.bytes[bit / 8] & mask { return false }
            }
            return true
        }

        public var description: String {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            let family = isIPv4 ? AF_INET : AF_INET6
            let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) } != nil
            return ok ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
        }
    }
}
