import ArgumentParser
import Foundation
import Reelay
import ReelayCore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys (stored as hashes) and their limits.",
        subcommands: [Create.self, List.self, Update.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; its secret is printed on the last line, once.")
        @OptionGroup var settings: SettingsOptions
        @Option(help: "A name to recognise the key by.") var name: String
        @OptionGroup var limits: KeyLimitOptions
        @OptionGroup var money: KeyBudgetOptions

        func run() async throws {
            // Both read before anything is written: a mistyped budget makes no key.
            let overrides = try limits.applied(to: KeyLimitOverrides())
            let budget = try money.applied(to: SpendBudget())
            let location = try KeyStoreLocation(settings)
            try await location.withStores(creating: true) { stores in
                let (key, secret) = try await stores.keys.create(name: name, limits: overrides, now: Date())
                var budgetNote = ""
                if let budget {
                    try await stores.spend.setBudget(budget, owner: key.id)
                    budgetNote = " with budget \(KeyBudgetOptions.describe(budget, spent: nil))"
                }
                print("Created key \(key.id) (\(key.name)) in \(location)\(budgetNote). Its secret, shown only now:")
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
            let (keys, budgets, spent) = try await location.withStores { stores in
                (try await stores.keys.list(), try await stores.spend.budgets(),
                 try await stores.spend.totals(owner: nil, period: SpendPeriod(Date())))
            }
            guard !keys.isEmpty else { return ClientConsole.error("No keys in \(location) yet.") }
            let formatter = ISO8601DateFormatter()
            // The budget column only when some key has a budget or markup.
            let money = keys.map { key in budgets[key.id].map { KeyBudgetOptions.describe($0, spent: spent[key.id]) } ?? "" }
            let withMoney = money.contains { !$0.isEmpty }
            var table = TextTable(header: ["ID", "NAME", "CREATED", "STATE", "LIMITS"] + (withMoney ? ["BUDGET"] : []))
            for (key, money) in zip(keys, money) {
                let state = key.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                var cells = [key.id, key.name, formatter.string(from: key.createdAt), state, KeyLimitOptions.describe(key.limits)]
                if withMoney { cells.append(money.isEmpty ? "-" : money) }
                table.append(cells)
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
        @OptionGroup var money: KeyBudgetOptions

        func run() async throws {
            try await KeyStoreLocation(settings).withStores { stores in
                guard let found = try await stores.keys.activeKey(key) else {
                    throw ValidationError("No active key with id or name '\(key)'.")
                }
                // Both read before anything is written.
                let overrides = try limits.applied(to: found.limits)
                let budget = try money.applied(to: try await stores.spend.budget(owner: found.id))
                guard let updated = try await stores.keys.update(found.id, limits: overrides) else {
                    throw ValidationError("No active key with id or name '\(key)'.")
                }
                var line = "Updated \(updated.id) (\(updated.name)): \(KeyLimitOptions.describe(updated.limits))"
                if let budget {
                    try await stores.spend.setBudget(budget, owner: found.id)
                    let spent = try await stores.spend.totals(owner: found.id, period: SpendPeriod(Date()))[found.id]
                    let text = KeyBudgetOptions.describe(budget, spent: spent)
                    line += "; budget: \(text.isEmpty ? "none" : text)"
                }
                print(line)
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
