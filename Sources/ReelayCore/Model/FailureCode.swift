/// Why a task failed, as a stable word for machines (the message beside it is for people).
/// Reelay's own codes are the constants below, each written once; an upstream's own codes (Ark's
/// `OutputVideoSensitiveContentDetected`) pass through as they are. Stored and sent as the bare
/// string, so the wire is the same as before the type existed.
public struct FailureCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// For tests and upstream words; Reelay's own code uses the constants.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    // The request or its media cannot be used.
    public static let invalidInput = FailureCode("InvalidInput")
    // The local renderer could not make the video.
    public static let renderFailed = FailureCode("RenderFailed")
    // Something on this server went wrong.
    public static let internalError = FailureCode("InternalError")
    // The object store (an S3-compatible bucket) refused or did not answer.
    public static let storageUnavailable = FailureCode("StorageUnavailable")
    // The owner cancelled it, or an upstream did.
    public static let cancelled = FailureCode("Cancelled")
    // It waited longer than its execution window, here or upstream.
    public static let expired = FailureCode("Expired")
    // Its worker stopped sending heartbeats too often.
    public static let workerLost = FailureCode("WorkerLost")
    // Upstream routing and channels.
    public static let upstreamUnavailable = FailureCode("UpstreamUnavailable")
    public static let upstreamUnreachable = FailureCode("UpstreamUnreachable")
    public static let upstreamOutcomeUnknown = FailureCode("UpstreamOutcomeUnknown")
    public static let upstreamLost = FailureCode("UpstreamLost")
    public static let upstreamTimeout = FailureCode("UpstreamTimeout")
    public static let upstreamResultMissing = FailureCode("UpstreamResultMissing")
    public static let upstreamTaskVanished = FailureCode("UpstreamTaskVanished")
    public static let upstreamPollFailed = FailureCode("UpstreamPollFailed")
    public static let upstreamFailed = FailureCode("UpstreamFailed")
    public static let upstreamRefused = FailureCode("UpstreamRefused")
    public static let upstreamAuthenticationFailed = FailureCode("UpstreamAuthenticationFailed")
    public static let upstreamModelNotFound = FailureCode("UpstreamModelNotFound")
    public static let upstreamError = FailureCode("UpstreamError")
    public static let resultDownloadFailed = FailureCode("ResultDownloadFailed")
    public static let circuitOpen = FailureCode("CircuitOpen")
    public static let channelBusy = FailureCode("ChannelBusy")
    public static let unsupportedByChannel = FailureCode("UnsupportedByChannel")
}
