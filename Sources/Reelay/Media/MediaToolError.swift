import Foundation

/// A media program that could not be started or did not succeed.
public struct MediaToolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var program: MediaProgram
    /// `exit status 1`, `signal 9`, `not found`, ...
    public var status: String
    /// The last lines the program wrote to standard error: usually the reason.
    public var standardError: String

    public init(program: MediaProgram, status: String, standardError: String) {
        self.program = program
        self.status = status
        self.standardError = standardError
    }

    /// `program` is not installed (or not in `PATH`): the caller may carry on without it.
    public static func notFound(_ program: MediaProgram) -> MediaToolError {
        MediaToolError(program: program, status: notFoundStatus, standardError: "\(program.rawValue) is not installed or not in PATH")
    }

    static let notFoundStatus = "not found"

    public var isNotFound: Bool { status == Self.notFoundStatus }

    /// What may be shown to a client: the program and how it ended, never its standard error,
    /// which names files on this machine and echoes whatever the input contained.
    public var publicDescription: String { "\(program.rawValue) \(status)" }

    public var description: String {
        let reason = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        return reason.isEmpty ? "\(program.rawValue) failed (\(status))" : "\(program.rawValue) failed (\(status)): \(reason)"
    }
}
