import ReelayCore

/// The OpenAPI 3.1 document served at `GET /openapi.json`: every route of every dialect,
/// assets, admin, operations and the web routes, with request and response schemas written
/// from the codecs. Built once from the catalog (model examples) and the configuration (which
/// dialect answers the bare `POST /v1/videos/generations`).
///
/// Each dialect's routes are also served under its prefix (`/toapis`, `/ark`, ...); the paths
/// below are the bare ones, and each of their path items lists the prefixed base as a second
/// server. toapis and apimart share the bare create path, so the one that does not answer it
/// is documented at its prefixed path.
struct OpenAPIDocument {
    let catalog: ModelCatalog
    let videosDialect: DialectID

    static let version = "1.0.0"

    func encode() -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for (path, item) in pathItems() { paths[path] = .object(item) }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Reelay",
                "version": .string(Self.version),
                "summary": "A self-hosted Seedance video-generation gateway that speaks the resellers' dialects.",
                "description": .string(description),
            ],
            "servers": [["url": "/", "description": "This server."]],
            "security": [["bearerAuth": []]],
            "tags": .array(Self.tags.map { ["name": .string($0.name), "description": .string($0.description)] }),
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearerAuth": ["type": "http", "scheme": "bearer",
                                   "description": "An API key: `Authorization: Bearer <key>`. Admin routes take the admin key (REELAY_ADMIN_KEY)."],
                ],
                "schemas": .object(schemas()),
            ],
        ]
    }

    var description: String {
        let (toapis, apimart) = videosDialect == .apimart
            ? ("/toapis/v1/videos/generations", "/v1/videos/generations")
            : ("/v1/videos/generations", "/apimart/v1/videos/generations")
        return """
        Every request becomes a durable asynchronous task: create it in any dialect, then poll it \
        (in any dialect) until it succeeds, and download the MP4 from the signed link in the answer.

        Dialects (a client written for one works by changing only its base URL and key):
        - **Seed A** (anyfast and other new-api resellers): `POST /v1/video/generations`, Ark's content array.
        - **Seed B** (toapis): `POST \(toapis)` with `aspect_ratio` and `metadata`.
        - **Seed C** (apimart): `POST \(apimart)` with `size`, answered in a `{code, data}` envelope.
        - **Seed D** (unified v2 gateways): `POST /v2/videos/generations`.
        - **Ark** (Volcengine Ark / BytePlus ModelArk): `/api/v3/contents/generations/tasks`.
        - **OpenAI videos**: `/v1/videos`.

        Every dialect is also served under its own prefix (`/anyfast`, `/toapis`, `/apimart`, `/unified`, \
        `/ark`, `/openai`): `http://HOST/apimart/v1/videos/generations`. Each path item lists that base as its \
        second server. toapis and apimart share the bare `POST /v1/videos/generations`; the server's \
        REELAY_VIDEOS_DIALECT decides which answers it (here: \(videosDialect.rawValue)), and this document follows it.

        Errors come in the dialect's own shape and name the offending parameter as the caller wrote it. \
        A task is visible only to the key that created it; any other key gets the dialect's not-found answer.
        """
    }

    struct Tag {
        var name: String
        var description: String
    }

    static let tags: [Tag] = [
        Tag(name: "Seed A (anyfast)", description: "anyfast and other new-api resellers: Ark's content array, new-api's query envelope."),
        Tag(name: "Seed B (toapis)", description: "toapis: `aspect_ratio`, `metadata`, `image_urls` / `image_with_roles`."),
        Tag(name: "Seed C (apimart)", description: "apimart: `size`, per-medium URL lists, `{code, data}` answers."),
        Tag(name: "Seed D (unified)", description: "Unified v2 gateways: `images`, Ark's top-level fields."),
        Tag(name: "Ark", description: "Volcengine Ark / BytePlus ModelArk, as the volcenginesdkarkruntime SDK speaks it."),
        Tag(name: "OpenAI", description: "OpenAI videos, as the openai SDK speaks it (`client.videos`)."),
        Tag(name: "Assets", description: "Upload an image, video or audio file once; name it in requests as `asset://<id>`."),
        Tag(name: "Files", description: "Result files behind expiring signed links (Range requests supported)."),
        Tag(name: "Admin", description: "Key management and usage, for the admin key (REELAY_ADMIN_KEY) only."),
        Tag(name: "Operations", description: "Liveness, readiness and Prometheus metrics."),
        Tag(name: "Web", description: "The playground, this document, its rendered reference and the model catalog."),
    ]

    // MARK: - Paths

    private func pathItems() -> [String: [String: JSONValue]] {
        var items: [String: [String: JSONValue]] = [:]
        func add(_ path: String, _ method: String, _ operation: JSONValue, prefix: String? = nil) {
            items[path, default: [:]][method] = operation
            if let prefix {
                items[path]?["servers"] = [
                    ["url": "/", "description": "The bare path."],
                    ["url": .string(prefix), "description": .string("The dialect's own prefix (\(prefix)\(path)).")],
                ]
            }
        }

        // Seed A
        add("/v1/video/generations", "post", create(
            id: "anyfastCreateTask", tag: 0, summary: "Create a task (seed A)", body: "AnyFastCreateRequest", answer: "AnyFastCreated",
            error: "NewAPIError", link: ("anyfastGetTask", "$response.body#/id"),
            example: Self.arkExample(model: "doubao-seedance-1-5-pro-251215")), prefix: "/anyfast")
        add("/v1/video/generations/{task_id}", "get", query(
            id: "anyfastGetTask", tag: 0, summary: "Query a task (seed A)", answer: "AnyFastTask", error: "NewAPIError",
            note: "Status QUEUED, IN_PROGRESS, SUCCESS or FAILURE; progress as `NN%`; the MP4 at data.result_url."), prefix: "/anyfast")

        // Seeds B and C: the bare create path belongs to one of them.
        let toapisCreate = create(
            id: "toapisCreateTask", tag: 1, summary: "Create a task (seed B)", body: "ToAPIsCreateRequest", answer: "ToAPIsTask",
            error: "ToAPIsError", link: ("toapisGetTask", "$response.body#/id"),
            example: ["model": "doubao-seedance-1-5-pro-251215", "prompt": "A cat playing with a ball of yarn", "duration": 5,
                      "aspect_ratio": "16:9", "metadata": ["resolution": "480p"]])
        let apimartCreate = create(
            id: "apimartCreateTask", tag: 2, summary: "Create a task (seed C)", body: "APIMartCreateRequest", answer: "APIMartCreated",
            error: "APIMartError", link: ("apimartGetTask", "$response.body#/data/0/task_id"),
            example: ["model": "doubao-seedance-2.0", "prompt": "A lighthouse at dawn", "duration": 5, "size": "16:9", "resolution": "480p"])
        if videosDialect == .apimart {
            add("/v1/videos/generations", "post", apimartCreate, prefix: "/apimart")
            add("/toapis/v1/videos/generations", "post", toapisCreate)
        } else {
            add("/v1/videos/generations", "post", toapisCreate, prefix: "/toapis")
            add("/apimart/v1/videos/generations", "post", apimartCreate)
        }
        add("/v1/videos/generations/{task_id}", "get", query(
            id: "toapisGetTask", tag: 1, summary: "Query a task (seed B)", answer: "ToAPIsTaskDetail", error: "ToAPIsError",
            note: "Status queued, in_progress, completed or failed; the MP4 at result.data[0].url."), prefix: "/toapis")
        add("/v1/tasks/{task_id}", "get", query(
            id: "apimartGetTask", tag: 2, summary: "Query a task (seed C)", answer: "APIMartTask", error: "APIMartError",
            note: "Status submitted, processing, completed, failed or cancelled; the MP4 at data.result.videos[0].url[0]."),
            prefix: "/apimart")

        // Seed D
        add("/v2/videos/generations", "post", create(
            id: "unifiedCreateTask", tag: 3, summary: "Create a task (seed D)", body: "UnifiedCreateRequest", answer: "UnifiedCreated",
            error: "NewAPIError", link: ("unifiedGetTask", "$response.body#/task_id"),
            example: ["model": "doubao-seedance-1-0-pro-250528", "prompt": "A red balloon over a city", "duration": 5,
                      "resolution": "480p", "ratio": "16:9"]), prefix: "/unified")
        add("/v2/videos/generations/{task_id}", "get", query(
            id: "unifiedGetTask", tag: 3, summary: "Query a task (seed D)", answer: "UnifiedTask", error: "NewAPIError",
            note: "The MP4 at data.output."), prefix: "/unified")

        // Ark
        let arkPath = "/api/v3/contents/generations/tasks"
        add(arkPath, "post", create(
            id: "arkCreateTask", tag: 4, summary: "Create a task (Ark)", body: "ArkCreateRequest", answer: "ArkCreated",
            error: "ArkError", link: ("arkGetTask", "$response.body#/id"),
            example: Self.arkExample(model: "doubao-seedance-2.0")), prefix: "/ark")
        add(arkPath, "get", arkList(), prefix: "/ark")
        add(arkPath + "/{task_id}", "get", query(
            id: "arkGetTask", tag: 4, summary: "Query a task (Ark)", answer: "ArkTask", error: "ArkError",
            note: "The MP4 at content.video_url, the last frame (when asked for) at content.last_frame_url."), prefix: "/ark")
        add(arkPath + "/{task_id}", "delete", operation(
            id: "arkDeleteTask", tag: 4, summary: "Cancel or delete a task (Ark)",
            description: "A queued task is cancelled; a running or already cancelled one answers 409; a finished one (succeeded, failed, expired) is deleted with its files.",
            parameters: [Self.taskID], responses: ["200": json("Cancelled or deleted.", Schema.emptyObject)],
            error: "ArkError", statuses: [401, 404, 409]), prefix: "/ark")

        addOpenAI(to: add)
        addServiceRoutes(to: add)
        return items
    }

    private func addOpenAI(to add: (String, String, JSONValue, String?) -> Void) {
        let poll = ["openai-poll-after-ms": ["description": "How long the SDK's poller waits before asking again.",
                                             "schema": Schema.integer] as JSONValue]
        let video = json("The video.", Schema.ref("OpenAIVideo"), headers: poll)
        var createOperation = operation(
            id: "openaiCreateVideo", tag: 5, summary: "Create a video (OpenAI)",
            description: "JSON, or multipart as the SDK sends it with an `input_reference` upload (the first frame). `size` picks the nearest resolution and ratio; `sora-2*` means doubao-seedance-2.0.",
            parameters: [Self.idempotencyKey], responses: ["200": video], error: "OpenAIError", statuses: [400, 401, 409, 413, 429])
        createOperation = with(createOperation, "requestBody", [
            "required": true,
            "content": [
                "application/json": ["schema": Schema.ref("OpenAIVideoCreateRequest"),
                                     "example": ["model": "sora-2", "prompt": "A lighthouse at dawn", "seconds": "4", "size": "864x496"]],
                "multipart/form-data": ["schema": Schema.ref("OpenAIVideoCreateForm")],
            ],
        ])
        createOperation = withLinks(createOperation, Self.links(["openaiGetVideo", "openaiDeleteVideo", "openaiVideoContent", "openaiRemixVideo"],
                                                                      "$response.body#/id"))
        add("/v1/videos", "post", createOperation, "/openai")
        let listParameters: [JSONValue] = [
            Self.queryParameter("after", Schema.string("The id of the last video of the previous page.")),
            Self.queryParameter("limit", Schema.integer("1-100 (default 20).", minimum: 1, maximum: 100)),
            Self.queryParameter("order", Schema.enumeration(["asc", "desc"], "By creation time; newest first by default.")),
        ]
        add("/v1/videos", "get", operation(
            id: "openaiListVideos", tag: 5, summary: "List videos (OpenAI)", description: "The key's videos, cursor-paged.",
            parameters: listParameters, responses: ["200": json("A page of videos.", Schema.ref("OpenAIVideoList"))],
            error: "OpenAIError", statuses: [400, 401]), "/openai")
        add("/v1/videos/{video_id}", "get", operation(
            id: "openaiGetVideo", tag: 5, summary: "Retrieve a video (OpenAI)", description: "Status queued, in_progress, completed or failed.",
            parameters: [Self.videoID], responses: ["200": video], error: "OpenAIError", statuses: [401, 404]), "/openai")
        add("/v1/videos/{video_id}", "delete", operation(
            id: "openaiDeleteVideo", tag: 5, summary: "Delete a video (OpenAI)", description: "An unfinished video is cancelled first, then deleted.",
            parameters: [Self.videoID], responses: ["200": json("Deleted.", Schema.ref("OpenAIVideoDeleted"))],
            error: "OpenAIError", statuses: [401, 404]), "/openai")
        let binary: JSONValue = ["type": "string", "contentMediaType": "application/octet-stream"]
        add("/v1/videos/{video_id}/content", "get", operation(
            id: "openaiVideoContent", tag: 5, summary: "Download a video's content (OpenAI)",
            description: "The MP4, or a JPEG thumbnail or spritesheet (made on first request). Only completed videos have content.",
            parameters: [Self.videoID, Self.queryParameter("variant", Schema.enumeration(["video", "thumbnail", "spritesheet"], "Default video."))],
            responses: ["200": ["description": "The bytes.",
                                "content": ["video/mp4": ["schema": binary], "image/jpeg": ["schema": binary]]]],
            error: "OpenAIError", statuses: [400, 401, 404]), "/openai")
        var remix = operation(
            id: "openaiRemixVideo", tag: 5, summary: "Remix a video (OpenAI)",
            description: "A new video with everything of a completed one but its prompt.",
            parameters: [Self.videoID, Self.idempotencyKey], responses: ["200": video], error: "OpenAIError", statuses: [400, 401, 404, 409])
        remix = with(remix, "requestBody", ["required": true, "content": ["application/json": [
            "schema": Schema.ref("OpenAIVideoRemixRequest"), "example": ["prompt": "The same scene at night"]]]])
        add("/v1/videos/{video_id}/remix", "post", remix, "/openai")
    }

    private func addServiceRoutes(to add: (String, String, JSONValue, String?) -> Void) {
        // Assets
        var upload = operation(
            id: "createAsset", tag: 6, summary: "Upload an asset",
            description: "A multipart form with a `file` part, or the raw bytes as the body. Files are recognised by their bytes (PNG, JPEG, WebP, GIF, BMP, MP4, MOV, WebM/MKV, MP3, WAV, OGG, FLAC, AAC, M4A). Only models with `assets: true` take asset:// inputs.",
            responses: ["200": json("The stored asset.", Schema.ref("Asset"))], error: "OpenAIStyleError", statuses: [400, 401, 413])
        upload = with(upload, "requestBody", ["required": true, "content": [
            "multipart/form-data": ["schema": Schema.request(["file": ["type": "string", "format": "binary"]], required: ["file"])],
            "application/octet-stream": ["schema": ["type": "string", "format": "binary"]],
        ]])
        upload = withLinks(upload, Self.links(["getAsset", "deleteAsset"], "$response.body#/id", parameter: "asset_id"))
        add("/v1/assets", "post", upload, nil)
        add("/v1/assets", "get", operation(
            id: "listAssets", tag: 6, summary: "List assets", description: "The key's assets.",
            responses: ["200": json("The assets.", Schema.ref("AssetList"))], error: "OpenAIStyleError", statuses: [401]), nil)
        let assetID = Self.pathParameter("asset_id", "The asset's id (`asset_...`).")
        add("/v1/assets/{asset_id}", "get", operation(
            id: "getAsset", tag: 6, summary: "Get an asset", description: "One of the key's assets.", parameters: [assetID],
            responses: ["200": json("The asset.", Schema.ref("Asset"))], error: "OpenAIStyleError", statuses: [401, 404]), nil)
        add("/v1/assets/{asset_id}", "delete", operation(
            id: "deleteAsset", tag: 6, summary: "Delete an asset", description: "Removes the asset and its file.", parameters: [assetID],
            responses: ["200": json("Deleted.", Schema.ref("AssetDeleted"))], error: "OpenAIStyleError", statuses: [401, 404]), nil)

        // Files
        let binary: JSONValue = ["type": "string", "contentMediaType": "application/octet-stream"]
        var file = operation(
            id: "getFile", tag: 7, summary: "Download a result file",
            description: "The links in task answers point here. They expire (REELAY_LINK_TTL, 24 h by default): query the task again for a fresh one. Range requests are answered with 206.",
            parameters: [
                Self.pathParameter("task_id", "The task's id."),
                Self.pathParameter("name", "The file's name (`video.mp4`, `last_frame.png`)."),
                Self.queryParameter("expires", Schema.string("Unix time the link expires."), required: true),
                Self.queryParameter("signature", Schema.string("The link's HMAC signature."), required: true),
            ],
            responses: [
                "200": ["description": "The file.", "content": ["video/mp4": ["schema": binary], "image/png": ["schema": binary],
                                                                "image/jpeg": ["schema": binary]]],
                "206": ["description": "The requested range.", "content": ["video/mp4": ["schema": binary]]],
                "403": json("The link is invalid or has expired.", Schema.ref("FileLinkError")),
                "404": json("The file no longer exists.", Schema.ref("FileLinkError")),
            ], error: nil, statuses: [])
        file = with(file, "security", [])
        add("/files/{task_id}/{name}", "get", file, nil)

        // Admin
        add("/admin/keys", "get", operation(
            id: "adminListKeys", tag: 8, summary: "List API keys", description: "Stored keys (static REELAY_API_KEYS are not listed).",
            responses: ["200": json("The keys.", Schema.ref("APIKeyList"))], error: "OpenAIStyleError", statuses: [401, 403]), nil)
        var createKey = operation(
            id: "adminCreateKey", tag: 8, summary: "Create an API key", description: "The secret is in this answer only.",
            responses: ["200": json("The new key and its secret.", Schema.ref("APIKeyCreated"))], error: "OpenAIStyleError",
            statuses: [400, 401, 403])
        createKey = with(createKey, "requestBody", ["required": true, "content": ["application/json": [
            "schema": Schema.request(["name": Schema.string("A name for people.")], required: ["name"]),
            "example": ["name": "ci"]]]])
        add("/admin/keys", "post", createKey, nil)
        add("/admin/keys/{key_id}", "delete", operation(
            id: "adminRevokeKey", tag: 8, summary: "Revoke an API key", description: "By id or name.",
            parameters: [Self.pathParameter("key_id", "The key's id or name.")],
            responses: ["200": json("Revoked.", Schema.ref("APIKeyRevoked"))], error: "OpenAIStyleError", statuses: [401, 403, 404]), nil)
        add("/admin/usage", "get", operation(
            id: "adminUsage", tag: 8, summary: "Usage per key", description: "Tasks and seconds of video per key since the start of the UTC day `days - 1` days ago.",
            parameters: [Self.queryParameter("days", Schema.integer("1-366 (default 1: today).", minimum: 1, maximum: 366))],
            responses: ["200": json("Usage rows.", Schema.ref("Usage"))], error: "OpenAIStyleError", statuses: [400, 401, 403]), nil)

        // Operations
        add("/healthz", "get", open(id: "healthz", tag: 9, summary: "Liveness",
                                     responses: ["200": json("The process answers.", Schema.ref("Health"))]), nil)
        add("/readyz", "get", open(id: "readyz", tag: 9, summary: "Readiness", responses: [
            "200": json("The task store answers.", Schema.ref("Ready")),
            "503": json("The task store does not answer.", Schema.ref("NotReady")),
        ]), nil)
        add("/metrics", "get", open(id: "metrics", tag: 9, summary: "Prometheus metrics", responses: [
            "200": ["description": "The text exposition format.", "content": ["text/plain": ["schema": Schema.string]]],
        ]), nil)

        // Web
        let html: JSONValue = ["text/html": ["schema": Schema.string]]
        add("/", "get", open(id: "playground", tag: 10, summary: "The playground",
                             responses: ["200": ["description": "A page that creates and watches tasks.", "content": html]]), nil)
        add("/docs", "get", open(id: "docs", tag: 10, summary: "This reference, rendered",
                                 responses: ["200": ["description": "A page rendered from /openapi.json.", "content": html]]), nil)
        add("/openapi.json", "get", open(id: "openapi", tag: 10, summary: "This document",
                                         responses: ["200": ["description": "OpenAPI 3.1.", "content": ["application/json": ["schema": ["type": "object"]]]]]), nil)
        add("/v1/models", "get", open(id: "listModels", tag: 10, summary: "The model catalog",
                                      description: "Every model with its rules: durations, resolutions, ratios, audio, media inputs, defaults (Ark's at the top level, other dialects' under `dialects`). OpenAI's list shape.",
                                      responses: ["200": json("The models.", Schema.ref("ModelList"))]), nil)
    }

    // MARK: - Operation builders

    private func create(id: String, tag: Int, summary: String, body: String, answer: String, error: String,
                        link: (operation: String, expression: String), example: JSONValue) -> JSONValue {
        var result = operation(
            id: id, tag: tag, summary: summary,
            description: "Validates the request against the model's rules, stores a task and answers at once; poll the task until it ends.",
            parameters: [Self.idempotencyKey],
            responses: ["200": json("The task was accepted.", Schema.ref(answer))], error: error, statuses: [400, 401, 404, 409, 413, 429])
        result = with(result, "requestBody", ["required": true, "content": ["application/json": ["schema": Schema.ref(body), "example": example]]])
        return withLinks(result, Self.links([link.operation], link.expression))
    }

    private func query(id: String, tag: Int, summary: String, answer: String, error: String, note: String) -> JSONValue {
        operation(id: id, tag: tag, summary: summary,
                  description: "The caller's task, with fresh signed links once it succeeded. " + note,
                  parameters: [Self.taskID], responses: ["200": json("The task.", Schema.ref(answer))], error: error, statuses: [401, 404])
    }

    private func arkList() -> JSONValue {
        let statuses = TaskStatus.allCases.map(ArkTaskObject.status)
        return operation(
            id: "arkListTasks", tag: 4, summary: "List tasks (Ark)", description: "The key's tasks, newest first, filtered and paged.",
            parameters: [
                Self.queryParameter("page_num", Schema.integer("1-500 (default 1).", minimum: 1, maximum: 500)),
                Self.queryParameter("page_size", Schema.integer("1-500 (default 10).", minimum: 1, maximum: 500)),
                Self.queryParameter("filter.status", Schema.enumeration(statuses)),
                Self.queryParameter("filter.task_ids", Schema.array(Schema.string, "Repeat the parameter for several ids."),
                                    explode: true),
                Self.queryParameter("filter.model", Schema.string("A model name as the tasks were created with.")),
                Self.queryParameter("filter.service_tier", Schema.enumeration(["default", "flex"], "Checked; every task reports default.")),
            ],
            responses: ["200": json("A page of tasks.", Schema.ref("ArkTaskList"))], error: "ArkError", statuses: [400, 401])
    }

    /// An operation behind the bearer key. `statuses` are documented with the dialect's error
    /// body; `default` covers the rest (403, 413, 429, 503) in the same shape.
    private func operation(id: String, tag: Int, summary: String, description: String, parameters: [JSONValue] = [],
                           responses: [String: JSONValue], error: String?, statuses: [Int]) -> JSONValue {
        var all = responses
        if let error {
            for status in statuses { all[String(status)] = json(Self.statusText(status), Schema.ref(error), headers: Self.errorHeaders(status)) }
            all["default"] = json("Any other error, in the same shape.", Schema.ref(error))
        }
        var result: [String: JSONValue] = [
            "operationId": .string(id),
            "tags": [.string(Self.tags[tag].name)],
            "summary": .string(summary),
            "description": .string(description),
            "responses": .object(all),
        ]
        if !parameters.isEmpty { result["parameters"] = .array(parameters) }
        return .object(result)
    }

    /// An operation without authentication.
    private func open(id: String, tag: Int, summary: String, description: String = "", responses: [String: JSONValue]) -> JSONValue {
        var result: [String: JSONValue] = [
            "operationId": .string(id),
            "tags": [.string(Self.tags[tag].name)],
            "summary": .string(summary),
            "security": [],
            "responses": .object(responses),
        ]
        if !description.isEmpty { result["description"] = .string(description) }
        return .object(result)
    }

    private func with(_ operation: JSONValue, _ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = operation else { return operation }
        fields[key] = value
        return .object(fields)
    }

    /// Links (which schemathesis' stateful phase follows) belong to the 200 response.
    private func withLinks(_ operation: JSONValue, _ links: JSONValue) -> JSONValue {
        guard case .object(var fields) = operation, case .object(var responses)? = fields["responses"],
              case .object(var success)? = responses["200"] else { return operation }
        success["links"] = links
        responses["200"] = .object(success)
        fields["responses"] = .object(responses)
        return .object(fields)
    }

    private func json(_ description: String, _ schema: JSONValue, headers: [String: JSONValue] = [:]) -> JSONValue {
        var response: [String: JSONValue] = ["description": .string(description), "content": ["application/json": ["schema": schema]]]
        if !headers.isEmpty { response["headers"] = .object(headers) }
        return .object(response)
    }

    static func statusText(_ status: Int) -> String {
        switch status {
        case 400: "The request is invalid; the body names the parameter."
        case 401: "The API key is missing or invalid."
        case 403: "The key may not do this (admin routes: the admin API is disabled or this is not the admin key)."
        case 404: "No such task (or another key's), or an unknown model (Ark)."
        case 409: "A conflict: the task's state does not allow this (a running task cannot be cancelled), or the Idempotency-Key was used for another request."
        case 413: "The body is over 64 MB (or an upload over its kind's limit)."
        case 429: "A per-key limit was reached; see Retry-After."
        default: "An error."
        }
    }

    static func errorHeaders(_ status: Int) -> [String: JSONValue] {
        switch status {
        case 429: ["Retry-After": ["description": "Seconds after which a retry may succeed.", "schema": Schema.integer]]
        case 409: ["x-should-retry": ["description": "false: retrying will not help.", "schema": Schema.string]]
        default: [:]
        }
    }

    static func links(_ operations: [String], _ expression: String, parameter: String? = nil) -> JSONValue {
        var links: [String: JSONValue] = [:]
        for operation in operations {
            let name = parameter ?? (operation.hasPrefix("openai") ? "video_id" : "task_id")
            links[operation] = ["operationId": .string(operation), "parameters": [name: .string(expression)]]
        }
        return .object(links)
    }

    static let idempotencyKey: JSONValue = [
        "name": "Idempotency-Key", "in": "header", "required": false,
        "description": "1-255 characters. The same key with the same request answers with the task it made the first time; with another request it is a 409.",
        "schema": ["type": "string", "minLength": 1, "maxLength": 255],
    ]
    static let taskID = pathParameter("task_id", "The task's id (`cgt-...`).")
    static let videoID = pathParameter("video_id", "The video's id (a task id).")

    static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description),
         "schema": ["type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9._-]+$"]]
    }

    static func queryParameter(_ name: String, _ schema: JSONValue, required: Bool = false, explode: Bool? = nil) -> JSONValue {
        var parameter: [String: JSONValue] = ["name": .string(name), "in": "query", "required": .bool(required), "schema": schema]
        if let explode { parameter["explode"] = .bool(explode) }
        return .object(parameter)
    }

    static func arkExample(model: String) -> JSONValue {
        ["model": .string(model),
         "content": [["type": "text", "text": "A cat playing with a ball of yarn"]],
         "ratio": "16:9", "duration": 5, "resolution": "480p", "generate_audio": false]
    }
}
