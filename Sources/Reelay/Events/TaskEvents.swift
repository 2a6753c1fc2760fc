import ReelayCore

/// Hears every status change of a task (callbacks, metrics). Called after the change is stored.
public protocol TaskEvents: Sendable {
    func taskChanged(_ task: GenerationTask) async
}

/// No one listening.
public struct NoTaskEvents: TaskEvents {
    public init() {}
    public func taskChanged(_ task: GenerationTask) async {}
}
