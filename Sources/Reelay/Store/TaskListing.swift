import Foundation
import ReelayCore

/// The operator's view of the tasks: every key's, filtered and paged, newest first. Apart from
/// `TaskStore` because only the admin API asks it; the dialect routes see one owner's tasks.
public protocol TaskListing: Sendable {
    func tasks(matching filter: TaskFilter) async throws -> TaskPage
}

/// Which tasks the admin listing shows. Every filter left nil or empty matches all.
public struct TaskFilter: Sendable, Equatable {
    /// A key's id (the task's owner).
    public var owner: String?
    public var statuses: Set<TaskStatus> = []
    /// A model as the task was created with, or its catalog name.
    public var model: String?
    /// Created at or after.
    public var createdFrom: Date?
    /// Created before.
    public var createdBefore: Date?
    /// 1-based page of `limit` rows.
    public var page = 1
    public var limit = 50

    public init() {}
}
