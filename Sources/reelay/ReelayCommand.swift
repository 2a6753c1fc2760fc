import ArgumentParser

/// A bare `reelay` prints this help: starting a server (and a data directory) in whatever
/// folder one happens to be in is never what a first try means.
@main
struct ReelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reelay",
        abstract: "A self-hosted Seedance video-generation gateway.",
        discussion: "Start the server with 'reelay serve'; the other commands talk to it (generate, tasks) or work locally (keys, models).",
        subcommands: [ServeCommand.self, GenerateCommand.self, TasksCommand.self, ModelsCommand.self, KeysCommand.self]
    )
}
