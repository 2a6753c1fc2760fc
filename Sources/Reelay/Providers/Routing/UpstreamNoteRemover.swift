import Logging
import ReelayCore

/// Removes a task's upstream note once the task's end is stored, and not before: a run that
/// dies between saving an upstream result and storing the task's end leaves the note, so the
/// task's next run resumes the upstream task instead of creating (and paying for) it again.
/// A note left by a crash after the end was stored is pruned at start (`pruneLedger`).
struct UpstreamNoteRemover: TaskEvents {
    let ledger: any UpstreamLedger
    let logger: Logger

    func taskChanged(_ task: GenerationTask) async {
        guard task.status.isTerminal else { return }
        do {
            try await ledger.remove(task.id)
        } catch {
            logger.warning("Cannot remove the task's note from the upstream ledger: \(error)", metadata: ["task": "\(task.id)"])
        }
    }
}
