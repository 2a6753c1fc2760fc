import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ReelayCore

/// Copies an upstream's result files into the task's folder, because upstream links die after
/// about 24 hours. Bodies stream to disk under a size cap and must be what they claim to be (an
/// MP4 is an MP4, not an error page); failures worth another try (429, 5xx, timeouts, cut-off
/// bodies) are retried with backoff.
///
/// The upstream's own host is trusted as the operator configured it. Any other host (Ark serves
/// results from object storage) is checked against the address policy at every redirect hop and
/// pinned to the checked address, as media inputs are.
struct ResultDownloader: Sendable {
    let httpClient: HTTPClient
    let trustedHost: String?
    let policy: AddressPolicy
    let retry: RetryPolicy
    let maxVideoBytes: Int
    let maxImageBytes: Int
    /// For one whole file, body included.
    let timeLimit: Duration
    /// Measures videos whose size the upstream's answer does not settle (keep_ratio).
    let tool: (any MediaTool)?
    let logger: Logger

    static let maxRedirects = 3

    /// Saves `url` into `directory` as `name.<extension>` and returns that file name.
    func download(_ url: String, kind: MediaInput.Kind, name: String, into directory: URL) async throws -> String {
        do {
            return try await retry.run { () async throws -> RetryPolicy.Attempt<String> in
                do {
                    let timedOut = DownloadFailure(reason: "it did not arrive within \(MediaLimits.describe(timeLimit))", transient: true)
                    return .success(try await withTimeLimit(timeLimit, timedOut: { timedOut }) {
                        try await self.follow(url, kind: kind, name: name, into: directory)
                    })
                } catch let failure as DownloadFailure where failure.transient {
                    logger.info("Result download failed; retrying", metadata: ["reason": "\(failure.reason)", "url": "\(MediaInput.redact(url))"])
                    return .transient(failure.reason, retryAfter: failure.retryAfter)
                }
            }
        } catch let error as DownloadFailure {
            throw ProviderError(code: .resultDownloadFailed, message: "Cannot save the upstream's \(kind.rawValue): \(error.reason).")
        } catch let error as RetryPolicy.Exhausted {
            throw ProviderError(code: .resultDownloadFailed,
                                message: "Cannot save the upstream's \(kind.rawValue) after \(retry.attempts) tries: \(error.reason).")
        }
    }

    /// The pixel size of a saved video, when a media tool is at hand.
    func measure(_ file: URL) async -> Geometry.Size? {
        guard let tool, let probe = try? await tool.probe(file), probe.width > 0, probe.height > 0 else { return nil }
        return probe.size
    }

    struct DownloadFailure: Error, Sendable {
        var reason: String
        var transient: Bool
        var retryAfter: Duration? = nil
    }

    private enum Hop {
        case redirect(URL)
        case saved(String)
    }

    private func follow(_ start: String, kind: MediaInput.Kind, name: String, into directory: URL) async throws -> String {
        guard var url = URL(string: start) else { throw DownloadFailure(reason: "the upstream gave no valid URL", transient: false) }
        for _ in 0...Self.maxRedirects {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
                throw DownloadFailure(reason: "its URL is not an http(s) URL", transient: false)
            }
            let hop: Hop
            if host == trustedHost {
                hop = try await fetch(url, with: httpClient, kind: kind, name: name, into: directory)
            } else {
                do {
                    let pinned = PinnedHTTPClient(policy: policy, eventLoopGroup: httpClient.eventLoopGroup)
                    hop = try await pinned.withClient(for: url) { client in
                        try await fetch(url, with: client, kind: kind, name: name, into: directory)
                    }
                } catch let refusal as AddressPolicy.Refusal {
                    throw DownloadFailure(reason: "cannot use it: \(refusal.reason)", transient: false)
                }
            }
            switch hop {
            case .saved(let file): return file
            case .redirect(let next): url = next
            }
        }
        throw DownloadFailure(reason: "its server redirects more than \(Self.maxRedirects) times", transient: false)
    }

    private func fetch(_ url: URL, with client: HTTPClient, kind: MediaInput.Kind, name: String, into directory: URL) async throws -> Hop {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: "Reelay-Upstream/1")
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .distantFuture, logger: logger)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw DownloadFailure(reason: UpstreamClient.describe(error), transient: true)
        }
        let status = Int(response.status.code)
        if [301, 302, 303, 307, 308].contains(status) {
            guard let location = response.headers.first(name: "location"), let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                throw DownloadFailure(reason: "its server redirects (HTTP \(status)) without a location", transient: false)
            }
            return .redirect(next)
        }
        guard (200..<300).contains(status) else {
            let transient = status == 429 || status == 408 || status >= 500
            throw DownloadFailure(reason: "its server answered HTTP \(status)", transient: transient,
                                  retryAfter: response.headers.first(name: "retry-after").flatMap(UpstreamClient.retryAfter))
        }
        return .saved(try await save(response, kind: kind, name: name, into: directory))
    }

    /// Streams the body to a hidden partial file, then renames it once it is whole and checked.
    private func save(_ response: HTTPClientResponse, kind: MediaInput.Kind, name: String, into directory: URL) async throws -> String {
        let limit = kind == .video ? maxVideoBytes : maxImageBytes
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > limit {
            throw DownloadFailure(reason: "it is larger than the limit of \(MediaLimits.describe(bytes: limit))", transient: false)
        }
        let partial = directory.appending(path: ".\(name).part")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw ProviderError(code: .internalError, message: "Cannot write the result into the task's folder.")
        }
        do {
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            var written = 0
            var head: [UInt8] = []
            do {
                for try await chunk in response.body {
                    written += chunk.readableBytes
                    guard written <= limit else {
                        throw DownloadFailure(reason: "it is larger than the limit of \(MediaLimits.describe(bytes: limit))", transient: false)
                    }
                    if head.count < MediaFormat.sniffLength { head += chunk.readableBytesView.prefix(MediaFormat.sniffLength - head.count) }
                    try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
                }
            } catch let error as DownloadFailure {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                throw DownloadFailure(reason: "the transfer broke off (\(UpstreamClient.describe(error)))", transient: true)
            }
            try Task.checkCancellation()
            guard let format = MediaFormat.sniff(head), format.kind == kind else {
                throw DownloadFailure(reason: written == 0 ? "its server sent an empty body" : "its bytes are not a \(kind.rawValue) file",
                                      transient: written == 0)
            }
            let fileName = "\(name).\(format.fileExtension)"
            let target = directory.appending(path: fileName)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: partial, to: target)
            logger.debug("Saved upstream result", metadata: ["file": "\(fileName)", "bytes": "\(written)"])
            return fileName
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }
}
