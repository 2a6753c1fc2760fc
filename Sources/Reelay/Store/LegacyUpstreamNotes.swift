import Foundation
import Logging

/// Earlier versions kept the upstream ledger as JSON files in `<data dir>/upstream`. At start
/// their notes move into the store's ledger, so that a task sent upstream before an upgrade is
/// resumed (or failed clearly) rather than sent again; each file is removed once its note is in.
enum LegacyUpstreamNotes {
    static func move(from directory: URL, into ledger: any UpstreamLedger, logger: Logger) async throws {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        var moved = 0
        for file in files where file.pathExtension == "json" {
            let taskID = file.deletingPathExtension().lastPathComponent
            guard let data = try? Data(contentsOf: file),
                  let entry = try? JSONDecoder().decode(UpstreamLedgerEntry.self, from: data) else {
                logger.warning("Unreadable note in the old upstream ledger folder left in place", metadata: ["file": "\(file.lastPathComponent)"])
                continue
            }
            // A note the store already has is newer than the file's.
            if try await ledger.entry(for: taskID) == nil { try await ledger.record(entry, for: taskID) }
            try FileManager.default.removeItem(at: file)
            moved += 1
        }
        if moved > 0 { logger.notice("Moved \(moved) upstream ledger notes from the data directory into the task store") }
        // The folder goes once empty; an unreadable note keeps it for the operator to look at.
        if (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
