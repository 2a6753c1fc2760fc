/// The canonical life of a task. Dialects translate it into their own words.
public enum TaskStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, succeeded, failed, cancelled, expired

    public var isTerminal: Bool {
        switch self {
        case .queued, .running: false
        case .succeeded, .failed, .cancelled, .expired: true
        }
    }
}
