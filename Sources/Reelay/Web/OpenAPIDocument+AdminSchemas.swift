import ReelayCore

/// The admin routes behind the console (`/console`): every key's tasks, one task's timeline, a
/// cancel, and the routing channels' health, with their component schemas.
extension OpenAPIDocument {
    func adminConsoleOperations() -> [(APIRoute, JSONValue)] {
        let html: JSONValue = ["text/html": ["schema": Schema.string]]
        let time = Schema.integer("Unix time in seconds.", minimum: 0, maximum: 253_402_300_799)
        let listParameters = [
            Self.queryParameter("owner", Schema.string("A key's id: only its tasks.")),
            Self.queryParameter("status", Schema.enumeration(TaskStatus.allCases.map(\.rawValue))),
            Self.queryParameter("model", Schema.string("A model as the tasks were created with, or its catalog id.")),
            Self.queryParameter("since", Schema.described(time, "Created at or after (Unix seconds).")),
            Self.queryParameter("until", Schema.described(time, "Created before (Unix seconds).")),
            Self.queryParameter("page", Schema.integer("1-based (default 1).", minimum: 1, maximum: 100_000)),
            Self.queryParameter("limit", Schema.integer("1-100 (default 50).", minimum: 1, maximum: 100)),
        ]
        return [
            (APIRoutes.adminListTasks, operation(
                APIRoutes.adminListTasks, description: "Every key's tasks, newest first, filtered and paged; `total` counts every match.",
                parameters: listParameters, responses: ["200": answer(APIRoutes.adminListTasks, "One page of tasks.")],
                statuses: [400, 401, 403])),
            (APIRoutes.adminGetTask, operation(
                APIRoutes.adminGetTask,
                description: "Any key's task with its request (media URLs shortened), its result link and its cost. No event log is kept: "
                    + "`events` is built from what the stores record — created, the cost reserved, started (with the attempts), the upstream "
                    + "ledger's note while the task is sent or running upstream (sent, accepted; the note is removed when the task ends), "
                    + "the end with its failure, and the cost settled or released.",
                parameters: [Self.taskID], responses: ["200": answer(APIRoutes.adminGetTask, "The task.")], statuses: [401, 403, 404])),
            (APIRoutes.adminCancelTask, operation(
                APIRoutes.adminCancelTask,
                description: "Cancels a queued or running task of any key, as its owner could (a worker stops; an upstream task still queued there is cancelled); an ended task answers 409.",
                parameters: [Self.taskID], responses: ["200": answer(APIRoutes.adminCancelTask, "The cancelled task.")],
                statuses: [401, 403, 404, 409])),
            (APIRoutes.adminChannels, operation(
                APIRoutes.adminChannels,
                description: "Each channel of the routing file (REELAY_UPSTREAMS): its circuit, its tasks in flight (running tasks the upstream ledger holds, the same on every instance), and the failures of the last hour with their messages (the channel's key scrubbed). Failures are kept in memory by each instance for what it saw itself. Without a routing file the list is empty: only the local renderer is configured.",
                responses: ["200": answer(APIRoutes.adminChannels, "The channels.")], statuses: [401, 403])),
            (APIRoutes.console, open(APIRoutes.console, responses: [
                "200": ["description": "A page for operators: keys, usage, tasks and channels, behind the admin key.", "content": html]])),
        ]
    }

    func adminSchemas() -> [String: JSONValue] {
        var task: [String: JSONValue] = [
            "id": Schema.string, "object": Schema.constant("admin.task"), "owner": Schema.string("The id of the key that made it."),
            "dialect": Schema.string, "model": Schema.string, "requested_model": Schema.string,
            "status": Schema.enumeration(TaskStatus.allCases.map(\.rawValue)), "progress": Schema.integer, "attempts": Schema.integer,
            "provider": Schema.nullableString, "duration": Schema.integer("Seconds asked for."), "resolution": Schema.string,
            "created_at": Schema.time, "started_at": Schema.nullableTime, "finished_at": Schema.nullableTime,
            "failure": Schema.nullable(Schema.closed(["code": Schema.string, "message": Schema.string])),
            "video_seconds": Schema.nullableInteger, "video_url": Schema.nullableString,
        ]
        let admin = Schema.closed(task)
        task["request"] = Schema.closed([
            "model": Schema.string, "prompt": Schema.string, "resolution": Schema.string, "ratio": Schema.string,
            "duration": Schema.integer, "fps": Schema.integer, "seed": Schema.integer, "width": Schema.nullableInteger,
            "height": Schema.nullableInteger, "frames": Schema.nullableInteger, "generate_audio": Schema.boolean,
            "watermark": Schema.boolean, "camera_fixed": Schema.boolean, "return_last_frame": Schema.boolean, "draft": Schema.boolean,
            "draft_task_id": Schema.nullableString,
            "media": Schema.array(Schema.closed(["kind": Schema.string, "role": Schema.string, "url": Schema.string])),
        ])
        task["events"] = Schema.array(Schema.closed([
            "at": Schema.time,
            "type": Schema.enumeration(["created", "cost_reserved", "started", "upstream_sent", "upstream_accepted", "succeeded", "failed",
                                        "cancelled", "expired", "cost_settled", "cost_released"]),
            "detail": Schema.string,
        ]))
        task["cost"] = Schema.nullable(Schema.closed([
            "task_id": Schema.string, "owner": Schema.string, "model": Schema.string,
            "state": Schema.enumeration(["reserved", "settled", "released"]), "reserved": Schema.number, "cost": Schema.number,
            "list_cost": Schema.number, "tokens": Schema.integer, "video_seconds": Schema.integer, "created_at": Schema.time,
            "ended_at": Schema.nullableTime,
        ]))
        task["currency"] = Schema.nullableString
        task["upstream"] = Schema.nullable(Schema.closed(["channel": Schema.string, "upstream_id": Schema.nullableString, "sent_at": Schema.time]))
        let channel = Schema.closed([
            "name": Schema.string, "kind": Schema.enumeration(["local", "upstream"]),
            "circuit": Schema.nullable(Schema.enumeration(["closed", "open", "half_open"])),
            "in_flight": Schema.nullableInteger, "max_concurrent": Schema.nullableInteger,
            "errors_last_hour": Schema.integer("Failures this instance saw in the last hour."),
            "recent_failures": Schema.array(Schema.closed(["at": Schema.time, "code": Schema.string, "message": Schema.string])),
        ])
        return [
            "AdminTask": admin,
            "AdminTaskDetail": Schema.closed(task),
            "AdminTaskList": Schema.closed(["object": Schema.constant("list"), "data": Schema.array(Schema.ref("AdminTask")),
                                            "total": Schema.integer, "page": Schema.integer, "limit": Schema.integer, "has_more": Schema.boolean]),
            "ChannelList": Schema.closed(["object": Schema.constant("list"), "routing": Schema.boolean("Whether a routing file is set."),
                                          "data": Schema.array(channel)]),
        ]
    }
}
