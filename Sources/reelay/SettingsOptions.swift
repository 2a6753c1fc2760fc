import ArgumentParser
import Configuration
import Foundation
import Reelay

/// Flags shared by the commands; each overrides its `REELAY_*` environment variable.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Address to listen on (REELAY_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (REELAY_PORT, default 8080).")
    var port: Int?

    @Option(help: "Folder for the database and result files (REELAY_DATA_DIR, default ./reelay-data).")
    var dataDir: String?

    @Option(help: "Base URL of returned file links (REELAY_PUBLIC_URL, default http://HOST:PORT).")
    var publicURL: String?

    @Option(help: "PostgreSQL URL for tasks, keys and assets shared by several instances (REELAY_DATABASE_URL; default: SQLite in the data directory).")
    var database: String?

    @Option(help: "What this instance does: all, api (serve only) or worker (run tasks only) (REELAY_ROLE, default all).")
    var role: String?

    /// The configuration from the environment, with the flags given on top.
    func configuration() throws -> AppConfiguration {
        var environment = ProcessInfo.processInfo.environment
        if let host { environment["REELAY_HOST"] = host }
        if let port { environment["REELAY_PORT"] = String(port) }
        if let dataDir { environment["REELAY_DATA_DIR"] = dataDir }
        if let publicURL { environment["REELAY_PUBLIC_URL"] = publicURL }
        if let database { environment["REELAY_DATABASE_URL"] = database }
        if let role { environment["REELAY_ROLE"] = role }
        let reader = ConfigReader(providers: [EnvironmentVariablesProvider(environmentVariables: environment)])
        do {
            return try AppConfiguration(reader: reader)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
