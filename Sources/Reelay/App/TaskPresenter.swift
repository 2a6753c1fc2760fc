import Foundation
import ReelayCore

/// Presents a task as dialects show it: the record plus fresh signed links to its files.
public struct TaskPresenter: Sendable {
    let links: any ResultLinking
    let blobs: any BlobStore

    public init(links: any ResultLinking, blobs: any BlobStore) {
        self.links = links
        self.blobs = blobs
    }

    /// The task with links to its files, when it has succeeded and they exist.
    public func view(_ task: GenerationTask, now: Date = Date()) -> TaskView {
        var view = TaskView(task: task)
        guard task.status == .succeeded, let result = task.result else { return view }
        if blobs.contains(taskID: task.id, name: result.videoFile) {
            let link = links.link(taskID: task.id, name: result.videoFile, now: now)
            view.videoURL = link.url
            view.linksExpireAt = link.expires
        }
        if let lastFrame = result.lastFrameFile, blobs.contains(taskID: task.id, name: lastFrame) {
            view.lastFrameURL = links.link(taskID: task.id, name: lastFrame, now: now).url
        }
        return view
    }
}
