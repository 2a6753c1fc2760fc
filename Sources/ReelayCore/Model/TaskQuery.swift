/// Filters and paging for listing an owner's tasks (Ark's and OpenAI's list endpoints).
public struct TaskQuery: Sendable, Equatable {
    public var statuses: Set<TaskStatus> = []
    public var ids: [String] = []
    public var model: String?
    /// Ark paging: 1-based page of `limit` rows.
    public var page: Int = 1
    public var limit: Int = 20
    /// OpenAI cursor paging: rows strictly older than this task.
    public var after: String?
    public var ascending = false

    public init() {}
}

/// One page of a listing: the tasks, how many match in all, and whether more follow.
public struct TaskPage: Sendable {
    public var tasks: [GenerationTask]
    public var total: Int
    public var hasMore: Bool

    public init(tasks: [GenerationTask], total: Int, hasMore: Bool) {
        self.tasks = tasks
        self.total = total
        self.hasMore = hasMore
    }
}
