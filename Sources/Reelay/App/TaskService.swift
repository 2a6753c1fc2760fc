import Foundation
import ReelayCore

/// What the routes of every dialect share: accept a decoded request as a task, find a caller's
/// task, and present it with signed links. Ownership is checked here, on every read.
public struct TaskService: Sendable {
    let store: any TaskStore
    let validator: RequestValidator
    let media: any MediaLoading
    let links: LinkSigner
    let blobs: any BlobStore
    let engine: TaskEngine

    /// Validates, checks media URLs (SSRF guard), stores the task and wakes a worker.
    public func create(_ request: GenerationRequest, owner: String, dialect: DialectID) async throws(APIError) -> GenerationTask {
        let spec = try validator.validate(request, dialect: dialect)
        for input in spec.media {
            if input.isAsset {
                throw APIError.invalid(input.param, "Asset '\(input.url)' does not exist or does not belong to this key.")
            }
            try await media.check(input)
        }
        if let callback = request.callbackURL {
            try await media.check(MediaInput(kind: .image, url: callback, role: .firstFrame, param: request.param("callback_url")))
        }
        let task = GenerationTask(id: GenerationTask.newID(), owner: owner, dialect: dialect, spec: spec,
                                  callbackURL: request.callbackURL, createdAt: Date())
        do {
            try await store.insert(task)
        } catch {
            throw APIError(.unavailable, "The task could not be stored; try again.")
        }
        engine.taskQueued()
        return task
    }

    /// The caller's task; another key's task is as unknown as a missing one.
    public func task(id: String, owner: String) async throws(APIError) -> GenerationTask {
        let found: GenerationTask?
        do {
            found = try await store.task(id: id)
        } catch {
            throw APIError(.unavailable, "The task store is unavailable; try again.")
        }
        guard let task = found, task.owner == owner else { throw APIError.taskNotFound(id) }
        return task
    }

    /// The task with links to its files, when it has succeeded and they exist.
    public func view(_ task: GenerationTask, now: Date = Date()) -> TaskView {
        var view = TaskView(task: task)
        guard task.status == .succeeded, let result = task.result else { return view }
        if blobs.file(taskID: task.id, name: result.videoFile) != nil {
            let link = links.link(taskID: task.id, name: result.videoFile, now: now)
            view.videoURL = link.url
            view.linksExpireAt = link.expires
        }
        if let lastFrame = result.lastFrameFile, blobs.file(taskID: task.id, name: lastFrame) != nil {
            view.lastFrameURL = links.link(taskID: task.id, name: lastFrame, now: now).url
        }
        return view
    }
}
