import Foundation

/// A wire dialect: a pure translation between one provider's JSON and the canonical model.
/// It decodes create bodies into a `GenerationRequest` (or an `APIError` naming the parameter)
/// and encodes tasks and errors into that provider's response shapes. It knows its routes, and
/// nothing of stores, providers or HTTP plumbing.
public protocol Dialect: ErrorShape {
    var id: DialectID { get }
    /// The create and query routes (from `APIRoutes`).
    var createRoute: APIRoute { get }
    var queryRoute: APIRoute { get }

    func decodeCreate(_ body: JSONValue) throws(APIError) -> GenerationRequest
    /// The body answered to a successful create.
    func createResponse(_ task: TaskView) -> JSONValue
    /// The body answered to a query of one task.
    func taskResponse(_ task: TaskView) -> JSONValue
}

/// A task as a dialect shows it: the record plus the links to its files.
public struct TaskView: Sendable {
    public var task: GenerationTask
    public var videoURL: String?
    public var lastFrameURL: String?
    /// When the links above stop working.
    public var linksExpireAt: Date?

    public init(task: GenerationTask, videoURL: String? = nil, lastFrameURL: String? = nil, linksExpireAt: Date? = nil) {
        self.task = task
        self.videoURL = videoURL
        self.lastFrameURL = lastFrameURL
        self.linksExpireAt = linksExpireAt
    }
}

extension Date {
    /// Seconds since 1970, as the dialects write timestamps.
    public var unixSeconds: Int { Int(timeIntervalSince1970) }
}
