import Foundation

/// Thrown by an upstream run that may park (`ProviderJob.mayPark`) once the upstream holds the
/// task: the engine parks the task in the store with this wait and frees the worker. Not a
/// failure: the task stays running, and the store's poller follows it from here.
public struct UpstreamParked: Error, Sendable {
    public var wait: UpstreamWait
}

extension UpstreamSnapshot.Phase {
    /// The status word kept with a parked task (`UpstreamWait.phase`).
    var word: String {
        switch self {
        case .queued: "queued"
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .expired: "expired"
        case .unknown(let word): word
        }
    }
}
