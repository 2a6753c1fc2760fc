import Foundation
import ReelayCore

/// A task as the client shows it: the Ark task object, with the live progress that only seed
/// A's query answer carries (`data.progress: "37%"`, the Ark object under `data.data`).
struct ClientTask {
    static let terminalStatuses: Set = ["succeeded", "failed", "cancelled", "expired"]

    /// The Ark task object, printed by `--json`.
    var object: JSONValue
    var id: String
    var status: String
    var progress: Int

    init(object: JSONValue, progress: Int? = nil) {
        self.object = object
        id = object["id"]?.stringValue ?? ""
        status = object["status"]?.stringValue ?? "unknown"
        self.progress = status == "succeeded" ? 100 : progress ?? 0
    }

    var isFinished: Bool { Self.terminalStatuses.contains(status) }
    var errorMessage: String? { object["error"]?["message"]?.stringValue }
    var videoURL: String? { object["content"]?["video_url"]?.stringValue }
    var lastFrameURL: String? { object["content"]?["last_frame_url"]?.stringValue }

    /// The task with its progress, from `GET /v1/video/generations/{id}`.
    static func fetch(_ id: String, from connection: ClientConnection) async throws -> ClientTask {
        let answer: JSONValue
        do {
            // Seed A's query answer is the one with live progress ("37%"); it nests the Ark task object.
            answer = try await connection.send(.GET, APIRoutes.anyfastQuery.path(id))
        } catch let failure as ClientFailure where failure.status == 404 {
            // Seed A's not-found body says only "task_not_exist".
            throw ClientFailure(.badRequest, "Task \(id) does not exist (or belongs to another key).", status: 404)
        }
        guard let data = answer["data"], let object = data["data"], object["id"] != nil else {
            throw ClientFailure(.unavailable, "Unexpected answer for task \(id): \(String(decoding: answer.encoded(), as: UTF8.self))")
        }
        let progress = data["progress"]?.stringValue.flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "% "))) }
        return ClientTask(object: object, progress: progress)
    }
}
