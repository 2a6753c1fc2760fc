import Foundation
import ReelayCore

/// Makes the still previews OpenAI's content endpoint offers beside the video: a thumbnail (a
/// frame from the first second) and a spritesheet (a 5 x 5 grid of frames across the video).
/// Made on first request and kept beside the result; requests for one that is being made wait
/// for that run.
public struct PreviewMaker: Sendable {
    public enum Variant: String, Sendable, CaseIterable {
        case thumbnail, spritesheet

        var fileName: String { "\(rawValue).jpg" }
    }

    let tool: any MediaTool
    let blobs: any BlobStore
    private let runs = SingleFlight<URL?>()

    public init(tool: any MediaTool, blobs: any BlobStore) {
        self.tool = tool
        self.blobs = blobs
    }

    /// The preview's file, made now if it does not exist yet.
    public func preview(_ variant: Variant, of task: GenerationTask) async throws -> URL? {
        if let existing = try await blobs.file(taskID: task.id, name: variant.fileName) { return existing }
        return try await runs.run("\(task.id)/\(variant.rawValue)") { try await make(variant, of: task) }
    }

    private func make(_ variant: Variant, of task: GenerationTask) async throws -> URL? {
        if let existing = try await blobs.file(taskID: task.id, name: variant.fileName) { return existing }
        guard let result = task.result, let video = try await blobs.file(taskID: task.id, name: result.videoFile) else { return nil }
        let scratch = FileManager.default.temporaryDirectory.appending(path: "reelay-preview-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let filter: String
        switch variant {
        case .thumbnail:
            filter = "select=eq(n\\,\(min(12, max(0, result.frames - 1)))),scale=-2:min(720\\,ih)"
        case .spritesheet:
            let step = max(1, result.frames / 25)
            filter = "select=not(mod(n\\,\(step))),scale=192:-2,tile=5x5"
        }
        try await tool.run(.ffmpeg, ["-v", "error", "-nostdin", "-y"] + MediaFormat.inputArguments(video) + ["-vf", filter, "-frames:v", "1", "-q:v", "3", scratch.path])
        try await blobs.add(taskID: task.id, name: variant.fileName, from: scratch)
        return try await blobs.file(taskID: task.id, name: variant.fileName)
    }
}
