import Configuration
import Foundation

/// Where an S3-compatible store is and how to sign for it, read from the usual AWS variables:
/// `AWS_ENDPOINT_URL` (none: AWS itself), `AWS_REGION` (default us-east-1), `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`. Buckets are addressed by path
/// (`<endpoint>/<bucket>/<key>`) on a custom endpoint, which is what most S3-compatible servers
/// expect, and by host (`<bucket>.s3.<region>.amazonaws.com`) on AWS;
/// `REELAY_S3_PATH_STYLE=true|false` overrides that.
public struct S3Configuration: Sendable {
    /// The service's base URL, without a bucket.
    public var endpoint: URL
    public var region: String
    public var pathStyle: Bool
    public var credentials: SigV4Signer.Credentials

    public init(endpoint: URL? = nil, region: String = "us-east-1", pathStyle: Bool? = nil, credentials: SigV4Signer.Credentials) {
        self.endpoint = endpoint ?? URL(string: "https://s3.\(region).amazonaws.com")!
        self.region = region
        self.pathStyle = pathStyle ?? (endpoint != nil)
        self.credentials = credentials
    }

    /// The settings from `reader`; throws when the keys are missing or the endpoint is not a URL.
    public init(reader: ConfigReader) throws {
        func text(_ key: String, secret: Bool = false) -> String? {
            reader.string(forKey: ConfigKey(key), isSecret: secret).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let accessKey = text("aws.access.key.id"), let secret = text("aws.secret.access.key", secret: true) else {
            throw S3Error.configuration("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set")
        }
        var endpoint: URL?
        if let address = text("aws.endpoint.url") {
            guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  url.host() != nil else {
                throw S3Error.configuration("AWS_ENDPOINT_URL is not an http(s) URL: \(address)")
            }
            endpoint = url
        }
        var pathStyle: Bool?
        if let style = text("reelay.s3.path.style")?.lowercased() {
            switch style {
            case "1", "true", "yes": pathStyle = true
            case "0", "false", "no": pathStyle = false
            default: throw S3Error.configuration("REELAY_S3_PATH_STYLE must be true or false, not \(style)")
            }
        }
        self.init(endpoint: endpoint, region: text("aws.region") ?? "us-east-1", pathStyle: pathStyle,
                  credentials: .init(accessKeyID: accessKey, secretAccessKey: secret,
                                     sessionToken: text("aws.session.token", secret: true)))
    }
}
