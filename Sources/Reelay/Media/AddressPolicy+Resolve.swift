import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AddressPolicy {
    /// Every address `getaddrinfo` gives for `host`, in its order. The call blocks, so it runs on
    /// NIO's blocking-work thread pool rather than on a cooperative-pool thread.
    static func resolve(_ host: String) async throws(Refusal) -> [IPAddress] {
        let outcome: Result<[IPAddress], Refusal>
        do {
            outcome = try await NIOThreadPool.singleton.runIfActive { lookUp(host) }
        } catch {
            throw Refusal(reason: "its host \(host) could not be resolved (\(error))")
        }
        return try outcome.get()
    }

    private static func lookUp(_ host: String) -> Result<[IPAddress], Refusal> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)  // one entry per address, not per socket type
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0 else {
            let why = String(cString: gai_strerror(status))
            return .failure(Refusal(reason: "its host \(host) could not be resolved (\(why))"))
        }

        var addresses: [IPAddress] = []
        var entry = list
        while let info = entry?.pointee {
            if let sockaddr = info.ai_addr, let address = IPAddress(sockaddr), !addresses.contains(address) {
                addresses.append(address)
            }
            entry = info.ai_next
        }
        guard !addresses.isEmpty else {
            return .failure(Refusal(reason: "its host \(host) has no IPv4 or IPv6 address"))
        }
        return .success(addresses)
    }
}

extension AddressPolicy.IPAddress {
    fileprivate init?(_ address: UnsafePointer<sockaddr>) {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            let v4 = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in.self)
            self.init(bytes: withUnsafeBytes(of: v4.sin_addr) { Array($0) })
        case AF_INET6:
            let v6 = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in6.self)
            self.init(bytes: withUnsafeBytes(of: v6.sin6_addr) { Array($0) })
        default:
            return nil
        }
    }
}
