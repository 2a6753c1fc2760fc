import ReelayCore

extension MediaRejection {
    /// The rejection as `load` reports it, with the same message `check` gives.
    func providerError(for input: MediaInput) -> ProviderError {
        .invalidInput(message(for: input))
    }
}
