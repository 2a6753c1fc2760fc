import AsyncHTTPClient
import Foundation
import Testing
@testable import Reelay

@Suite("Address policy (SSRF guard)")
struct AddressPolicyTests {
    static let refused: [(String, String)] = [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("10.255.255.255", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.20", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.10.1", "link-local"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd00:ec2::254", "private"),
        ("100.64.0.1", "shared (CGNAT)"),
        ("100.127.255.255", "shared (CGNAT)"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("255.255.255.255", "broadcast"),
        ("198.18.0.1", "benchmarking"),
        ("192.0.2.1", "documentation"),
        // IPv6 spellings of IPv4 addresses are judged by the IPv4 address they carry.
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "cloud metadata"),
        ("::ffff:a00:1", "private"),
        ("64:ff9b::7f00:1", "loopback"),
        ("2002:c0a8:101::", "private"),
        ("::127.0.0.1", "reserved"),
    ]

    static let allowed = [
        "93.184.216.34", "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
        "100.128.0.1", "169.253.255.255", "2606:2800:220:1:248:1893:25c8:1946", "2001:4860:4860::8888",
        "::ffff:93.184.216.34", "64:ff9b::5db8:d822",
    ]

    @Test(arguments: refused)
    func refusesReservedAddresses(address: String, range: String) throws {
        let ip = try #require(AddressPolicy.IPAddress(address))
        #expect(AddressPolicy.reservedRange(of: ip) == range)
        #expect(AddressPolicy(allowPrivateAddresses: false).refusedRange(of: ip) == range)
        #expect(AddressPolicy(allowPrivateAddresses: true).refusedRange(of: ip) == nil)
    }

    @Test(arguments: allowed)
    func allowsPublicAddresses(address: String) throws {
        let ip = try #require(AddressPolicy.IPAddress(address))
        #expect(AddressPolicy.reservedRange(of: ip) == nil)
    }

    @Test func parsesLiteralsStrictly() {
        #expect(AddressPolicy.IPAddress("[::1]")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(AddressPolicy.IPAddress("10.0.0.1")?.bytes == [10, 0, 0, 1])
        #expect(AddressPolicy.IPAddress("::ffff:127.0.0.1")?.description == "::ffff:127.0.0.1")
        #expect(AddressPolicy.IPAddress("fe80::1")?.description == "fe80::1")
        // Odd forms are not literals here; they go through getaddrinfo (below) like names.
        #expect(AddressPolicy.IPAddress("127.1") == nil)
        #expect(AddressPolicy.IPAddress("example.com") == nil)
    }

    @Test func vetsLiteralHostsWithoutDNS() async throws {
        let strict = AddressPolicy(allowPrivateAddresses: false)
        let addresses = try await strict.vet(host: "93.184.216.34")
        #expect(addresses.map(\.description) == ["93.184.216.34"])

        await #expect(throws: AddressPolicy.Refusal(reason: "its host 169.254.169.254 is a cloud metadata address, which Reelay may not contact")) {
            try await strict.vet(host: "169.254.169.254")
        }
        let lenient = AddressPolicy(allowPrivateAddresses: true)
        #expect(try await lenient.vet(host: "127.0.0.1").map(\.description) == ["127.0.0.1"])
    }

    /// `localhost` and numeric forms only `getaddrinfo` understands are refused by what they
    /// resolve to (all answered locally: /etc/hosts and inet_aton, no DNS server involved).
    @Test(arguments: ["localhost", "127.1", "2130706433", "0x7f.0.0.1"])
    func refusesNamesResolvingToLoopback(host: String) async {
        do {
            let addresses = try await AddressPolicy(allowPrivateAddresses: false).vet(host: host)
            Issue.record("\(host) was allowed: \(addresses)")
        } catch {
            #expect(error.reason.contains("resolves to a loopback address"), "\(error.reason)")
        }
    }

    @Test func resolvesLocalhostWhenPrivateAddressesAreAllowed() async throws {
        let addresses = try await AddressPolicy(allowPrivateAddresses: true).vet(host: "localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { AddressPolicy.reservedRange(of: $0) == "loopback" })
    }
}

/// The pins every outbound call to a user's address connects by (loopback spellings only).
@Suite struct PinnedHTTPClientTests {
    static func client(allowPrivate: Bool) -> PinnedHTTPClient {
        PinnedHTTPClient(policy: AddressPolicy(allowPrivateAddresses: allowPrivate), eventLoopGroup: HTTPClient.shared.eventLoopGroup)
    }

    @Test func aNameIsPinnedToTheAddressThatWasChecked() async throws {
        let pins = try await Self.client(allowPrivate: true).pins(for: URL(string: "http://localhost:8080/hook")!)
        #expect(pins.keys.sorted() == ["localhost"])
        #expect(["127.0.0.1", "::1"].contains(pins["localhost"] ?? ""))
    }

    @Test func literalsNeedNoPin() async throws {
        #expect(try await Self.client(allowPrivate: true).pins(for: URL(string: "http://127.0.0.1:9/x")!).isEmpty)
        #expect(try await Self.client(allowPrivate: true).pins(for: URL(string: "http://[::1]:9/x")!).isEmpty)
    }

    @Test(arguments: ["http://localhost/x", "http://127.0.0.1/x", "http://[::1]/x", "http://[::ffff:127.0.0.1]/x", "http://2130706433/x"])
    func loopbackIsRefusedUnlessAllowed(url: String) async throws {
        let refusal = await #expect(throws: AddressPolicy.Refusal.self) {
            try await Self.client(allowPrivate: false).pins(for: URL(string: url)!)
        }
        #expect(refusal?.reason.contains("loopback") == true, "\(refusal?.reason ?? "")")
    }
}
