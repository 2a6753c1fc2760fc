import Foundation
import ReelayCore
import Synchronization

/// What one upstream channel refused or failed lately, for the admin channel report: the last
/// failures with their messages (the channel's key scrubbed) and their times. Kept in memory by
/// each instance for what it saw itself, so several instances each report their own.
public final class ChannelActivity: Sendable {
    public struct Failure: Sendable, Equatable {
        public var at: Date
        public var code: String
        public var message: String
    }

    /// How many failures are kept; counts over an hour are taken from these.
    static let kept = 200
    private let secret: UpstreamSecret?
    private let failures = Mutex<[Failure]>([])

    init(secret: UpstreamSecret?) {
        self.secret = secret
    }

    /// Notes a refused create, an unknown outcome or an upstream task that ended without a video.
    func failed(_ error: ProviderError, at date: Date = Date()) {
        let message = Self.scrub(secret?.redact(error.message) ?? error.message)
        failures.withLock { list in
            list.append(Failure(at: date, code: error.code.rawValue, message: message))
            if list.count > Self.kept { list.removeFirst(list.count - Self.kept) }
        }
    }

    /// The failures since `date`, newest first.
    public func failures(since date: Date) -> [Failure] {
        failures.withLock { $0.filter { $0.at >= date }.reversed() }
    }

    /// Bearer tokens and key-like words an upstream may echo (another key than this channel's).
    static func scrub(_ text: String) -> String {
        text.replacing(/(?i)(bearer\s+)[A-Za-z0-9._~+\/=-]{8,}/) { "\($0.output.1)<redacted>" }
            .replacing(/\b(sk|ak|key)-[A-Za-z0-9_-]{8,}/) { _ in "<redacted>" }
    }
}
