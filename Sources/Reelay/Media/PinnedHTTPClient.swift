import AsyncHTTPClient
import Foundation
import NIOCore

/// The one way Reelay calls an address a user gave (media, callbacks, result files on hosts the
/// operator did not configure): the host is checked by the `AddressPolicy`, and the request runs
/// on a short-lived client that connects only to the address that was checked (`dnsOverride`
/// pins the name; TLS still verifies it) and never follows a redirect by itself. A DNS answer
/// that changes between the check and the connect (rebinding) cannot steer the connection to
/// loopback or a metadata address; callers check every redirect's target the same way.
struct PinnedHTTPClient: Sendable {
    let policy: AddressPolicy
    let eventLoopGroup: any EventLoopGroup

    /// Runs `body` with a client pinned to `url`'s checked address. Throws the policy's
    /// `Refusal` when the host may not be contacted.
    func withClient<T>(for url: URL, connectTimeout: Duration = .seconds(10),
                       _ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(connectTimeout)),
            decompression: .disabled
        )
        configuration.dnsOverride = try await pins(for: url)
        return try await HTTPClient.withHTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration, body)
    }

    /// Checks `url`'s host and returns the `dnsOverride` that pins it to a checked address (empty
    /// for an IP literal, which is connected to as it is).
    func pins(for url: URL) async throws(AddressPolicy.Refusal) -> [String: String] {
        let (host, addresses) = try await policy.vet(url: url)
        if AddressPolicy.IPAddress(host) != nil { return [:] }
        return [host: (addresses.first(where: \.isIPv4) ?? addresses[0]).description]
    }
}
