import Foundation
import NIOSSL
import PostgresNIO

/// A database URL as libpq and most tools write it, turned into a client configuration:
/// `postgres://user:password@host:port/database?sslmode=disable`. Query options:
/// - `sslmode`: `disable`, `prefer` (the default) or `require` (encrypted, certificate not
///   checked, as in libpq), `verify-ca`, `verify-full`;
/// - `host=/some/dir`: the unix socket in that directory instead of TCP;
/// - `search_path=name`: Reelay's tables live in that schema, created when missing;
/// - `connect_timeout=seconds`;
/// - `pool_max_conns=n`: connections this instance may open (default 20);
/// - any other (`application_name=reelay`) is sent to the server as a run-time setting.
struct PostgresURL: CustomStringConvertible {
    var configuration: PostgresClient.Configuration
    /// The schema named by `search_path`, if any.
    var schema: String?

    init(_ url: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw ConfigurationError("The database URL must look like postgres://user:password@host:port/database.")
        }
        var options = [String: String]()
        for item in components.queryItems ?? [] { options[item.name] = item.value ?? "" }

        let username = components.user ?? ProcessInfo.processInfo.userName
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let port = components.port ?? 5432
        let sslmode = options.removeValue(forKey: "sslmode") ?? "prefer"
        if let directory = options.removeValue(forKey: "host"), directory.hasPrefix("/") {
            configuration = .init(unixSocketPath: "\(directory)/.s.PGSQL.\(port)", username: username,
                                  password: components.password, database: database.isEmpty ? nil : database)
        } else {
            let host = (components.host ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            configuration = .init(host: host.isEmpty ? "localhost" : host, port: port, username: username,
                                  password: components.password, database: database.isEmpty ? nil : database,
                                  tls: try Self.tls(sslmode))
        }
        if let timeout = options.removeValue(forKey: "connect_timeout") {
            guard let seconds = Int(timeout), seconds > 0 else {
                throw ConfigurationError("The database URL's connect_timeout must be a number of seconds, not '\(timeout)'.")
            }
            configuration.options.connectTimeout = .seconds(seconds)
        }
        if let size = options.removeValue(forKey: "pool_max_conns") {
            guard let connections = Int(size), connections > 0 else {
                throw ConfigurationError("The database URL's pool_max_conns must be a positive number, not '\(size)'.")
            }
            configuration.options.maximumConnections = connections
        }
        schema = options["search_path"]?.split(separator: ",").first.map { Self.identifier($0.trimmingCharacters(in: .whitespaces)) }
        configuration.options.additionalStartupParameters = options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Where the server is, without the credentials: for messages.
    var description: String {
        let database = configuration.database ?? configuration.username
        if let socket = configuration.unixSocketPath { return "\(socket) (database \(database))" }
        return "\(configuration.host ?? ""):\(configuration.port ?? 5432)/\(database)"
    }

    /// A name as the server reads it in `search_path`: quoted keeps its case, bare is lowercased.
    private static func identifier(_ name: String) -> String {
        name.count > 1 && name.hasPrefix("\"") && name.hasSuffix("\"")
            ? String(name.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") : name.lowercased()
    }

    private static func tls(_ mode: String) throws -> PostgresClient.Configuration.TLS {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        var caOnly = TLSConfiguration.makeClientConfiguration()
        caOnly.certificateVerification = .noHostnameVerification
        switch mode {
        case "disable": return .disable
        case "allow", "prefer": return .prefer(unverified)
        case "require": return .require(unverified)
        case "verify-ca": return .require(caOnly)
        case "verify-full": return .require(.makeClientConfiguration())
        default:
            throw ConfigurationError("The database URL's sslmode must be disable, prefer, require, verify-ca or verify-full, not '\(mode)'.")
        }
    }
}
