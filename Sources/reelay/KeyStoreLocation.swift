import ArgumentParser
import Foundation
import Logging
import Reelay

/// The key store the `keys` commands open without a server: the SQLite database in the data
/// directory, or PostgreSQL. Only `keys create` may bring a data directory into being; the
/// others say where they looked when there is nothing there.
struct KeyStoreLocation: CustomStringConvertible {
    let configuration: AppConfiguration

    init(_ settings: SettingsOptions) throws {
        configuration = try settings.configuration()
    }

    /// The SQLite file, as an absolute path; nil when the keys are in PostgreSQL.
    var databaseFile: String? {
        configuration.databaseURL == nil ? URL(filePath: configuration.databasePath).absoluteURL.standardizedFileURL.path : nil
    }

    /// Where the keys are, for messages.
    var description: String { databaseFile ?? "the PostgreSQL database (REELAY_DATABASE_URL)" }

    /// True when there is no store to read: no SQLite file (PostgreSQL is always asked).
    var isMissing: Bool {
        databaseFile.map { !FileManager.default.fileExists(atPath: $0) } ?? false
    }

    /// What to say when there is nothing there.
    var missingMessage: String {
        "There is no key database at \(description). Pass --data-dir (or set REELAY_DATA_DIR) to look elsewhere, "
            + "or make the first key with 'reelay keys create --name NAME'."
    }

    /// Opens the store for `body`. Without `creating`, a missing store is an error and nothing
    /// is written; with it, the data directory is made as `reelay serve` makes it (0700, files 0600).
    func withStore<T>(creating: Bool = false, _ body: (any KeyStore) async throws -> T) async throws -> T {
        try await withStores(creating: creating) { try await body($0.keys) }
    }

    /// `withStore` with every store (the keys' budgets are in the spend store).
    func withStores<T>(creating: Bool = false, _ body: (Stores) async throws -> T) async throws -> T {
        if creating, databaseFile != nil {
            umask(0o077)
            let directory = configuration.dataDirectoryURL
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } else if isMissing {
            throw ValidationError(missingMessage)
        }
        var logger = Logger(label: "reelay")
        logger.logLevel = .warning
        let stores = try await Stores.open(configuration, logger: logger)
        do {
            let result = try await body(stores)
            await stores.close()
            return result
        } catch {
            await stores.close()
            throw error
        }
    }
}
