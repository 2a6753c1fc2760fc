import Foundation
import ReelayCore

/// Turns a validated request into a video. The local renderer, Ark and relays are providers;
/// none of them knows a dialect or a store.
public protocol VideoProvider: Sendable {
    /// A short name for logs and metrics (`local`, `ark:cn-beijing`).
    var name: String { get }

    /// Makes the video of `job`, writing its files into `job.outputDirectory`, and reports
    /// progress in 0...1 as it goes. Throws `ProviderError` with a reason the caller may see.
    /// Must stop promptly when its Swift task is cancelled.
    func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult

    /// `generate`, and who made the video (recorded with the task): the provider's own `name`,
    /// or for a router the channel that made it.
    func generateNamingMaker(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws
        -> (result: TaskResult, provider: String)
}

extension VideoProvider {
    public func generateNamingMaker(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws
        -> (result: TaskResult, provider: String) {
        (try await generate(job, progress: progress), name)
    }
}

/// One run of one task on a provider.
public struct ProviderJob: Sendable {
    public var taskID: String
    public var owner: String
    public var spec: RenderSpec
    /// An empty folder that belongs to this task; result files are written here and their names
    /// (relative to it) go into the `TaskResult`.
    public var outputDirectory: URL
    /// 1 on the first run, more when a crash made the task run again.
    public var attempt: Int
    /// Whether a task an upstream accepted may be parked in the store (`UpstreamParked`) rather
    /// than hold this run until the upstream ends it: set by an engine whose store parks tasks
    /// and whose instance runs the upstream poller.
    public var mayPark = false

    public init(taskID: String, owner: String, spec: RenderSpec, outputDirectory: URL, attempt: Int) {
        self.taskID = taskID
        self.owner = owner
        self.spec = spec
        self.outputDirectory = outputDirectory
        self.attempt = attempt
    }
}

/// A provider's reason for failing a task. `code` is stable for machines, `message` is for people.
public struct ProviderError: Error, Sendable, Equatable {
    public var code: FailureCode
    public var message: String
    /// The terminal status the task takes: `failed`, or `cancelled` / `expired` when an upstream
    /// ended it that way (clients branch on those words).
    public let endsAs: TaskStatus

    /// `endsAs` other than `cancelled` or `expired` means `failed`: a failure never ends a task
    /// as succeeded or leaves it unfinished.
    public init(code: FailureCode, message: String, endsAs: TaskStatus = .failed) {
        self.code = code
        self.message = message
        self.endsAs = endsAs == .cancelled || endsAs == .expired ? endsAs : .failed
    }

    public static func invalidInput(_ message: String) -> ProviderError { ProviderError(code: .invalidInput, message: message) }
    public static func renderFailed(_ message: String) -> ProviderError { ProviderError(code: .renderFailed, message: message) }
}
