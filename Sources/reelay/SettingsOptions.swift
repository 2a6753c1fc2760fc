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

    /// The configuration from the environment, with the flags given on top.
    func configuration() throws -> AppConfiguration {
        var environment = ProcessInfo.processInfo.environment
        if let host { environment["REELAY_HOST"] = host }
        if let port { environment["REELAY_PORT"] = String(port) }
        if let dataDir { environment["REELAY_DATA_DIR"] = dataDir }
        if let publicURL { environment["REELAY_PUBLIC_URL"] = publicURL }
        let reader = ConfigReader(providers: [EnvironmentVariablesProvider(environmentVariables: environment)])
        do {
            return try AppConfiguration(reader: reader)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
