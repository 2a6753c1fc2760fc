import ArgumentParser
import Hummingbird
import Logging
import Reelay

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the API server and its workers.")

    @OptionGroup var settings: SettingsOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error (default info).")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let configuration = try settings.configuration()
        if configuration.jsonLogs {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
        var logger = Logger(label: "reelay")
        logger.logLevel = logLevel
        try Prerequisites.check()
        let app = try await buildApplication(configuration, logger: logger)
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
