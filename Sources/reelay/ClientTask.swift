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
    /// Who made the video, in words (`ReelayFields.provider`); nil until the server knows.
    var provider: String? {
        object[ReelayFields.provider]?.stringValue.map { $0 == "local" ? "local (the local renderer: a placeholder video)" : "upstream channel \($0)" }
    }

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

    /// The prompts of these tasks, by id. Only OpenAI's video object carries the prompt: its
    /// list (newest first, like Ark's) is read a page at a time while it holds tasks still
    /// missing, up to as many pages as the ids fill; any left (older tasks under a status
    /// filter, or pushed back by new ones) are read one by one.
    static func prompts(of ids: [String], from connection: ClientConnection) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let pageSize = min(ids.count, 100)
        var missing = Set(ids)
        var prompts: [String: String] = [:]
        var after: String?
        for _ in 0..<(ids.count + pageSize - 1) / pageSize where !missing.isEmpty {
            var query = [("limit", String(pageSize))]
            if let after { query.append(("after", after)) }
            let page = try await connection.send(.GET, APIRoutes.openaiList.path, query: query)
            for video in page["data"]?.arrayValue ?? [] {
                guard let id = video["id"]?.stringValue, missing.remove(id) != nil else { continue }
                prompts[id] = video["prompt"]?.stringValue
            }
            guard page["has_more"] == true, let last = page["last_id"]?.stringValue else { break }
            after = last
        }
        for id in ids where missing.contains(id) {
            prompts[id] = try await prompt(of: id, from: connection)
        }
        return prompts
    }

    /// One task's prompt, or nil when the task is gone.
    static func prompt(of id: String, from connection: ClientConnection) async throws -> String? {
        do {
            return try await connection.send(.GET, APIRoutes.openaiQuery.path(id))["prompt"]?.stringValue
        } catch let failure as ClientFailure where failure.status == 404 {
            return nil
        }
    }
}
