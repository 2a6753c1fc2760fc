import ArgumentParser
import Foundation
import ReelayCore

/// `reelay tasks list|show|cancel`: the Ark task routes (list, get, delete) for people.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List, show, cancel and delete video tasks.",
        subcommands: [List.self, Show.self, Cancel.self])

    /// Prompts longer than this are cut in the list (`tasks show` has them whole).
    static let promptWidth = 48

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the key's tasks, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only tasks with this status: queued, running, succeeded, failed, cancelled or expired.")
        var status: String?
        @Option(help: "How many tasks to show (1-500).")
        var limit = 20

        func run() async throws {
            try await client.run { connection in
                guard (1...500).contains(limit) else { throw ClientFailure(.badRequest, "--limit must be between 1 and 500, not \(limit).") }
                var query = [("page_size", String(limit))]
                if let status { query.append(("filter.status", status)) }
                let page = try await connection.send(.GET, APIRoutes.arkList.path, query: query)
                if client.json { return ClientOptions.printJSON(page) }
                let items = page["items"]?.arrayValue ?? []
                guard !items.isEmpty else {
                    return ClientConsole.error(status.map { "No \($0) tasks." } ?? "No tasks yet; make one with 'reelay generate \"a prompt\"'.")
                }
                let prompts = try await ClientTask.prompts(of: items.compactMap { $0["id"]?.stringValue }, from: connection)
                let now = Int(Date().timeIntervalSince1970)
                var table = TextTable("ID", "STATUS", "MODEL", "VIDEO", "AGE", "PROMPT")
                for item in items {
                    let task = ClientTask(object: item)
                    let age = item["created_at"]?.intValue.map { TasksCommand.age(seconds: now - $0) } ?? ""
                    table.append(task.id, task.status, item["model"]?.stringValue ?? "", TasksCommand.shape(item), age,
                                 TasksCommand.cut(prompts[task.id] ?? ""))
                }
                table.lines.forEach(ClientConsole.out)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a task, with its prompt, progress and result links.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The task id.") var id: String

        func run() async throws {
            try await client.run { connection in
                let task = try await ClientTask.fetch(id, from: connection)
                if client.json { return ClientOptions.printJSON(task.object) }
                let object = task.object
                let prompt = try await ClientTask.prompt(of: id, from: connection)
                let rows: [(String, String?)] = [
                    ("id", task.id),
                    ("status", task.isFinished ? task.status : "\(task.status) \(task.progress)%"),
                    ("model", object["model"]?.stringValue),
                    ("prompt", prompt),
                    ("video", TasksCommand.shape(object)),
                    ("provider", task.provider),
                    ("created", object["created_at"]?.intValue.map(TasksCommand.date)),
                    ("updated", object["updated_at"]?.intValue.map(TasksCommand.date)),
                    ("error", task.errorMessage),
                    ("video_url", task.videoURL),
                    ("last_frame_url", task.lastFrameURL),
                ]
                for case let (name, value?) in rows {
                    ClientConsole.out("\(name.padding(toLength: 15, withPad: " ", startingAt: 0))\(value)")
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a queued task; with --delete, delete a finished one with its files.",
            discussion: "A running task cannot be cancelled, and a task that has ended is only deleted when --delete "
                + "says so; either refusal exits 2.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The task id.") var id: String
        @Flag(help: "Delete the task and its files if it has ended (succeeded, failed, cancelled or expired).")
        var delete = false

        func run() async throws {
            try await client.run { connection in
                let before = try await ClientTask.fetch(id, from: connection)
                if before.isFinished {
                    guard delete else {
                        throw ClientFailure(.badRequest, "Task \(id) has already ended (\(before.status)); there is nothing to cancel. "
                            + "Add --delete to delete it and its files.")
                    }
                    // Ark's DELETE refuses a cancelled task; OpenAI's deletes any ended one.
                    _ = try await connection.send(.DELETE, APIRoutes.openaiDelete.path(id))
                    if client.json { return ClientOptions.printJSON(before.object) }
                    return ClientConsole.out("Deleted \(id) and its files.")
                }
                // Said here rather than by the server's 409: a running task that ends before the
                // DELETE arrives would be deleted by it.
                guard before.status != "running" else {
                    throw ClientFailure(.badRequest, "Task \(id) is running and can no longer be cancelled.")
                }
                _ = try await connection.send(.DELETE, APIRoutes.arkDelete.path(id))
                let after = (try? await ClientTask.fetch(id, from: connection)) ?? before
                if client.json { return ClientOptions.printJSON(after.object) }
                ClientConsole.out("Cancelled \(id).")
            }
        }
    }

    /// `480p 16:9 4s`.
    static func shape(_ object: JSONValue) -> String {
        let length = object["duration"]?.intValue.map { "\($0)s" } ?? object["frames"]?.intValue.map { "\($0) frames" }
        return [object["resolution"]?.stringValue, object["ratio"]?.stringValue, length].compactMap { $0 }.joined(separator: " ")
    }

    static func date(_ unixSeconds: Int) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
    }

    /// `45s`, `12m`, `3h`, `9d`: the largest whole unit.
    static func age(seconds: Int) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86_400: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }

    /// One line of at most `promptWidth` characters, for a table cell.
    static func cut(_ prompt: String) -> String {
        let line = prompt.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= promptWidth ? line : String(line.prefix(promptWidth - 1)) + "…"
    }
}
