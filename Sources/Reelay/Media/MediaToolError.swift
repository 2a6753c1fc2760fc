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

    public var description: String {
        let reason = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        return reason.isEmpty ? "\(program.rawValue) failed (\(status))" : "\(program.rawValue) failed (\(status)): \(reason)"
    }
}

import Foundation
