import ArgumentParser
import Configuration
import Foundation

/// Where the client commands find the server, and how they print what it answers.
struct ClientOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:8080"

    @Option(help: "The Reelay server's URL (REELAY_SERVER, default \(Self.defaultServer)).")
    var server: String?

    @Option(help: "The API key to send (REELAY_API_KEY).")
    var apiKey: String?

    @Flag(help: "Print the task object (or list) as JSON.")
    var json = false

    /// Runs a command's body with a connection to the server; a `ClientFailure` is reported on
    /// stderr and becomes the exit code.
    func run(_ body: (ClientConnection) async throws -> Void) async throws {
        try await ClientFailure.exitOnFailure {
            let (baseURL, key) = try target()
            try await ClientConnection.with(baseURL: baseURL, apiKey: key, body)
        }
    }

    /// The server's base URL (without a trailing slash) and the key, from the flags or the
    /// environment (`REELAY_SERVER`, `REELAY_API_KEY`), read as the server reads its settings.
    private func target() throws -> (baseURL: String, apiKey: String?) {
        let environment = ConfigReader(provider: EnvironmentVariablesProvider())
        let base = server ?? environment.string(forKey: "reelay.server").flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultServer
        guard let url = URL(string: base), ["http", "https"].contains(url.scheme?.lowercased()), url.host() != nil else {
            throw ClientFailure(.badRequest, "--server must be an http(s) URL such as \(Self.defaultServer), not '\(base)'.")
        }
        let key = apiKey ?? environment.string(forKey: "reelay.api.key", isSecret: true)
        return (base.hasSuffix("/") ? String(base.dropLast()) : base, key.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Pretty JSON with sorted keys, for `--json`.
    static func printJSON(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        ClientConsole.out(String(decoding: data, as: UTF8.self))
    }
}
