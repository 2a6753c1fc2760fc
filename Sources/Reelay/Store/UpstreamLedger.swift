import Foundation

/// A durable note per task of what was sent upstream, kept in the task store so that any
/// instance can pick up a task another one started.
///
/// A create is written down as "sending" (no upstream id) before it leaves and with the upstream
/// id once the answer arrives. A task run again after a crash or a shutdown then continues the
/// upstream task the earlier run created instead of creating (and paying for) a second one; a
/// task found still "sending" was sent with an unknown outcome, so it is failed clearly rather
/// than sent twice (docs/UPSTREAMS.md). The note is removed when the task ends.
public protocol UpstreamLedger: Sendable {
    func entry(for taskID: String) async throws -> UpstreamLedgerEntry?
    /// Writes the note, replacing an earlier one of the same task.
    func record(_ entry: UpstreamLedgerEntry, for taskID: String) async throws
    func remove(_ taskID: String) async throws
    /// Removes notes of tasks that can no longer be running anywhere (cancelled by their owner
    /// while running upstream, so never run again).
    func prune(olderThan cutoff: Date) async throws
}

public struct UpstreamLedgerEntry: Codable, Sendable, Equatable {
    /// The channel the create went to.
    public var channel: String
    /// The upstream's task id; nil while the create is under way.
    public var upstreamID: String?
    /// When the create was sent: deadlines of resumed tasks count from here.
    public var createdAt: Date

    public init(channel: String, upstreamID: String?, createdAt: Date) {
        self.channel = channel
        self.upstreamID = upstreamID
        self.createdAt = createdAt
    }
}
