import Foundation
import ReelayCore

/// How the admin task routes show a task: its record, its request, and a timeline built from
/// what the stores keep (no separate event log exists): created, started (with the attempt
/// count), the upstream ledger's note while the task runs upstream (sent, accepted), the spend
/// store's reservation and its settlement or release, and the end with its failure.
extension AdminTaskController {
    static func json(_ view: TaskView) -> JSONValue {
        let task = view.task
        return ["id": .string(task.id), "object": "admin.task", "owner": .string(task.owner), "dialect": .string(task.dialect.rawValue),
                "model": .string(task.spec.model), "requested_model": .string(task.spec.requestedModel),
                "status": .string(task.status.rawValue), "progress": .int(task.progress), "attempts": .int(task.attempts),
                "provider": task.provider.map(JSONValue.string) ?? .null, "duration": .int(task.spec.duration),
                "resolution": .string(task.spec.resolution), "created_at": .int(task.createdAt.unixSeconds),
                "started_at": .int(task.startedAt?.unixSeconds), "finished_at": .int(task.finishedAt?.unixSeconds),
                "failure": task.failure.map { ["code": .string($0.code.rawValue), "message": .string($0.message)] } ?? .null,
                "video_seconds": .int(task.result?.duration), "video_url": view.videoURL.map(JSONValue.string) ?? .null]
    }

    static func detail(_ view: TaskView, note: UpstreamLedgerEntry?, record: SpendRecord?, currency: String?) -> JSONValue {
        guard case .object(var fields) = json(view) else { return json(view) }
        fields["request"] = request(view.task.spec)
        fields["events"] = .array(events(view.task, note: note, record: record).map { event in
            ["at": .int(event.at.unixSeconds), "type": .string(event.type), "detail": .string(event.detail)]
        })
        fields["cost"] = record?.json ?? .null
        fields["currency"] = currency.map(JSONValue.string) ?? .null
        fields["upstream"] = note.map { ["channel": .string($0.channel), "upstream_id": $0.upstreamID.map(JSONValue.string) ?? .null,
                                         "sent_at": .int($0.createdAt.unixSeconds)] } ?? .null
        return .object(fields)
    }

    /// The request's parameters; media URLs shortened as logs show them (no data: payloads,
    /// no signed query strings).
    static func request(_ spec: RenderSpec) -> JSONValue {
        ["model": .string(spec.requestedModel), "prompt": .string(spec.prompt), "resolution": .string(spec.resolution),
         "ratio": .string(spec.ratio), "duration": .int(spec.duration), "fps": .int(spec.fps), "seed": .int(spec.seed),
         "width": .int(spec.width), "height": .int(spec.height), "frames": .int(spec.frames),
         "generate_audio": .bool(spec.generateAudio), "watermark": .bool(spec.watermark), "camera_fixed": .bool(spec.cameraFixed),
         "return_last_frame": .bool(spec.returnLastFrame), "draft": .bool(spec.draft),
         "draft_task_id": spec.draftTaskID.map(JSONValue.string) ?? .null,
         "media": .array(spec.media.map { ["kind": .string($0.kind.rawValue), "role": .string($0.role.rawValue), "url": .string($0.redactedURL)] })]
    }

    struct Event {
        var at: Date
        var type: String
        var detail: String
    }

    /// The timeline, oldest first (the decision is in this file's header).
    static func events(_ task: GenerationTask, note: UpstreamLedgerEntry?, record: SpendRecord?) -> [Event] {
        var events = [Event(at: task.createdAt, type: "created", detail: "Accepted through the \(task.dialect.rawValue) dialect.")]
        if let record {
            events.append(Event(at: record.createdAt, type: "cost_reserved", detail: "Reserved \(record.reserved.fixed) against the key's budgets."))
        }
        if let started = task.startedAt {
            let attempts = task.attempts == 1 ? "attempt 1" : "\(task.attempts) attempts in all"
            events.append(Event(at: started, type: "started", detail: "A worker took it (\(attempts))."))
        }
        if let note {
            events.append(Event(at: note.createdAt, type: "upstream_sent", detail: "Sent to channel \(note.channel)."))
            if let id = note.upstreamID {
                events.append(Event(at: note.createdAt, type: "upstream_accepted", detail: "Channel \(note.channel) accepted it as \(id)."))
            }
        }
        if let finished = task.finishedAt {
            let by = task.provider.map { " (\($0))" } ?? ""
            let why = task.failure.map { ": \($0.code.rawValue): \($0.message)" } ?? ""
            events.append(Event(at: finished, type: task.status.rawValue, detail: "Ended \(task.status.rawValue)\(by)\(why)"))
        }
        if let record, let ended = record.endedAt {
            switch record.state {
            case .settled:
                events.append(Event(at: ended, type: "cost_settled", detail: "Charged \(record.cost.charged.fixed) for \(record.cost.seconds) s (\(record.cost.tokens) tokens)."))
            case .released:
                events.append(Event(at: ended, type: "cost_released", detail: "The reservation was released: nothing charged."))
            case .reserved: break
            }
        }
        // Stable order: by time, then in the order written above.
        return events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}
