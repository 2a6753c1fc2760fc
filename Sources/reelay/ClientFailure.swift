import ArgumentParser

/// Why a client command stopped, with an exit code scripts can branch on.
struct ClientFailure: Error, CustomStringConvertible {
    enum Kind: Int32 {
        /// The task ended failed, cancelled or expired.
        case taskFailed = 1
        /// The server refused the request (bad parameter, unknown task), or the command line is wrong.
        case badRequest = 2
        /// The server cannot be reached, refused the key, or broke down.
        case unavailable = 3
    }

    var kind: Kind
    var description: String
    /// The HTTP status the server answered with, if it answered.
    var status: Int?

    init(_ kind: Kind, _ description: String, status: Int? = nil) {
        self.kind = kind
        self.description = description
        self.status = status
    }

    /// No answer, a busy server (429) or a broken one (5xx): worth retrying while waiting.
    var isOutage: Bool {
        guard let status else { return kind == .unavailable }
        return status == 429 || status >= 500
    }

    /// Runs a command's body; a failure is reported on stderr and becomes the process's exit code.
    static func exitOnFailure(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as ClientFailure {
            ClientConsole.error("reelay: \(failure.description)")
            throw ExitCode(failure.kind.rawValue)
        }
    }
}
