import Configuration
import Foundation

/// Where results, inputs and assets go when they leave the local disk:
/// `REELAY_BLOB_URL=s3://bucket/prefix`, with the store's endpoint, region, path style and
/// credentials from the usual AWS variables (`S3Configuration`), and how result links are made
/// (`REELAY_RESULT_LINKS`). Nil settings (no `REELAY_BLOB_URL`) mean local files, as always.
public struct ObjectStorageSettings: Sendable {
    /// How a task's result links reach the bytes.
    public enum Links: String, Sendable, CaseIterable {
        /// Reelay's own signed `/files` links, streamed from the bucket (Range included): one
        /// public address, and clients need not reach the store. The default.
        case proxy
        /// Presigned GET URLs straight to the store: video bytes never pass through Reelay.
        case presigned
    }

    public var bucket: String
    /// Empty, or ending in `/`.
    public var prefix: String
    public var s3: S3Configuration
    public var links: Links

    public init(bucket: String, prefix: String, s3: S3Configuration, links: Links = .proxy) {
        self.bucket = bucket
        self.prefix = S3BlobStore.normalized(prefix)
        self.s3 = s3
        self.links = links
    }

    /// The settings from `reader`, nil without `REELAY_BLOB_URL`. A URL that is not
    /// `s3://bucket[/prefix]`, missing credentials or an unknown link kind stop the start.
    public init?(reader: ConfigReader) throws {
        let links = reader.string(forKey: "reelay.result.links").flatMap { $0.isEmpty ? nil : $0.lowercased() }
        guard let address = reader.string(forKey: "reelay.blob.url").flatMap({ $0.isEmpty ? nil : $0 }) else {
            if let links, links != Links.proxy.rawValue {
                throw ConfigurationError("REELAY_RESULT_LINKS=\(links) needs REELAY_BLOB_URL (s3://bucket/prefix); local files are served through Reelay.")
            }
            return nil
        }
        let (bucket, prefix) = try Self.parse(address)
        var kind = Links.proxy
        if let links {
            guard let value = Links(rawValue: links) else {
                throw ConfigurationError("REELAY_RESULT_LINKS must be proxy or presigned, not '\(links)'.")
            }
            kind = value
        }
        let s3: S3Configuration
        do {
            s3 = try S3Configuration(reader: reader)
        } catch let error as S3Error {
            throw ConfigurationError("REELAY_BLOB_URL is set, but the S3 settings are unusable: \(error)")
        }
        self.init(bucket: bucket, prefix: prefix, s3: s3, links: kind)
    }

    /// `s3://bucket/prefix` as its bucket and prefix.
    static func parse(_ address: String) throws -> (bucket: String, prefix: String) {
        let problem = ConfigurationError("REELAY_BLOB_URL must look like s3://bucket or s3://bucket/prefix, not '\(address)'.")
        guard address.lowercased().hasPrefix("s3://") else { throw problem }
        let rest = address.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        let prefix = String(rest.dropFirst(bucket.count))
        // S3's bucket naming rules: 3-63 lower-case letters, digits, dots and dashes.
        let allowed = bucket.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
        guard (3...63).contains(bucket.count), allowed, !prefix.contains("?"), !prefix.contains("#"),
              !prefix.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { throw problem }
        return (bucket, prefix)
    }
}
