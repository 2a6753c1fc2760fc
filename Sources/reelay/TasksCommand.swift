import ArgumentParser
import Foundation
import ReelayCore

/// `reelay tasks list|show|cancel`: the Ark task routes (list, get, delete) for people.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List, show and cancel video tasks.",
        subcommands: [List.self, Show.self, Cancel.self])

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
                for item in page["items"]?.arrayValue ?? [] {
                    let task = ClientTask(object: item)
                    let created = item["created_at"]?.intValue.map(TasksCommand.date) ?? ""
                    ClientConsole.out([task.id, task.status, item["model"]?.stringValue ?? "", TasksCommand.shape(item), created]
                        .joined(separator: "\t"))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a task, with its progress and result links.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The task id.") var id: String

        func run() async throws {
            try await client.run { connection in
                let task = try await ClientTask.fetch(id, from: connection)
                if client.json { return ClientOptions.printJSON(task.object) }
                let object = task.object
                let rows: [(String, String?)] = [
                    ("id", task.id),
                    ("status", task.isFinished ? task.status : "\(task.status) \(task.progress)%"),
                    ("model", object["model"]?.stringValue),
                    ("video", TasksCommand.shape(object)),
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
            abstract: "Cancel a queued task, or delete a finished one with its files (Ark's DELETE).",
            discussion: "A running task cannot be cancelled: the server answers 409 and this exits 2.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The task id.") var id: String

        func run() async throws {
            try await client.run { connection in
                let before = try await ClientTask.fetch(id, from: connection)
                _ = try await connection.send(.DELETE, APIRoutes.arkDelete.path(id))
                // A queued task is now cancelled; a finished one is gone, so show it as it was.
                let after = before.status == "queued" ? (try? await ClientTask.fetch(id, from: connection)) ?? before : before
                if client.json { return ClientOptions.printJSON(after.object) }
                ClientConsole.out(before.isFinished ? "Deleted \(id)." : "Cancelled \(id).")
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
}
