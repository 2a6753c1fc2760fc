import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered output for the commands: results on stdout, everything for people on stderr, so
/// `$(reelay generate ... --quiet)` captures just the path or id.
enum ClientConsole {
    static func out(_ line: String) {
        write(line + "\n", to: .standardOutput)
    }

    static func error(_ line: String) {
        write(line + "\n", to: .standardError)
    }

    /// Writes to stderr without a newline (the live progress line redraws itself).
    static func errorInPlace(_ text: String) {
        write(text, to: .standardError)
    }

    /// A closed pipe (`reelay tasks list | head -1`) is not worth a crash: the reader is gone.
    private static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
