import Foundation
import ReelayCore

/// Fetches the media inputs of a request without letting a caller's URL reach places it must not
/// (loopback, private networks, cloud metadata). Two steps: a cheap `check` when a request
/// arrives, so that a bad URL is refused before a task exists, and `load` when a worker needs the
/// bytes, which checks everything again because DNS answers can change in between.
public protocol MediaLoading: Sendable {
    /// Checks at request time, before a task is accepted, that the URL can be fetched at all:
    /// scheme http/https/data (`asset://` is checked elsewhere and accepted here), the host
    /// resolves, and (unless private addresses are allowed) no resolved address is loopback,
    /// private, link-local, metadata, CGNAT, unspecified, multicast or otherwise reserved.
    /// `data:` URIs are decoded and checked for type and size here.
    /// Throws `APIError(.invalidParameter, message, param: input.param)`.
    func check(_ input: MediaInput) async throws(APIError)

    /// Downloads (or decodes a `data:` URI) into `directory` and returns the local file, enforcing
    /// the size and time limits, the address policy on every redirect and the content type.
    /// Throws `ProviderError.invalidInput` naming the input on failure, `CancellationError` when
    /// its task is cancelled.
    func load(_ input: MediaInput, into directory: URL) async throws -> URL
}
