import ArgumentParser
import ReelayCore

/// `reelay models`: the catalog the server validates requests against (ReelayCore's own, read
/// here without a server), with each model's limits.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models with their limits: durations, resolutions, ratios, media, prompt length.",
        discussion: "The rules shown are Ark's, which generate uses; other dialects' differences are named, and --json has them.")

    @Argument(help: "Show only this model (its id or an alias), with its output sizes.")
    var name: String?

    @Flag(help: "Print the catalog entries as JSON.")
    var json = false

    func run() async throws {
        try await ClientFailure.exitOnFailure {
            let catalog = try ModelCatalog.bundled()
            guard let name else {
                if json { return ClientOptions.printJSON(catalog.models) }
                for (position, model) in catalog.models.enumerated() {
                    if position > 0 { ClientConsole.out("") }
                    ModelSheet(model).lines.forEach(ClientConsole.out)
                }
                ClientConsole.out("")
                ClientConsole.out(ModelSheet.pictureLimits)
                return
            }
            guard let model = catalog.model(named: name) else {
                let known = catalog.models.map(\.id).joined(separator: ", ")
                throw ClientFailure(.badRequest, "No model is named '\(name)'. The models: \(known).")
            }
            if json { return ClientOptions.printJSON(model) }
            let sheet = ModelSheet(model)
            (sheet.lines + sheet.sizes).forEach(ClientConsole.out)
        }
    }
}
