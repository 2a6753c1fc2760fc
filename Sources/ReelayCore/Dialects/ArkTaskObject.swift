import Foundation

/// The Ark task object (`GET /api/v3/contents/generations/tasks/{id}`), with the fields of the
/// SDK's `ContentGenerationTask` that Reelay has values for. Ark answers with it directly; seed A
/// nests it under `data.data`, as new-api does.
public enum ArkTaskObject {
    public static func status(_ status: TaskStatus) -> String {
        switch status {
        case .queued: "queued"
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .expired: "expired"
        }
    }

    public static func encode(_ view: TaskView) -> JSONValue {
        let task = view.task
        let spec = task.spec
        var object: [String: JSONValue] = [
            "id": .string(task.id),
            "model": .string(spec.requestedModel),
            "status": .string(status(task.status)),
            "error": task.failure.map { ["code": .string($0.code.rawValue), "message": .string($0.message)] } ?? .null,
            "created_at": .int(task.createdAt.unixSeconds),
            "updated_at": .int(task.updatedAt.unixSeconds),
            "seed": .int(spec.seed),
            "resolution": .string(spec.resolution),
            "ratio": .string(task.result?.ratio ?? spec.ratio),
            "framespersecond": .int(spec.fps),
            "generate_audio": .bool(spec.generateAudio),
            "draft": .bool(spec.draft),
            "camera_fixed": .bool(spec.cameraFixed),
            "watermark": .bool(spec.watermark),
            "service_tier": "default",
            "execution_expires_after": 172_800,
        ]
        if let draftTaskID = spec.draftTaskID { object["draft_task_id"] = .string(draftTaskID) }
        if !spec.tools.isEmpty { object["tools"] = .array(spec.tools.map { ["type": .string($0)] }) }
        // Ark shows both: the seconds, and the frames rendered (or to be rendered; unknown while
        // the model still chooses the length).
        object["duration"] = .int(task.result?.duration ?? spec.duration)
        if let frames = task.result?.frames ?? spec.frames ?? (spec.duration > 0 ? spec.family.frames(seconds: spec.duration, fps: spec.fps) : nil) {
            object["frames"] = .int(frames)
        }
        if task.status == .succeeded {
            var content: [String: JSONValue] = ["video_url": .string(view.videoURL)]
            if let lastFrame = view.lastFrameURL { content["last_frame_url"] = .string(lastFrame) }
            object["content"] = .object(content)
        }
        if let result = task.result, task.status == .succeeded {
            object["usage"] = ["completion_tokens": .int(result.tokens), "total_tokens": .int(result.tokens)]
        }
        ReelayFields.add(task, to: &object)
        return .object(object)
    }
}
