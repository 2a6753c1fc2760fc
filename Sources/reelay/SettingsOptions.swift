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

    /// The configuration: one reader with the flags given ahead of the environment, so a flag
    /// wins over its variable and both are parsed by the same strict rules.
    func configuration() throws -> AppConfiguration {
        let flags: [String: String?] = [
            "reelay.host": host, "reelay.port": port.map(String.init), "reelay.data.dir": dataDir, "reelay.public.url": publicURL,
            "reelay.database.url": database, "reelay.role": role,
        ]
        let values = flags.compactMapValues { $0 }.map { key, value in
            (AbsoluteConfigKey(key.split(separator: ".").map(String.init)), ConfigValue(.string(value), isSecret: key == "reelay.database.url"))
        }
        let reader = ConfigReader(providers: [InMemoryProvider(name: "flags", values: Dictionary(uniqueKeysWithValues: values)),
                                              EnvironmentVariablesProvider()])
        do {
            return try AppConfiguration(reader: reader)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
