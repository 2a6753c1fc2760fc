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
            "tags": .array(APITag.allCases.map { ["name": .string($0.name), "description": .string($0.description)] }),
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearerAuth": ["type": "http", "scheme": "bearer",
                                   "description": "An API key: `Authorization: Bearer <key>`. Admin routes take the admin key (REELAY_ADMIN_KEY)."],
                ],
                "schemas": .object(schemas().merging(adminSchemas()) { _, new in new }),
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
        - **Seed A** (anyfast and other new-api resellers): `POST /v1/video/generations`, Ark's content array; \
        seed 000's older create answer under `/anyfast-v0`.
        - **Seed B** (toapis): `POST \(toapis)` with `aspect_ratio` and `metadata`.
        - **Seed C** (apimart): `POST \(apimart)` with `size`, answered in a `{code, data}` envelope.
        - **Seed D** (unified v2 gateways): `POST /v2/videos/generations`.
        - **Ark** (Volcengine Ark / BytePlus ModelArk): `/api/v3/contents/generations/tasks`.
        - **OpenAI videos**: `/v1/videos`.

        Every dialect is also served under its own prefix (`/anyfast`, `/toapis`, `/apimart`, `/unified`, \
        `/ark`, `/openai`): `http://HOST/apimart/v1/videos/generations`. Each path item lists that base as its \
        second server. toapis and apimart share the bare `POST /v1/videos/generations`: a body with fields only \
        apimart has (`size`, `resolution`, `generate_audio`, `video_urls`, ...) is answered by apimart, one with \
        toapis' `metadata` by toapis, and one that fits both by the server's REELAY_VIDEOS_DIALECT (here: \
        \(videosDialect.rawValue)), which this document shows at the bare path.

        Errors come in the dialect's own shape and name the offending parameter as the caller wrote it. \
        A task is visible only to the key that created it; any other key gets the dialect's not-found answer.
        """
    }

    // MARK: - Paths

    /// Every documented route of `APIRoutes`, with what the reference says of it beyond the
    /// table: descriptions, parameters, examples, links. A dialect route is also served under
    /// its dialect's prefix, listed as the path item's second server; of toapis and apimart,
    /// which share the bare create path, the one that does not answer it is documented at its
    /// prefixed path.
    private func pathItems() -> [String: [String: JSONValue]] {
        var items: [String: [String: JSONValue]] = [:]
        for (route, operation) in operations() where route.documented {
            var path = route.path
            let prefix = route.tag.dialect.map { "/\($0.rawValue)" }
            let unanswered = (route == APIRoutes.toapisCreate && videosDialect == .apimart)
                || (route == APIRoutes.apimartCreate && videosDialect != .apimart)
            if unanswered, let prefix {
                path = prefix + path
            } else if let prefix {
                items[path, default: [:]]["servers"] = [
                    ["url": "/", "description": "The bare path."],
                    ["url": .string(prefix), "description": .string("The dialect's own prefix (\(prefix)\(path)).")],
                ]
            }
            items[path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        return items
    }

    private func operations() -> [(APIRoute, JSONValue)] {
        [
            // Seed A
            (APIRoutes.anyfastCreate, create(APIRoutes.anyfastCreate, link: (APIRoutes.anyfastQuery, "$response.body#/id"),
                                             example: Self.arkExample(model: "doubao-seedance-1-5-pro-251215"))),
            (APIRoutes.anyfastQuery, query(APIRoutes.anyfastQuery,
                                           note: "Status QUEUED, IN_PROGRESS, SUCCESS or FAILURE; progress as `NN%`; the MP4 at data.result_url.")),
            (APIRoutes.anyfastV0Create, create(APIRoutes.anyfastV0Create, link: (APIRoutes.anyfastV0Query, "$response.body#/id"),
                                               example: Self.arkExample(model: "doubao-seedance-1-5-pro-251215"))),
            (APIRoutes.anyfastV0Query, query(APIRoutes.anyfastV0Query, note: "Seed A's query answer, as on the bare path.")),
            // Seeds B and C
            (APIRoutes.toapisCreate, create(APIRoutes.toapisCreate, link: (APIRoutes.toapisQuery, "$response.body#/id"),
                                            example: ["model": "doubao-seedance-1-5-pro-251215", "prompt": "A cat playing with a ball of yarn",
                                                      "duration": 5, "aspect_ratio": "16:9", "metadata": ["resolution": "480p"]])),
            (APIRoutes.toapisQuery, query(APIRoutes.toapisQuery,
                                          note: "Status queued, in_progress, completed or failed; the MP4 at result.data[0].url.")),
            (APIRoutes.apimartCreate, create(APIRoutes.apimartCreate, link: (APIRoutes.apimartQuery, "$response.body#/data/0/task_id"),
                                             example: ["model": "doubao-seedance-2.0", "prompt": "A lighthouse at dawn", "duration": 5,
                                                       "size": "16:9", "resolution": "480p"])),
            (APIRoutes.apimartQuery, query(APIRoutes.apimartQuery,
                                           note: "Status submitted, processing, completed, failed or cancelled; the MP4 at data.result.videos[0].url[0].")),
            // Seed D
            (APIRoutes.unifiedCreate, create(APIRoutes.unifiedCreate, link: (APIRoutes.unifiedQuery, "$response.body#/task_id"),
                                             example: ["model": "doubao-seedance-1-0-pro-250528", "prompt": "A red balloon over a city",
                                                       "duration": 5, "resolution": "480p", "ratio": "16:9"])),
            (APIRoutes.unifiedQuery, query(APIRoutes.unifiedQuery, note: "The MP4 at data.output.")),
            // Ark
            (APIRoutes.arkCreate, create(APIRoutes.arkCreate, link: (APIRoutes.arkQuery, "$response.body#/id"),
                                         example: Self.arkExample(model: "doubao-seedance-2.0"))),
            (APIRoutes.arkList, arkList()),
            (APIRoutes.arkQuery, query(APIRoutes.arkQuery,
                                       note: "The MP4 at content.video_url, the last frame (when asked for) at content.last_frame_url.")),
            (APIRoutes.arkDelete, operation(
                APIRoutes.arkDelete,
                description: "A queued task is cancelled; a running or already cancelled one answers 409; a finished one (succeeded, failed, expired) is deleted with its files.",
                parameters: [Self.taskID], responses: ["200": json("Cancelled or deleted.", Schema.emptyObject)], statuses: [401, 404, 409])),
        ] + openAIOperations() + serviceOperations() + adminConsoleOperations()
    }

    private func openAIOperations() -> [(APIRoute, JSONValue)] {
        let poll = ["openai-poll-after-ms": ["description": "How long the SDK's poller waits before asking again.",
                                             "schema": Schema.integer] as JSONValue]
        var create = operation(
            APIRoutes.openaiCreate,
            description: "JSON, or multipart as the SDK sends it with an `input_reference` upload (the first frame). `size` is a size the model renders or one of OpenAI's four (any other is a 400 listing the sizes it takes); `sora-2*` means doubao-seedance-2.0.",
            parameters: [Self.idempotencyKey, Self.dryRun],
            responses: ["200": answerOrEstimate(APIRoutes.openaiCreate, "The video.", headers: poll)],
            statuses: [400, 401, 409, 413, 429])
        create = with(create, "requestBody", [
            "required": true,
            "content": [
                "application/json": ["schema": Schema.ref(APIRoutes.openaiCreate.request!),
                                     "example": ["model": "sora-2", "prompt": "A lighthouse at dawn", "seconds": "4", "size": "864x496"]],
                "multipart/form-data": ["schema": Schema.ref("OpenAIVideoCreateForm")],
            ],
        ])
        create = withLinks(create, Self.links([APIRoutes.openaiQuery, APIRoutes.openaiDelete, APIRoutes.openaiContent, APIRoutes.openaiRemix],
                                              "$response.body#/id"))
        let listParameters: [JSONValue] = [
            Self.queryParameter("after", Schema.string("The id of the last video of the previous page.")),
            Self.queryParameter("limit", Schema.integer("1-100 (default 20).", minimum: 1, maximum: 100)),
            Self.queryParameter("order", Schema.enumeration(["asc", "desc"], "By creation time; newest first by default.")),
        ]
        let binary: JSONValue = ["type": "string", "contentMediaType": "application/octet-stream"]
        var remix = operation(
            APIRoutes.openaiRemix, description: "A new video with everything of a completed one but its prompt.",
            parameters: [Self.videoID, Self.idempotencyKey], responses: ["200": answer(APIRoutes.openaiRemix, "The video.", headers: poll)],
            statuses: [400, 401, 404, 409])
        remix = with(remix, "requestBody", ["required": true, "content": ["application/json": [
            "schema": Schema.ref(APIRoutes.openaiRemix.request!), "example": ["prompt": "The same scene at night"]]]])
        return [
            (APIRoutes.openaiCreate, create),
            (APIRoutes.openaiList, operation(
                APIRoutes.openaiList, description: "The key's videos, cursor-paged.", parameters: listParameters,
                responses: ["200": answer(APIRoutes.openaiList, "A page of videos.")], statuses: [400, 401])),
            (APIRoutes.openaiQuery, operation(
                APIRoutes.openaiQuery, description: "Status queued, in_progress, completed or failed.",
                parameters: [Self.videoID], responses: ["200": answer(APIRoutes.openaiQuery, "The video.", headers: poll)], statuses: [401, 404])),
            (APIRoutes.openaiDelete, operation(
                APIRoutes.openaiDelete, description: "An unfinished video is cancelled first, then deleted.",
                parameters: [Self.videoID], responses: ["200": answer(APIRoutes.openaiDelete, "Deleted.")], statuses: [401, 404])),
            (APIRoutes.openaiContent, operation(
                APIRoutes.openaiContent,
                description: "The MP4, or a JPEG thumbnail or spritesheet (made on first request). Only completed videos have content. One byte range (RFC 9110) is answered with 206.",
                parameters: [Self.videoID, Self.queryParameter("variant", Schema.enumeration(["video", "thumbnail", "spritesheet"], "Default video.")),
                             Self.range],
                responses: ["200": ["description": "The bytes.",
                                    "content": ["video/mp4": ["schema": binary], "image/jpeg": ["schema": binary]]],
                            "206": ["description": "The requested range, with Content-Range.",
                                    "content": ["video/mp4": ["schema": binary], "image/jpeg": ["schema": binary]]],
                            "416": ["description": "The range starts past the end; Content-Range gives the size."]],
                statuses: [400, 401, 404])),
            (APIRoutes.openaiRemix, remix),
        ]
    }

    private func serviceOperations() -> [(APIRoute, JSONValue)] {
        // Assets
        var upload = operation(
            APIRoutes.assetUpload,
            description: "A multipart form with a `file` part, or the raw bytes as the body. Files are recognised by their bytes (PNG, JPEG, WebP, GIF, BMP, MP4, MOV, WebM/MKV, MP3, WAV, OGG, FLAC, AAC, M4A). Only models with `assets: true` take asset:// inputs.",
            responses: ["200": answer(APIRoutes.assetUpload, "The stored asset.")], statuses: [400, 401, 413, 429])
        upload = with(upload, "requestBody", ["required": true, "content": [
            "multipart/form-data": ["schema": Schema.request(["file": ["type": "string", "format": "binary"]], required: ["file"])],
            "application/octet-stream": ["schema": ["type": "string", "format": "binary"]],
        ]])
        upload = withLinks(upload, Self.links([APIRoutes.assetQuery, APIRoutes.assetDelete], "$response.body#/id"))
        let assetID = Self.pathParameter("asset_id", "The asset's id (`asset_...`).")

        // Files
        let binary: JSONValue = ["type": "string", "contentMediaType": "application/octet-stream"]
        var file = operation(
            APIRoutes.file,
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
            ], statuses: [])
        file = with(file, "security", [])

        // Admin
        let keyID = Self.pathParameter("key_id", "The key's id or name.")
        var createKey = operation(
            APIRoutes.adminCreateKey, description: "The secret is in this answer only.",
            responses: ["200": answer(APIRoutes.adminCreateKey, "The new key and its secret.")], statuses: [400, 401, 403])
        createKey = with(createKey, "requestBody", ["required": true, "content": ["application/json": [
            "schema": Schema.ref(APIRoutes.adminCreateKey.request!), "example": ["name": "ci", "max_queued": 20]]]])
        var updateKey = operation(
            APIRoutes.adminUpdateKey, description: "Changes the limits the body names; the others keep their values.",
            parameters: [keyID], responses: ["200": answer(APIRoutes.adminUpdateKey, "The key with its limits.")],
            statuses: [400, 401, 403, 404])
        updateKey = with(updateKey, "requestBody", ["required": true, "content": ["application/json": [
            "schema": Schema.ref(APIRoutes.adminUpdateKey.request!), "example": ["max_storage_bytes": 1_073_741_824]]]])

        let html: JSONValue = ["text/html": ["schema": Schema.string]]
        return [
            (APIRoutes.assetUpload, upload),
            (APIRoutes.assetList, operation(APIRoutes.assetList, description: "The key's assets.",
                                            responses: ["200": answer(APIRoutes.assetList, "The assets.")], statuses: [401])),
            (APIRoutes.assetQuery, operation(APIRoutes.assetQuery, description: "One of the key's assets.", parameters: [assetID],
                                             responses: ["200": answer(APIRoutes.assetQuery, "The asset.")], statuses: [401, 404])),
            (APIRoutes.assetDelete, operation(APIRoutes.assetDelete, description: "Removes the asset and its file.", parameters: [assetID],
                                              responses: ["200": answer(APIRoutes.assetDelete, "Deleted.")], statuses: [401, 404])),
            (APIRoutes.file, file),
            (APIRoutes.adminListKeys, operation(
                APIRoutes.adminListKeys, description: "Stored keys (static REELAY_API_KEYS are not listed), with their limits.",
                responses: ["200": answer(APIRoutes.adminListKeys, "The keys.")], statuses: [401, 403])),
            (APIRoutes.adminCreateKey, createKey),
            (APIRoutes.adminUpdateKey, updateKey),
            (APIRoutes.adminRevokeKey, operation(
                APIRoutes.adminRevokeKey, description: "By id or name.", parameters: [keyID],
                responses: ["200": answer(APIRoutes.adminRevokeKey, "Revoked.")], statuses: [401, 403, 404])),
            (APIRoutes.adminUsage, operation(
                APIRoutes.adminUsage,
                description: "Tasks, seconds of video and cost per key since the start of the UTC day `days - 1` days ago, the bytes each key keeps, and `daily` rows of settled tasks per day, key and model (tokens, seconds, cost). `?format=csv` (or `Accept: text/csv`) answers the daily rows as CSV.",
                parameters: [Self.queryParameter("days", Schema.integer("1-366 (default 1: today).", minimum: 1, maximum: 366)),
                             Self.queryParameter("format", Schema.enumeration(["json", "csv"]))],
                responses: ["200": answer(APIRoutes.adminUsage, "Usage rows.")], statuses: [400, 401, 403])),
            // Operations
            (APIRoutes.healthz, open(APIRoutes.healthz, responses: ["200": answer(APIRoutes.healthz, "The process answers.")])),
            (APIRoutes.readyz, open(APIRoutes.readyz, responses: [
                "200": answer(APIRoutes.readyz, "The task store answers."),
                "503": json("The task store does not answer.", Schema.ref("NotReady")),
            ])),
            (APIRoutes.metrics, open(APIRoutes.metrics, responses: [
                "200": ["description": "The text exposition format.", "content": ["text/plain": ["schema": Schema.string]]],
            ])),
            // Web
            (APIRoutes.playground, open(APIRoutes.playground,
                                        responses: ["200": ["description": "A page that creates and watches tasks.", "content": html]])),
            (APIRoutes.docs, open(APIRoutes.docs, responses: ["200": ["description": "A page rendered from /openapi.json.", "content": html]])),
            (APIRoutes.openAPI, open(APIRoutes.openAPI, responses: [
                "200": ["description": "OpenAPI 3.1.", "content": ["application/json": ["schema": ["type": "object"]]]]])),
            (APIRoutes.models, open(
                APIRoutes.models,
                description: "Every model with its rules: durations, resolutions, ratios, audio, media inputs, defaults (Ark's at the top level, other dialects' under `dialects`). OpenAI's list shape.",
                responses: ["200": answer(APIRoutes.models, "The models.")])),
        ]
    }

    // MARK: - Operation builders

    private func create(_ route: APIRoute, link: (route: APIRoute, expression: String), example: JSONValue) -> JSONValue {
        var result = operation(
            route, description: "Validates the request against the model's rules, stores a task and answers at once; poll the task until it ends.",
            parameters: [Self.idempotencyKey, Self.dryRun], responses: ["200": answerOrEstimate(route, "The task was accepted.")],
            statuses: [400, 401, 404, 409, 413, 429])
        result = with(result, "requestBody", ["required": true, "content": ["application/json": [
            "schema": Schema.ref(route.request!), "example": example]]])
        return withLinks(result, Self.links([link.route], link.expression))
    }

    private func query(_ route: APIRoute, note: String) -> JSONValue {
        operation(route, description: "The caller's task, with fresh signed links once it succeeded. " + note,
                  parameters: [Self.taskID], responses: ["200": answer(route, "The task.")], statuses: [401, 404])
    }

    private func arkList() -> JSONValue {
        let statuses = TaskStatus.allCases.map(ArkTaskObject.status)
        return operation(
            APIRoutes.arkList, description: "The key's tasks, newest first, filtered and paged.",
            parameters: [
                Self.queryParameter("page_num", Schema.integer("1-500 (default 1).", minimum: 1, maximum: 500)),
                Self.queryParameter("page_size", Schema.integer("1-500 (default 10).", minimum: 1, maximum: 500)),
                Self.queryParameter("filter.status", Schema.enumeration(statuses)),
                Self.queryParameter("filter.task_ids", Schema.array(Schema.string, "Repeat the parameter for several ids."),
                                    explode: true),
                Self.queryParameter("filter.model", Schema.string("A model name as the tasks were created with.")),
                Self.queryParameter("filter.service_tier", Schema.enumeration(["default", "flex"], "Checked; every task reports default.")),
            ],
            responses: ["200": answer(APIRoutes.arkList, "A page of tasks.")], statuses: [400, 401])
    }

    /// The 200 answer of `route`: its response schema from the table.
    func answer(_ route: APIRoute, _ description: String, headers: [String: JSONValue] = [:]) -> JSONValue {
        json(description, Schema.ref(route.response!), headers: headers)
    }

    /// A create's answer: the task, or with `?dry_run=true` its estimate (no task is made). A
    /// create answered with a task carries the amount its key's budget holds for it.
    private func answerOrEstimate(_ route: APIRoute, _ description: String, headers: [String: JSONValue] = [:]) -> JSONValue {
        var all = headers
        all["X-Reelay-Estimate"] = ["description": "With a price list set: the most this task can cost, held against the key's budgets.",
                                    "schema": Schema.string]
        all["X-Reelay-Currency"] = ["description": "The price list's currency.", "schema": Schema.string]
        return json(description + " With `?dry_run=true`: the estimate, and no task.",
                    ["oneOf": [Schema.ref(route.response!), Schema.ref("Estimate")]], headers: all)
    }

    /// An operation behind the bearer key. `statuses` are documented with the route's error
    /// body; `default` covers the rest (403, 413, 429, 503) in the same shape.
    func operation(_ route: APIRoute, description: String, parameters: [JSONValue] = [],
                           responses: [String: JSONValue], statuses: [Int]) -> JSONValue {
        var all = responses
        if let error = route.error {
            for status in statuses { all[String(status)] = json(Self.statusText(status), Schema.ref(error), headers: Self.errorHeaders(status)) }
            all["default"] = json("Any other error, in the same shape.", Schema.ref(error))
        }
        var result: [String: JSONValue] = [
            "operationId": .string(route.operationID),
            "tags": [.string(route.tag.name)],
            "summary": .string(route.summary),
            "description": .string(description),
            "responses": .object(all),
        ]
        if !parameters.isEmpty { result["parameters"] = .array(parameters) }
        return .object(result)
    }

    /// An operation without authentication.
    func open(_ route: APIRoute, description: String = "", responses: [String: JSONValue]) -> JSONValue {
        var result: [String: JSONValue] = [
            "operationId": .string(route.operationID),
            "tags": [.string(route.tag.name)],
            "summary": .string(route.summary),
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

    func json(_ description: String, _ schema: JSONValue, headers: [String: JSONValue] = [:]) -> JSONValue {
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

    /// Links from an answer's id to the operations that take it (schemathesis' stateful phase
    /// follows them), each naming the path parameter its route has.
    static func links(_ routes: [APIRoute], _ expression: String) -> JSONValue {
        var links: [String: JSONValue] = [:]
        for route in routes {
            links[route.operationID] = ["operationId": .string(route.operationID), "parameters": [route.parameters[0]: .string(expression)]]
        }
        return .object(links)
    }

    static let dryRun = queryParameter("dry_run", ["type": "boolean", "description":
        "true: check the request (parameters, the key's budgets) and answer its estimate without making a task."])
    static let idempotencyKey: JSONValue = [
        "name": "Idempotency-Key", "in": "header", "required": false,
        "description": "1-255 characters. The same key with the same request answers with the task it made the first time; with another request it is a 409.",
        "schema": ["type": "string", "minLength": 1, "maxLength": 255],
    ]
    static let range: JSONValue = [
        "name": "Range", "in": "header", "required": false,
        "description": "One byte range (`bytes=0-99`, `bytes=100-`, `bytes=-100`); several ranges or another unit give the whole file.",
        "schema": ["type": "string"],
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
