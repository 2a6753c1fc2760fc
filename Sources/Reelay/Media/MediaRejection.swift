import ReelayCore

/// Why a media input cannot be used, as a phrase that completes "Cannot use the image at
/// content[1].image_url.url: ...". `check` turns it into an `APIError`, `load` into a
/// `ProviderError`, so both paths tell the caller the same thing.
struct MediaRejection: Error, Sendable, Equatable {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    func message(for input: MediaInput) -> String {
        "Cannot use the \(input.kind.rawValue) at \(input.param): \(reason)."
    }

    func apiError(for input: MediaInput) -> APIError {
        .invalid(input.param, message(for: input))
    }

    func providerError(for input: MediaInput) -> ProviderError {
        .invalidInput(message(for: input))
    }
}
