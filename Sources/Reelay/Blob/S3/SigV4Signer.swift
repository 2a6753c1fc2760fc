import Crypto
import Foundation

/// AWS Signature Version 4, as S3 and S3-compatible stores check it.
///
/// Two forms: `sign` gives the headers a request carries (`Authorization`, `x-amz-date`,
/// `x-amz-content-sha256`, `x-amz-security-token`), `presign` gives a URL whose query carries the
/// signature (`X-Amz-Expires` and the rest), for a plain HTTP client with no credentials.
///
/// The URL's path is canonicalized the S3 way: each segment between slashes is percent-decoded
/// and encoded once with RFC 3986's unreserved set (so a key may be given raw or already
/// encoded), with no `.`/`..` or double-slash normalization. Query names and values are encoded
/// the same way (`/` too) and sorted by name, then value. Header names are lowercased, values
/// trimmed with inner runs of spaces collapsed, repeated names joined with commas in order.
/// The signing date is a parameter, so signatures are reproducible.
public struct SigV4Signer: Sendable {
    public struct Credentials: Sendable, Equatable {
        public var accessKeyID: String
        public var secretAccessKey: String
        public var sessionToken: String?

        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// What the canonical request says about the body.
    public enum Payload: Sendable, Equatable {
        /// The lowercase hex SHA-256 of the body.
        case sha256(String)
        /// `UNSIGNED-PAYLOAD`: the body is not covered (streamed uploads, presigned URLs).
        case unsigned

        public static func of<Bytes: DataProtocol>(_ body: Bytes) -> Payload {
            .sha256(SHA256.hash(data: body).hexString)
        }

        /// The hash of an empty body.
        public static let empty = Payload.of([UInt8]())

        var text: String {
            switch self {
            case .sha256(let hex): hex
            case .unsigned: "UNSIGNED-PAYLOAD"
            }
        }
    }

    public typealias Header = (name: String, value: String)

    public static let algorithm = "AWS4-HMAC-SHA256"

    public let credentials: Credentials
    public let region: String
    public let service: String

    public init(credentials: Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to add to a request of `method` to `url` that already carries `headers`
    /// (all of which are signed; `Host` comes from the URL). S3 also gets
    /// `x-amz-content-sha256`, which it requires; other services do not.
    public func sign(method: String, url: URL, headers: [Header] = [], payload: Payload, date: Date) -> [Header] {
        let time = Self.timestamp(date)
        var added: [Header] = [("x-amz-date", time)]
        if service == "s3" { added.append(("x-amz-content-sha256", payload.text)) }
        if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
        let signed = Self.canonicalHeaders(headers + added + [("host", Self.host(of: url))])
        let canonical = Self.canonicalRequest(method: method, url: url, query: Self.queryPairs(of: url),
                                              headers: signed, payload: payload)
        let signature = self.signature(canonicalRequest: canonical, time: time)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(time)), "
            + "SignedHeaders=\(Self.names(signed)), Signature=\(signature)"
        return [("Authorization", authorization)] + added
    }

    /// `url` with the signature in its query, valid for `expires` seconds from `date` (S3 takes
    /// 1 second to 7 days). `headers` are signed too, and the caller must then send them.
    public func presign(method: String, url: URL, headers: [Header] = [], expires: Int, date: Date) -> URL {
        let time = Self.timestamp(date)
        let signed = Self.canonicalHeaders(headers + [("host", Self.host(of: url))])
        var authQuery: [Header] = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(time))"),
            ("X-Amz-Date", time),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", Self.names(signed)),
        ]
        if let token = credentials.sessionToken { authQuery.append(("X-Amz-Security-Token", token)) }
        let query = Self.queryPairs(of: url) + authQuery
        let canonical = Self.canonicalRequest(method: method, url: url, query: query, headers: signed, payload: .unsigned)
        let signature = self.signature(canonicalRequest: canonical, time: time)
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        let pairs: [Header] = query + [("X-Amz-Signature", signature)]
        components.percentEncodedQuery = pairs
            .map { Self.encode($0.name, keepSlash: false) + "=" + Self.encode($0.value, keepSlash: false) }
            .joined(separator: "&")
        return components.url!
    }

    // MARK: The steps, each as the specification names it

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }

    func scope(_ time: String) -> String {
        "\(time.prefix(8))/\(region)/\(service)/aws4_request"
    }

    static func canonicalRequest(method: String, url: URL, query: [Header], headers: [Header], payload: Payload) -> String {
        [
            method.uppercased(),
            canonicalURI(url),
            canonicalQuery(query),
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            names(headers),
            payload.text,
        ].joined(separator: "\n")
    }

    func stringToSign(canonicalRequest: String, time: String) -> String {
        [Self.algorithm, time, scope(time), SHA256.hash(data: Data(canonicalRequest.utf8)).hexString]
            .joined(separator: "\n")
    }

    func signature(canonicalRequest: String, time: String) -> String {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [String(time.prefix(8)), region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key))
        }
        let message = Data(stringToSign(canonicalRequest: canonicalRequest, time: time).utf8)
        return HMAC<SHA256>.authenticationCode(for: message, using: key).hexString
    }

    /// Each segment decoded, then encoded once; slashes kept as they are.
    static func canonicalURI(_ url: URL) -> String {
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? ""
        guard !path.isEmpty else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { encode(decode($0), keepSlash: false) }
            .joined(separator: "/")
    }

    /// The query's pairs, decoded (a `+` is a plus sign, not a space; a name alone has an empty value).
    static func queryPairs(of url: URL) -> [Header] {
        guard let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery,
              !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Encoded pairs sorted by name, then by value (byte order).
    static func canonicalQuery(_ pairs: [Header]) -> String {
        let encoded: [Header] = pairs.map { (encode($0.name, keepSlash: false), encode($0.value, keepSlash: false)) }
        let sorted = encoded.sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// Lowercased names, sorted; values trimmed with inner whitespace collapsed; repeats joined.
    static func canonicalHeaders(_ headers: [Header]) -> [Header] {
        var values: [String: [String]] = [:]
        for header in headers {
            let value = header.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            values[header.name.lowercased(), default: []].append(value)
        }
        return values.keys.sorted().map { ($0, values[$0]!.joined(separator: ",")) }
    }

    static func names(_ headers: [Header]) -> String {
        headers.map(\.name).joined(separator: ";")
    }

    /// What an HTTP client sends as `Host`: the port only when it is not the scheme's default.
    static func host(of url: URL) -> String {
        let host = url.host(percentEncoded: true) ?? ""
        guard let port = url.port else { return host }
        let defaultPort = url.scheme?.lowercased() == "https" ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }

    /// RFC 3986 percent-encoding of every byte outside the unreserved set, in upper-case hex.
    static func encode<S: StringProtocol>(_ text: S, keepSlash: Bool) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                encoded.append("/")
            default:
                encoded += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// Percent-decoding that leaves a malformed escape as it was written.
    static func decode<S: StringProtocol>(_ text: S) -> String {
        let text = String(text)
        return text.removingPercentEncoding ?? text
    }
}
