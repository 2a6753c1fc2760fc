import Foundation
import ReelayCore

/// Durable tasks and the queue they wait in. Every state change is one atomic statement, and a
/// terminal transition happens at most once (compare-and-set), so usage and callbacks are never
/// applied twice.
public protocol TaskStore: Sendable {
    func insert(_ task: GenerationTask) async throws
    func task(id: String) async throws -> GenerationTask?
    /// The owner's tasks, newest first.
    func tasks(owner: String, query: TaskQuery) async throws -> TaskPage

    /// Takes the oldest queued task for `worker`: marks it running, counts the attempt and sets
    /// the lease. Nil when the queue is empty.
    func claimNext(worker: String, leaseUntil: Date, now: Date) async throws -> GenerationTask?
    /// Extends the lease and records progress while `worker` still holds the task; false when it
    /// no longer does (cancelled, finished or taken over), so the worker should stop.
    func heartbeat(id: String, worker: String, progress: Int, leaseUntil: Date, now: Date) async throws -> Bool
    /// The compare-and-set terminal transition: applies only while the task is in one of `from`
    /// (and held by `worker`, when given). Returns the updated task, or nil when it did not apply.
    /// A non-nil `provider` is recorded as the task's; nil keeps what was recorded before.
    func finish(id: String, worker: String?, from: Set<TaskStatus>, to status: TaskStatus,
                result: TaskResult?, failure: TaskFailure?, provider: String?, now: Date) async throws -> GenerationTask?
    /// Puts a running task back in the queue (graceful shutdown), if `worker` still holds it.
    func release(id: String, worker: String, now: Date) async throws
    /// Running tasks whose lease ran out (their worker died): run again while they have attempts
    /// left, else fail. With `all`, every running task counts as orphaned (single-instance start).
    /// Returns the tasks that failed.
    func recoverOrphans(now: Date, maxAttempts: Int, all: Bool) async throws -> [GenerationTask]
    /// Queued tasks created before `cutoff` become expired. Returns them.
    func expireQueued(createdBefore cutoff: Date, now: Date) async throws -> [GenerationTask]
    func delete(id: String) async throws
    /// Tasks waiting and running, for metrics and readiness.
    func counts() async throws -> [TaskStatus: Int]
    /// Usage per owner (or of one owner): tasks active now, and tasks and seconds of video
    /// created since `since` that did not fail.
    func usage(owner: String?, since: Date) async throws -> [String: TaskUsage]
    /// The bytes of inline media kept for each key's tasks (one key's, or every key's).
    func inputBytes(owner: String?) async throws -> [String: Int]
    /// Removes finished tasks that ended before `cutoff` (retention); returns their ids.
    func deleteFinished(before cutoff: Date) async throws -> [String]
}

extension TaskStore {
    /// An end that names no provider (a cancel, a failure before any provider took the task).
    func finish(id: String, worker: String?, from: Set<TaskStatus>, to status: TaskStatus,
                result: TaskResult?, failure: TaskFailure?, now: Date) async throws -> GenerationTask? {
        try await finish(id: id, worker: worker, from: from, to: status, result: result, failure: failure, provider: nil, now: now)
    }
}

/// What one key used: for limits and the admin usage report.
public struct TaskUsage: Sendable, Equatable, Codable {
    public var activeTasks = 0
    public var tasks = 0
    public var videoSeconds = 0

    public init(activeTasks: Int = 0, tasks: Int = 0, videoSeconds: Int = 0) {
        self.activeTasks = activeTasks
        self.tasks = tasks
        self.videoSeconds = videoSeconds
    }
}
