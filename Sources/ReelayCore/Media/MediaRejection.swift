/// Why a media input cannot be used, as a phrase that completes "Cannot use the image at
/// content[1].image_url.url: ...". `check` turns it into an `APIError`, `load` into a
/// `ProviderError`, so both paths tell the caller the same thing.
public struct MediaRejection: Error, Sendable, Equatable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public func message(for input: MediaInput) -> String {
        "Cannot use the \(input.kind.rawValue) at \(input.param): \(reason)."
    }

    public func apiError(for input: MediaInput) -> APIError {
        .invalid(input.param, message(for: input))
    }
}
