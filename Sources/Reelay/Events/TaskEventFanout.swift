import ReelayCore

/// Tells several listeners of each change, in order.
public struct TaskEventFanout: TaskEvents {
    let listeners: [any TaskEvents]

    public init(_ listeners: [any TaskEvents]) {
        self.listeners = listeners
    }

    public func taskChanged(_ task: GenerationTask) async {
        for listener in listeners { await listener.taskChanged(task) }
    }
}
