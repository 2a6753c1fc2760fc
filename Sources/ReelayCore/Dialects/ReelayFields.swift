import Foundation

/// Reelay's own fields in task answers, the same in every dialect. Each dialect's clients
/// ignore fields they do not know, so these sit beside the dialect's own.
public enum ReelayFields {
    /// Who made the task's video: `local` for the embedded renderer (placeholder videos, not a
    /// model's output), else the name of the routing channel that sent it upstream. Absent
    /// until known.
    public static let provider = "reelay_provider"

    /// Adds the fields `task` has values for to a task object.
    static func add(_ task: GenerationTask, to object: inout [String: JSONValue]) {
        if let provider = task.provider { object[Self.provider] = .string(provider) }
    }
}
