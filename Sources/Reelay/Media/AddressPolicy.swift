import Foundation

/// The SSRF guard: decides which addresses a caller-supplied URL may make Reelay contact.
/// Media and callback URLs must not reach loopback, private networks, link-local addresses
/// (where the 169.254.169.254 cloud metadata service lives) or other reserved ranges unless the
/// operator allows private addresses (a gateway inside a trusted network, tests).
public struct AddressPolicy: Sendable, Equatable {
    public var allowPrivateAddresses: Bool

    public init(allowPrivateAddresses: Bool = false) {
        self.allowPrivateAddresses = allowPrivateAddresses
    }

    /// Why a host cannot be contacted; `reason` completes "Cannot use ...: ".
    public struct Refusal: Error, Sendable, Equatable {
        public var reason: String
    }

    /// Resolves `host` (an IP literal is taken as it is) and returns its addresses if every one
    /// of them may be contacted. Checking all of them, not just the first, stops a name that
    /// answers with a public and a private address from slipping through.
    public func vet(host: String) async throws(Refusal) -> [IPAddress] {
        if let literal = IPAddress(host) {
            if let range = refusedRange(of: literal) {
                throw Refusal(reason: "its host \(host) is \(range.withArticle) address, which Reelay may not contact")
            }
            return [literal]
        }
        let addresses = try await Self.resolve(host)
        for address in addresses {
            if let range = refusedRange(of: address) {
                throw Refusal(reason: "its host \(host) resolves to \(range.withArticle) address, which Reelay may not contact")
            }
        }
        return addresses
    }

    /// `vet(host:)` for a URL's host (an IPv6 literal without its brackets), which it returns with
    /// the addresses; a URL without a host is refused.
    public func vet(url: URL) async throws(Refusal) -> (host: String, addresses: [IPAddress]) {
        guard var host = url.host, !host.isEmpty else { throw Refusal(reason: "its URL has no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, try await vet(host: host))
    }

    /// The reserved range `address` is in, or nil when the policy lets it be contacted.
    public func refusedRange(of address: IPAddress) -> String? {
        allowPrivateAddresses ? nil : Self.reservedRange(of: address)
    }

    /// The special-purpose range (RFC 6890 and friends) `address` belongs to, nil if public.
    public static func reservedRange(of address: IPAddress) -> String? {
        if address.isIPv4 {
            return ipv4Ranges.first { address.isIn($0.prefix, $0.length) }?.name
        }
        // IPv6 forms that carry an IPv4 address are judged by that address.
        for (prefix, length) in ipv6CarryingIPv4 where address.isIn(prefix, length) {
            let carried = length == 16 ? IPAddress(bytes: Array(address.bytes[2..<6]))! : address.embeddedIPv4
            return reservedRange(of: carried)
        }
        return ipv6Ranges.first { address.isIn($0.prefix, $0.length) }?.name
    }

    private struct Range {
        var prefix: IPAddress
        var length: Int
        var name: String

        init(_ prefix: String, _ length: Int, _ name: String) {
            self.prefix = IPAddress(prefix)!
            self.length = length
            self.name = name
        }
    }

    // The most specific ranges come first so that the name says the most.
    private static let ipv4Ranges: [Range] = [
        Range("169.254.169.254", 32, "cloud metadata"),
        Range("0.0.0.0", 8, "unspecified"),
        Range("10.0.0.0", 8, "private"),
        Range("100.64.0.0", 10, "shared (CGNAT)"),
        Range("127.0.0.0", 8, "loopback"),
        Range("169.254.0.0", 16, "link-local"),
        Range("172.16.0.0", 12, "private"),
        Range("192.0.0.0", 24, "reserved"),
        Range("192.0.2.0", 24, "documentation"),
        Range("192.88.99.0", 24, "reserved"),
        Range("192.168.0.0", 16, "private"),
        Range("198.18.0.0", 15, "benchmarking"),
        Range("198.51.100.0", 24, "documentation"),
        Range("203.0.113.0", 24, "documentation"),
        Range("255.255.255.255", 32, "broadcast"),
        Range("224.0.0.0", 4, "multicast"),
        Range("240.0.0.0", 4, "reserved"),
    ]

    private static let ipv6Ranges: [Range] = [
        Range("::", 128, "unspecified"),
        Range("::1", 128, "loopback"),
        Range("::", 96, "reserved"),  // IPv4-compatible, deprecated
        Range("64:ff9b:1::", 48, "reserved"),  // local-use NAT64
        Range("100::", 64, "reserved"),  // discard-only
        Range("2001:db8::", 32, "documentation"),
        Range("2001::", 23, "reserved"),  // IETF protocol assignments, Teredo
        Range("fc00::", 7, "private"),  // unique local (also AWS's fd00:ec2::254 metadata)
        Range("fe80::", 10, "link-local"),
        Range("fec0::", 10, "private"),  // site-local, deprecated
        Range("ff00::", 8, "multicast"),
    ]

    /// IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16, address in bytes 2-5).
    private static let ipv6CarryingIPv4: [(IPAddress, Int)] = [
        (IPAddress("::ffff:0:0")!, 96),
        (IPAddress("64:ff9b::")!, 96),
        (IPAddress("2002::")!, 16),
    ]
}

extension String {
    /// "a loopback", "an unspecified".
    fileprivate var withArticle: String {
        ("aeiou".contains(first ?? "x") ? "an " : "a ") + self
    }
}
