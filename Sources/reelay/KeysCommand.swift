import ArgumentParser
import Foundation
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
            let location = try KeyStoreLocation(settings)
            try await location.withStore(creating: true) { keys in
                let (key, secret) = try await keys.create(name: name, limits: overrides, now: Date())
                print("Created key \(key.id) (\(key.name)) in \(location). Its secret, shown only now:")
                print(secret)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets) and the limits set on them.")
        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let location = try KeyStoreLocation(settings)
            // Listing is no reason to make a database; say where none was found.
            guard !location.isMissing else { return ClientConsole.error(location.missingMessage) }
            let keys = try await location.withStore { try await $0.list() }
            guard !keys.isEmpty else { return ClientConsole.error("No keys in \(location) yet.") }
            let formatter = ISO8601DateFormatter()
            var table = TextTable("ID", "NAME", "CREATED", "STATE", "LIMITS")
            for key in keys {
                let state = key.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                table.append(key.id, key.name, formatter.string(from: key.createdAt), state, KeyLimitOptions.describe(key.limits))
            }
            table.lines.forEach { print($0) }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the limits of a key by id or name; the limits not named keep their values.")
        @OptionGroup var settings: SettingsOptions
        @Argument(help: "The key's id or name.") var key: String
        @OptionGroup var limits: KeyLimitOptions

        func run() async throws {
            try await KeyStoreLocation(settings).withStore { keys in
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
            try await KeyStoreLocation(settings).withStore { keys in
                guard try await keys.revoke(key, now: Date()) else {
                    throw ValidationError("No active key with id or name '\(key)'.")
                }
                print("Revoked \(key).")
            }
        }
    }
}
