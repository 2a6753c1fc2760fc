import Foundation
import Logging
@testable import Reelay

/// A SQLite database in a temporary folder for the length of `body`, closed and removed after.
enum TestDatabase {
    static func with<T>(_ body: (SQLiteDatabase, TemporaryDirectory) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try await SQLiteDatabase.open(path: directory.url.appending(path: "db.sqlite").path, logger: Logger(label: "test"))
        do {
            let result = try await body(database, directory)
            try await database.close()
            return result
        } catch {
            try? await database.close()
            throw error
        }
    }
}
