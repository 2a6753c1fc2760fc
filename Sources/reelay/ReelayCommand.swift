import ArgumentParser

@main
struct ReelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reelay",
        abstract: "A self-hosted Seedance video-generation gateway.",
        subcommands: [ServeCommand.self, KeysCommand.self, GenerateCommand.self, TasksCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
