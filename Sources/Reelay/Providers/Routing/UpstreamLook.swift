import Foundation

/// What one look at an upstream task learnt.
enum UpstreamLook: Sendable {
    case found(UpstreamSnapshot)
    /// Not in the answer (Ark's list), or not found (404): counted, and the task is failed as
    /// vanished once it stays so for `vanishRounds` looks.
    case missing
    /// A client error (a revoked key): counted, and fatal when it persists.
    case refused(String)
    /// A hiccup that retries did not overcome: looked at again later.
    case failed(String)
}
