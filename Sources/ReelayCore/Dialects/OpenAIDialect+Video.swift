import Foundation

/// The SDK's `Video`, list page, deletion and error objects.
extension OpenAIDialect {
    public func createResponse(_ view: TaskView) -> JSONValue {
        Self.video(view)
    }

    public func taskResponse(_ view: TaskView) -> JSONValue {
        Self.video(view)
    }

    /// `GET /v1/videos?after&limit&order`: `after` is the id of the last video of the previous
    /// page; `limit` is 1...100 (20 by default); `order` by creation time, newest first by default.
    public func listQuery(_ parameters: [(String, String)]) throws(APIError) -> TaskQuery {
        var query = TaskQuery()
        for (name, value) in parameters {
            switch name {
            case "after" where !value.isEmpty: query.after = value
            case "limit":
                guard let limit = Int(value), Self.limits.contains(limit) else {
                    throw .invalid(name, "limit must be an integer between \(Self.limits.lowerBound) and \(Self.limits.upperBound), not '\(value)'.")
                }
                query.limit = limit
            case "order":
                guard value == "asc" || value == "desc" else {
                    throw .invalid(name, "order must be asc or desc, not '\(value)'.")
                }
                query.ascending = value == "asc"
            default: continue
            }
        }
        return query
    }

    static let limits = 1...100

    public func listResponse(_ views: [TaskView], hasMore: Bool) -> JSONValue {
        [
            "object": "list",
            "data": .array(views.map(Self.video)),
            "first_id": .string(views.first?.task.id),
            "last_id": .string(views.last?.task.id),
            "has_more": .bool(hasMore),
        ]
    }

    public func deletedResponse(id: String) -> JSONValue {
        ["id": .string(id), "object": "video.deleted", "deleted": true]
    }

    /// OpenAIErrorBody's shape, with OpenAI's own codes where it has them.
    public func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue) {
        var param = error.param
        let code: String
        switch error.kind {
        case .missingParameter: code = "missing_required_parameter"
        case .invalidParameter, .unsupported: code = "invalid_value"
        case .notFound where param == "task_id": (code, param) = ("video_not_found", "video_id")
        default: code = OpenAIErrorBody.code(error.kind)
        }
        return (error.httpStatus, ["error": [
            "message": .string(error.message),
            "type": .string(OpenAIErrorBody.type(error.kind)),
            "param": .string(param),
            "code": .string(code),
        ]])
    }

    // MARK: - The Video object

    static func status(_ status: TaskStatus) -> String {
        switch status {
        case .queued: "queued"
        case .running: "in_progress"
        case .succeeded: "completed"
        case .failed, .cancelled, .expired: "failed"
        }
    }

    static func video(_ view: TaskView) -> JSONValue {
        let task = view.task
        let spec = task.spec
        var video: [String: JSONValue] = [
            "id": .string(task.id),
            "object": "video",
            "created_at": .int(task.createdAt.unixSeconds),
            "completed_at": .int(task.status.isTerminal ? task.finishedAt?.unixSeconds : nil),
            "expires_at": .int(task.status == .succeeded ? view.linksExpireAt?.unixSeconds : nil),
            "model": .string(spec.requestedModel),
            "progress": .int(task.status == .succeeded ? 100 : task.progress),
            "prompt": .string(spec.prompt),
            "remixed_from_video_id": .string(spec.remixedFrom),
            "seconds": .string(String(task.result?.duration ?? spec.duration)),
            "size": .string(size(of: task).description),
            "status": .string(status(task.status)),
            "error": error(of: task),
        ]
        ReelayFields.add(task, to: &video)
        return .object(video)
    }

    /// The rendered size; before rendering, the planned one, or for a ratio settled from the
    /// image (`adaptive`, only in other dialects' tasks) the resolution's 16:9 size.
    static func size(of task: GenerationTask) -> Geometry.Size {
        if let result = task.result { return Geometry.Size(width: result.width, height: result.height) }
        let spec = task.spec
        if let width = spec.width, let height = spec.height { return Geometry.Size(width: width, height: height) }
        return Geometry.size(family: spec.family, resolution: spec.resolution, ratio: "16:9") ?? Geometry.Size(width: 1280, height: 720)
    }

    static func error(of task: GenerationTask) -> JSONValue {
        if let failure = task.failure {
            return ["code": .string(failure.code.rawValue), "message": .string(failure.message)]
        }
        switch task.status {
        case .cancelled: return ["code": "cancelled", "message": "The video was cancelled before it was generated."]
        case .expired: return ["code": "expired", "message": "The video was not generated before its task expired."]
        default: return nil
        }
    }
}
