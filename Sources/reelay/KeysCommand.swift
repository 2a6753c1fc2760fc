import ArgumentParser
import Foundation
import Logging
import Reelay

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys (stored as hashes) and their limits.",
        subcommands: [Create.self, List.self, Update.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; its secret is printed on the last line, once.")
        @OptionGroup var settings: SettingsOptions
        @Option(help: "A name to recognise the key by.") var name: String
        @OptionGroup var limits: KeyLimitOptions

        func run() async throws {
            let overrides = try limits.applied(to: KeyLimitOverrides())
            try await withKeyStore(settings) { keys in
                let (key, secret) = try await keys.create(name: name, limits: overrides, now: Date())
                print("Created key \(key.id) (\(key.name)). Its secret, shown only now:")
                print(secret)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets) and the limits set on them.")
        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            try await withKeyStore(settings) { keys in
                let formatter = ISO8601DateFormatter()
                for key in try await keys.list() {
                    let state = key.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                    print("\(key.id)\t\(key.name)\t\(formatter.string(from: key.createdAt))\t\(state)\t\(KeyLimitOptions.describe(key.limits))")
                }
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the limits of a key by id or name; the limits not named keep their values.")
        @OptionGroup var settings: SettingsOptions
        @Argument(help: "The key's id or name.") var key: String
        @OptionGroup var limits: KeyLimitOptions

        func run() async throws {
            try await withKeyStore(settings) { keys in
                guard let found = try await keys.activeKey(key),
                      let updated = try await keys.update(found.id, limits: try limits.applied(to: found.limits)) else {
                    throw ValidationError("No active key with id or name '\(key)'.")
                }
                print("Updated \(updated.id) (\(updated.name)): \(KeyLimitOptions.describe(updated.limits))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by id or name.")
        @OptionGroup var settings: SettingsOptions
        @Argument(help: "The key's id or name.") var key: String

        func run() async throws {
            try await withKeyStore(settings) { keys in
                guard try await keys.revoke(key, now: Date()) else {
                    throw ValidationError("No active key with id or name '\(key)'.")
                }
                print("Revoked \(key).")
            }
        }
    }
}

private func withKeyStore(_ settings: SettingsOptions, _ body: (any KeyStore) async throws -> Void) async throws {
    let configuration = try settings.configuration()
    var logger = Logger(label: "reelay")
    logger.logLevel = .warning
    try FileManager.default.createDirectory(at: configuration.dataDirectoryURL, withIntermediateDirectories: true)
    let stores = try await Stores.open(configuration, logger: logger)
    do {
        try await body(stores.keys)
    } catch {
        await stores.close()
        throw error
    }
    await stores.close()
}
