import ArgumentParser
import Foundation
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
        // Everything the server writes (database, results, uploads, the signing secret) is the
        // operator's alone: files 0600, folders 0700.
        umask(0o077)
        let app = try await buildApplication(configuration, logger: logger)
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
