import Foundation

/// How the task engine runs. Defaults suit one machine; tests shorten the intervals.
public struct EngineConfiguration: Sendable {
    /// Tasks rendered at once by this instance.
    public var workers = 2
    /// How long a claim lasts without a heartbeat before another worker may take the task over.
    public var leaseDuration: TimeInterval = 30
    /// How often a running task's progress is saved and its lease extended.
    public var heartbeatInterval: TimeInterval = 1
    /// How often an idle worker looks for work it was not woken for (other instances' tasks).
    public var pollInterval: TimeInterval = 2
    /// Runs a task may start (crashes count) before it fails.
    public var maxAttempts = 3
    /// A task still queued after this long expires (Ark's `execution_expires_after` default).
    public var queueTimeout: TimeInterval = 172_800
    /// On shutdown, how long running tasks may go on before they are handed back to the queue.
    public var drainTimeout: TimeInterval = 25
    /// With a single-instance store (SQLite), tasks found running at start belong to a process
    /// that died, so they are recovered at once instead of after their lease.
    public var recoverAllRunningOnStart = true
    /// Finished tasks and their files are deleted this long after they ended; nil keeps them.
    public var retention: TimeInterval? = 30 * 86_400

    public init() {}
}
