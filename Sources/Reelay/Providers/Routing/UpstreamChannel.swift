import Foundation
import ReelayCore

/// A channel the router can send a job to: a provider that also says when it definitely did not
/// take the job (so the next channel may), and can receive upstream callbacks.
protocol UpstreamChannel: VideoProvider {
    /// Runs the job. Throws `ChannelRefusal` when the upstream certainly did not accept it (its
    /// circuit is open, it refused the create, or it is full and `waitForSlot` is false); any
    /// other error ends the job.
    func run(_ job: ProviderJob, waitForSlot: Bool, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult

    func receiveCallback(_ body: Data) async -> Bool

    /// What the store-driven poller needs of this channel; nil for the local renderer.
    var polled: PolledChannel? { get }

    /// Its circuit, slots and failure record; nil for the local renderer.
    var gate: ChannelGate? { get }
}

extension UpstreamChannel {
    /// On its own, a channel waits for a slot and reports a refusal as the job's failure.
    func generateOnChannel(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        do {
            return try await run(job, waitForSlot: true, progress: progress)
        } catch let refusal as ChannelRefusal {
            throw refusal.error
        }
    }
}

/// A channel's definite "not taken": nothing was created upstream, so another channel may try.
struct ChannelRefusal: Error, Sendable {
    var error: ProviderError
    /// Only full: worth waiting for when every channel is.
    var busy = false

    static func busy(_ channel: String) -> ChannelRefusal {
        ChannelRefusal(error: ProviderError(code: .channelBusy, message: "Channel \(channel) has no free slot."), busy: true)
    }
}

/// The local renderer (or any plain provider) as a channel: it never refuses.
struct LocalChannel: UpstreamChannel {
    let provider: any VideoProvider
    var name: String { provider.name }

    func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        try await provider.generate(job, progress: progress)
    }

    func run(_ job: ProviderJob, waitForSlot: Bool, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        try await provider.generate(job, progress: progress)
    }

    func receiveCallback(_ body: Data) async -> Bool { false }

    var polled: PolledChannel? { nil }
    var gate: ChannelGate? { nil }
}
