import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on the data directory for the life of the process: SQLite mode is one
/// instance per directory, and the engine recovers "running" tasks at start on that basis.
/// The kernel drops the lock when the process dies, even by SIGKILL.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    init(directory: URL) throws {
        let path = directory.appending(path: "reelay.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ConfigurationError("Cannot open \(path): \(String(cString: strerror(errno))).") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw ConfigurationError("Another reelay process is using the data directory \(directory.path). Stop it, or choose another --data-dir.")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
