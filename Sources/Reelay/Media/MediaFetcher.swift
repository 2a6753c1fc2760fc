import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ReelayCore

/// The live `MediaLoading`: downloads http(s) media and decodes `data:` URIs, behind the SSRF
/// guard of `AddressPolicy`.
///
/// Each request hop runs on a `PinnedHTTPClient` built on the given client's event loops, so a
/// redirect is re-checked before it is followed, and a DNS answer that changes between the check
/// and the connect (DNS rebinding) cannot steer the connection elsewhere.
public struct MediaFetcher: MediaLoading {
    public let limits: MediaLimits
    public var policy: AddressPolicy { pinned.policy }
    private let pinned: PinnedHTTPClient
    private let logger: Logger

    public init(httpClient: HTTPClient, allowPrivateAddresses: Bool, limits: MediaLimits = .default, logger: Logger) {
        self.pinned = PinnedHTTPClient(policy: AddressPolicy(allowPrivateAddresses: allowPrivateAddresses),
                                       eventLoopGroup: httpClient.eventLoopGroup)
        self.limits = limits
        self.logger = logger
    }

    // MARK: MediaLoading

    public func check(_ input: MediaInput) async throws(APIError) {
        do throws(MediaRejection) {
            switch try Self.source(of: input) {
            case .asset:
                return
            case .data:
                _ = try decodeDataURI(input)
            case .web(let url):
                try await vet(url)
            }
        } catch {
            logger.info("Media input refused", metadata: metadata(input, ["reason": "\(error.reason)"]))
            throw error.apiError(for: input)
        }
    }

    public func load(_ input: MediaInput, into directory: URL) async throws -> URL {
        do {
            switch try Self.source(of: input) {
            case .asset:
                throw MediaRejection("asset:// URLs are resolved by the asset store, not fetched")
            case .data:
                // Megabytes of base64 are decoded off the cooperative pool (see `HeavyWork`).
                let decoded = input.url.utf8.count < HeavyWork.threshold ? try decodeDataURI(input)
                    : try await HeavyWork.run { () throws(MediaRejection) in try self.decodeDataURI(input) }
                let file = fileURL(for: input, in: directory, extension: decoded.fileExtension)
                try decoded.data.write(to: file, options: .atomic)
                logger.debug("Decoded media input", metadata: metadata(input, ["bytes": "\(decoded.data.count)"]))
                return file
            case .web(let url):
                let limit = limits.timeLimit
                return try await withTimeLimit(limit, timedOut: { MediaRejection("it could not be downloaded within \(MediaLimits.describe(limit))") }) {
                    try await self.download(input, from: url, into: directory)
                }
            }
        } catch {
            // A cancelled task stops, whatever the interrupted call made of it.
            if Task.isCancelled { throw CancellationError() }
            if let rejection = error as? MediaRejection {
                logger.info("Media input refused", metadata: metadata(input, ["reason": "\(rejection.reason)"]))
                throw rejection.providerError(for: input)
            }
            logger.warning("Media download failed", metadata: metadata(input, ["error": "\(error)"]))
            throw MediaRejection(describe(error)).providerError(for: input)
        }
    }

    // MARK: Sources

    private enum Source {
        case asset, data
        case web(URL)
    }

    private static func source(of input: MediaInput) throws(MediaRejection) -> Source {
        let scheme = input.url.prefix { $0 != ":" }.lowercased()
        switch scheme {
        case "asset":
            return .asset
        case "data":
            return .data
        case "http", "https":
            guard let url = URL(string: input.url), let host = url.host, !host.isEmpty else {
                throw MediaRejection("it is not a valid \(scheme) URL")
            }
            return .web(url)
        default:
            guard scheme.count < input.url.count, scheme.count <= 16 else {
                throw MediaRejection("it is not a URL; use an http(s) URL, a data: URI or an asset:// id")
            }
            throw MediaRejection("its URL scheme '\(scheme)' is not supported; use http, https, data or asset")
        }
    }

    // MARK: data: URIs

    private func decodeDataURI(_ input: MediaInput) throws(MediaRejection) -> (data: Data, fileExtension: String) {
        let limit = limits.maxBytes(for: input.kind)
        let uri: DataURI
        do {
            uri = try DataURI(parsing: input.url, maxBytes: limit)
        } catch {
            switch error {
            case .malformed(let reason): throw MediaRejection("its data URI \(reason)")
            case .tooLarge: throw tooLarge(input.kind)
            }
        }
        guard !uri.data.isEmpty else { throw MediaRejection("its data URI holds no data") }
        let format = try MediaFormat.accepted(contentType: uri.mediaType, head: uri.data.prefix(MediaFormat.sniffLength), kind: input.kind)
        try limits.checkImage(uri.data, format: format)
        return (uri.data, format.fileExtension)
    }

    // MARK: Downloads

    /// Checks the host of `url` against the policy.
    private func vet(_ url: URL) async throws(MediaRejection) {
        do {
            _ = try await pinned.pins(for: url)
        } catch {
            throw MediaRejection(error.reason)
        }
    }

    private enum Hop {
        case redirect(URL)
        case saved(URL)
    }

    private func download(_ input: MediaInput, from start: URL, into directory: URL) async throws -> URL {
        var url = start
        for _ in 0...limits.maxRedirects {
            let hop: Hop
            do {
                hop = try await pinned.withClient(for: url, connectTimeout: limits.connectTimeout) { client in
                    try await fetch(input, from: url, with: client, into: directory)
                }
            } catch let refusal as AddressPolicy.Refusal {
                throw MediaRejection(refusal.reason)
            }
            switch hop {
            case .saved(let file):
                return file
            case .redirect(let next):
                logger.debug("Media input redirected", metadata: metadata(input, ["to": "\(MediaInput.redact(next.absoluteString))"]))
                url = next
            }
        }
        throw MediaRejection("its server redirects more than \(limits.maxRedirects) times")
    }

    /// One request: either a redirect to follow or the body saved to a file.
    private func fetch(_ input: MediaInput, from url: URL, with client: HTTPClient, into directory: URL) async throws -> Hop {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: "Reelay-MediaFetcher/1")
        request.headers.add(name: "Accept", value: "\(input.kind.rawValue)/*, application/octet-stream;q=0.5")
        let response = try await client.execute(request, deadline: .distantFuture, logger: logger)

        let status = Int(response.status.code)
        if [301, 302, 303, 307, 308].contains(status) {
            guard let location = response.headers.first(name: "location"),
                  let next = URL(string: location, relativeTo: url)?.absoluteURL,
                  let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https"
            else {
                throw MediaRejection("its server redirects (HTTP \(status)) to a location that is not an http(s) URL")
            }
            return .redirect(next)
        }
        guard (200..<300).contains(status) else {
            throw MediaRejection("its server answered HTTP \(status)")
        }
        return .saved(try await save(response, of: input, into: directory))
    }

    /// Streams the body into a file, stopping as soon as it passes the size limit, then decides
    /// from the content type and the first bytes whether it is what the input says it is.
    private func save(_ response: HTTPClientResponse, of input: MediaInput, into directory: URL) async throws -> URL {
        let limit = limits.maxBytes(for: input.kind)
        let contentType = response.headers.first(name: "content-type")
        try MediaFormat.refuseWrongDeclaration(contentType, for: input.kind)
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > limit {
            throw tooLarge(input.kind)
        }

        let partial = fileURL(for: input, in: directory, extension: "part")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: partial.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            var written = 0
            var head: [UInt8] = []
            for try await chunk in response.body {
                written += chunk.readableBytes
                guard written <= limit else { throw tooLarge(input.kind) }
                if head.count < MediaFormat.sniffLength {
                    head += chunk.readableBytesView.prefix(MediaFormat.sniffLength - head.count)
                }
                try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            }
            // A body cut short by the time limit must not pass for a whole file.
            try Task.checkCancellation()
            guard written > 0 else { throw MediaRejection("its server sent an empty body") }
            let format = try MediaFormat.accepted(contentType: contentType, head: head, kind: input.kind)
            if format.kind == .image { try limits.checkImage(try Data(contentsOf: partial, options: .alwaysMapped), format: format) }
            let file = partial.deletingPathExtension().appendingPathExtension(format.fileExtension)
            try FileManager.default.moveItem(at: partial, to: file)
            logger.debug("Fetched media input", metadata: metadata(input, ["bytes": "\(written)"]))
            return file
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    // MARK: Helpers

    private func tooLarge(_ kind: MediaInput.Kind) -> MediaRejection {
        MediaRejection("it is larger than the \(kind.rawValue) limit of \(MediaLimits.describe(bytes: limits.maxBytes(for: kind)))")
    }

    /// A reason for the caller from a transport error; the details go to the log.
    private func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .connectTimeout:
            "its server did not accept a connection within \(MediaLimits.describe(limits.connectTimeout))"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            "its server closed the connection before sending the whole file"
        case is HTTPClientError:
            "it could not be downloaded (\(error))"
        case is ChannelError, is IOError:
            "its server could not be reached"
        case is CocoaError:
            "it could not be saved to local storage"
        default:
            "it could not be downloaded"
        }
    }

    /// `first_frame-<uuid>.png` in `directory`: unique, and says what it is.
    private func fileURL(for input: MediaInput, in directory: URL, extension fileExtension: String) -> URL {
        directory.appendingPathComponent("\(input.role.rawValue)-\(UUID().uuidString.lowercased()).\(fileExtension)")
    }

    private func metadata(_ input: MediaInput, _ extra: Logger.Metadata = [:]) -> Logger.Metadata {
        extra.merging(["param": "\(input.param)", "url": "\(input.redactedURL)"]) { new, _ in new }
    }
}
