import ReelayCore

/// The component schemas: every request and response body of every dialect, written from the
/// codecs in `Sources/ReelayCore/Dialects` (their header comments say why each shape is so).
/// Response objects are closed (`additionalProperties: false`) so a drift between a codec and
/// this document fails the schemathesis run in `scripts/web-test`.
extension OpenAPIDocument {
    func schemas() -> [String: JSONValue] {
        var schemas: [String: JSONValue] = [:]
        schemas.merge(errorSchemas()) { _, new in new }
        schemas.merge(requestSchemas()) { _, new in new }
        schemas.merge(arkSchemas()) { _, new in new }
        schemas.merge(resellerSchemas()) { _, new in new }
        schemas.merge(openAISchemas()) { _, new in new }
        schemas.merge(serviceSchemas()) { _, new in new }
        return schemas
    }

    // MARK: - Errors

    private func errorSchemas() -> [String: JSONValue] {
        let openAIStyle = Schema.closed([
            "error": Schema.closed([
                "message": Schema.string("What went wrong, for people."),
                "type": Schema.enumeration(["invalid_request_error", "authentication_error", "permission_error",
                                            "rate_limit_error", "server_error"]),
                "param": Schema.described(Schema.nullableString, "The offending parameter as the caller wrote it (`content[1].image_url.url`), or null."),
                "code": Schema.string("A stable code.", examples: ["invalid_parameter", "missing_parameter", "invalid_api_key",
                                                                  "not_found", "rate_limit_exceeded"]),
            ]),
        ], "The OpenAI-style error body new-api resellers answer with.")
        let numbered = Schema.closed([
            "error": Schema.closed([
                "code": Schema.integer("The HTTP status."),
                "message": Schema.string("What went wrong, led by the parameter's name."),
                "type": Schema.string("The error's type.", examples: ["invalid_request", "invalid_request_error", "authentication_error"]),
                "param": Schema.string("The offending parameter as the caller wrote it."),
            ], optional: ["param"]),
        ])
        return [
            "OpenAIStyleError": openAIStyle,
            "NewAPIError": Schema.closed([
                "code": Schema.string("new-api's error code: invalid_request for a refused request, task_not_exist for an unknown task (or another key's, with HTTP 404).",
                                      examples: ["invalid_request", "task_not_exist", "invalid_api_key", "rate_limit_exceeded"]),
                "message": Schema.string("What went wrong, led by the parameter's name."),
                "data": Schema.null,
            ], "Seed A and seed D errors: new-api's task error body, with the HTTP status kept."),
            "ToAPIsError": Schema.described(numbered, "toapis' error body (`error.code` is the HTTP status)."),
            "APIMartError": Schema.described(numbered, "apimart's error body (`error.code` is the HTTP status; an exhausted quota is 402 `payment_required`)."),
            "ArkError": Schema.closed([
                "error": Schema.closed([
                    "code": Schema.string("Ark's error code.", examples: ["InvalidParameter", "MissingParameter", "AuthenticationError",
                                                                         "ResourceNotFound", "InvalidEndpointOrModel.NotFound", "Conflict"]),
                    "message": Schema.string("What went wrong, for people."),
                    "param": Schema.string("The offending parameter, or \"\"."),
                    "type": Schema.string("Named after the HTTP status.", examples: ["BadRequest", "Unauthorized", "NotFound", "Conflict"]),
                ]),
            ], "Volcengine Ark's error body. An unknown model is 404 InvalidEndpointOrModel.NotFound."),
            "OpenAIError": Schema.described(openAIStyle,
                                            "OpenAI's error body, with OpenAI's codes (missing_required_parameter, invalid_value, video_not_found)."),
            "FileLinkError": Schema.closed([
                "error": Schema.closed([
                    "message": Schema.string("What went wrong."),
                    "type": Schema.enumeration(["permission_error", "not_found_error"]),
                    "code": Schema.enumeration(["link_expired", "file_not_found"]),
                ]),
            ]),
        ]
    }

    // MARK: - Requests

    private var modelField: JSONValue {
        Schema.string("A model id or alias from `GET /v1/models` (case-insensitive).", examples: catalog.models.map(\.id))
    }

    private var ratioField: JSONValue {
        Schema.enumeration(Geometry.ratios + ModelSpec.imageRatios,
                           "Aspect ratio. `adaptive` follows the input image (16:9 without one); `keep_ratio` keeps the image's own ratio. Which ratios a model offers: `GET /v1/models`.")
    }

    private var resolutionField: JSONValue {
        Schema.enumeration(Geometry.resolutions, "Output resolution (which ones a model offers: `GET /v1/models`).")
    }

    private var seedField: JSONValue {
        Schema.integer("Random seed; -1 (or none) picks one.", minimum: -1, maximum: RequestValidator.seeds.upperBound)
    }

    private var durationField: JSONValue {
        Schema.integer("Seconds of video; -1 lets the model choose where it can. Ranges per model: `GET /v1/models`.", minimum: -1, maximum: 15)
    }

    private var toolsField: JSONValue {
        Schema.array(Schema.request(["type": Schema.enumeration(ModelSpec.knownTools)], required: ["type"]),
                     "Tools for text-to-video (`[{\"type\": \"web_search\"}]`), on models that offer them.")
    }

    /// Ark's top-level generation fields, which seed A and seed D read too.
    private var arkFields: [String: JSONValue] {
        [
            "model": modelField,
            "resolution": resolutionField,
            "ratio": ratioField,
            "duration": durationField,
            "frames": Schema.integer("Frames instead of duration (1.0 models only): 25+4n between 29 and 289, at 24 fps.", minimum: 29, maximum: 289),
            "seed": seedField,
            "generate_audio": Schema.boolean("Generate an audio track (models with audio only)."),
            "watermark": Schema.boolean("Add a watermark."),
            "camera_fixed": Schema.boolean("Keep the camera still."),
            "camerafixed": Schema.boolean("Ark's other spelling of camera_fixed."),
            "return_last_frame": Schema.boolean("Also return the video's last frame as a PNG."),
            "draft": Schema.boolean("A fast 480p draft (models with draft mode); render it at full quality later with a draft_task content item."),
            "callback_url": Schema.string("An http(s) URL that receives a POST of the task on every status change (signed with X-Reelay-Signature when the server has a webhook secret)."),
            "tools": toolsField,
        ]
    }

    private func requestSchemas() -> [String: JSONValue] {
        let url = Schema.string("An http(s) URL, a `data:` URI or an `asset://` id from `POST /v1/assets`.")
        let urlObject = Schema.request(["url": url], required: ["url"])
        let content = Schema.oneOf([
            Schema.request(["type": Schema.constant("text"), "text": Schema.string("The prompt; legacy commands such as `--rs 720p --dur 5` are understood and stripped.")],
                           required: ["type"]),
            Schema.request(["type": Schema.constant("image_url"), "image_url": urlObject,
                            "role": Schema.enumeration(["first_frame", "last_frame", "reference_image", "reference"],
                                                       "Without a role: one image is the first frame, two are first and last frame, more are reference images.")],
                           required: ["type", "image_url"]),
            Schema.request(["type": Schema.constant("video_url"), "video_url": urlObject,
                            "role": Schema.enumeration(["reference_video", "reference"])], required: ["type", "video_url"]),
            Schema.request(["type": Schema.constant("audio_url"), "audio_url": urlObject,
                            "role": Schema.enumeration(["reference_audio", "reference"])], required: ["type", "audio_url"]),
            Schema.request(["type": Schema.constant("draft_task"),
                            "draft_task": Schema.request(["id": Schema.string("The id of a succeeded draft task.")], required: ["id"])],
                           required: ["type", "draft_task"]),
        ], "One item of the content array.")
        var ark = arkFields
        ark["content"] = Schema.array(Schema.ref("ContentItem"), "The prompt and the media, in Ark's content array.")
        let anyFast = Schema.request(ark, required: ["model", "content"], "Seed A's create body: Ark's body, forwarded by new-api resellers.")
        ark["service_tier"] = Schema.enumeration(["default", "flex"], "Checked, then ignored: Reelay schedules every task alike.")
        ark["execution_expires_after"] = Schema.integer("Checked, then ignored.", minimum: 3600, maximum: 259_200)
        ark["priority"] = Schema.integer("Checked, then ignored.", minimum: 0, maximum: 9)
        let arkCreate = Schema.request(ark, required: ["model", "content"],
                                       "Ark's create body as its SDK sends it (null fields count as absent).")

        let imageRoles = Schema.array(Schema.request([
            "url": url,
            "role": Schema.enumeration(["first_frame", "last_frame", "reference_image", "reference"]),
        ], required: ["url", "role"]), "Images with explicit roles; cannot be combined with image_urls.")
        let toapis = Schema.request([
            "model": modelField,
            "prompt": Schema.string("The prompt."),
            "duration": durationField,
            "aspect_ratio": ratioField,
            "metadata": Schema.request([
                "resolution": resolutionField,
                "audio": Schema.boolean("Generate an audio track."),
                "seed": seedField,
                "watermark": Schema.boolean("Add a watermark."),
                "return_last_frame": Schema.boolean("Also return the last frame."),
                "camera_fixed": Schema.boolean("Keep the camera still."),
                "camerafixed": Schema.boolean("Other spelling of camera_fixed."),
            ], "Extended parameters."),
            "image_urls": Schema.array(url, "1 = first frame, 2 = first and last frame, 3+ = first, last and reference images."),
            "image_with_roles": imageRoles,
        ], required: ["model", "prompt"], "Seed B (toapis).")
        let apimart = Schema.request([
            "model": modelField,
            "prompt": Schema.string("The prompt."),
            "duration": durationField,
            "size": ratioField,
            "resolution": resolutionField,
            "seed": seedField,
            "generate_audio": Schema.boolean("Generate an audio track."),
            "return_last_frame": Schema.boolean("Also return the last frame."),
            "tools": toolsField,
            "image_urls": Schema.array(url, "One ordinary image alone is the first frame; otherwise reference images.", maxItems: 9),
            "image_with_roles": imageRoles,
            "video_urls": Schema.array(url, "Reference videos.", maxItems: 3),
            "audio_urls": Schema.array(url, "Reference audio (needs an image or video beside it).", maxItems: 3),
        ], required: ["model"], "Seed C (apimart).")
        var unifiedFields = arkFields
        unifiedFields["prompt"] = Schema.string("The prompt.")
        unifiedFields["images"] = Schema.array(url, "1 = first frame, 2 = first and last frame, 3+ = reference images.")
        let unified = Schema.request(unifiedFields, required: ["model", "prompt"], "Seed D (unified v2 gateways).")

        let openAIFields: [String: JSONValue] = [
            "prompt": Schema.string("The prompt."),
            "model": Schema.string("A Seedance model; `sora-2*` (and none) mean doubao-seedance-2.0.",
                                   examples: ["sora-2", "doubao-seedance-2.0"]),
            "seconds": Schema.anyOf([Schema.string("Seconds, as the SDK sends them.", examples: ["4", "8"]), Schema.integer],
                                    "Seconds of video (any the model offers)."),
            "size": Schema.string("WIDTHxHEIGHT: a size the model renders (`GET /v1/models`), or OpenAI's 720x1280, 1280x720 (720p), 1024x1792, 1792x1024 (1080p). Any other is a 400 listing the sizes the model takes.",
                                  examples: ["720x1280", "1280x720"]),
        ]
        var openAIJSON = openAIFields
        openAIJSON["input_reference"] = Schema.anyOf([
            Schema.string("An image URL (http(s) or data:)."),
            Schema.request(["image_url": Schema.string("An image URL.")], required: ["image_url"]),
            Schema.request(["file_id": Schema.string("Refused: there is no Files API here.")], required: ["file_id"]),
        ], "The first frame.")
        var openAIForm = openAIFields
        openAIForm["input_reference"] = ["type": "string", "format": "binary",
                                         "description": "The first frame: an uploaded JPEG, PNG or WebP image, or an image URL as text."]
        return [
            "ContentItem": content,
            "AnyFastCreateRequest": anyFast,
            "ArkCreateRequest": arkCreate,
            "ToAPIsCreateRequest": toapis,
            "APIMartCreateRequest": apimart,
            "UnifiedCreateRequest": unified,
            "OpenAIVideoCreateRequest": Schema.request(openAIJSON, required: ["prompt"]),
            "OpenAIVideoCreateForm": Schema.request(openAIForm, required: ["prompt"]),
            "OpenAIVideoRemixRequest": Schema.request(["prompt": Schema.string("The new prompt.")], required: ["prompt"]),
        ]
    }

    /// `ReelayFields.provider`, an optional property of every dialect's task object.
    private static let reelayProvider = Schema.string(
        "Reelay's own field, beside the dialect's (its clients may ignore it): who made the video. `local` is Reelay's embedded renderer, which makes placeholder videos (not Seedance output); any other value is the name of the routing channel that sent the task upstream. Absent until known.",
        examples: ["local"])

    // MARK: - Ark and seed A

    private func arkSchemas() -> [String: JSONValue] {
        let arkStatus = Schema.enumeration(TaskStatus.allCases.map(ArkTaskObject.status))
        let failure = Schema.closed(["code": Schema.string, "message": Schema.string])
        let task = Schema.closed([
            "id": Schema.string("Task id (`cgt-...`)."),
            "model": Schema.string("The model as the caller named it."),
            "status": arkStatus,
            "error": Schema.described(Schema.nullable(failure), "Why the task failed, was cancelled or expired; null otherwise."),
            "created_at": Schema.time,
            "updated_at": Schema.time,
            "seed": Schema.integer,
            "resolution": Schema.string,
            "ratio": Schema.string("The rendered ratio once known (adaptive settles to one)."),
            "framespersecond": Schema.integer,
            "generate_audio": Schema.boolean,
            "draft": Schema.boolean,
            "camera_fixed": Schema.boolean,
            "watermark": Schema.boolean,
            "service_tier": Schema.constant("default"),
            "execution_expires_after": Schema.integer,
            "draft_task_id": Schema.string("The draft this task renders at full quality."),
            "tools": Schema.array(Schema.closed(["type": Schema.string])),
            "frames": Schema.integer("Frames of the video (24 x duration, +1 on 1.5 pro and 2.0; as asked on 1.0 when the request gave frames); absent while the model chooses the length."),
            "duration": Schema.integer("Seconds (-1: the model chooses)."),
            "content": Schema.closed([
                "video_url": Schema.described(Schema.nullableString, "Signed link to the MP4 (expires; query again for a fresh one)."),
                "last_frame_url": Schema.string("Signed link to the last frame (PNG), when asked for."),
            ], optional: ["last_frame_url"], "On success only."),
            "usage": Schema.closed(["completion_tokens": Schema.integer, "total_tokens": Schema.integer], "On success only."),
            ReelayFields.provider: Self.reelayProvider,
        ], optional: ["draft_task_id", "tools", "frames", "duration", "content", "usage", ReelayFields.provider], "Ark's task object.")
        let anyFastStatus = Schema.enumeration(["QUEUED", "IN_PROGRESS", "SUCCESS", "FAILURE"])
        let percent: JSONValue = ["type": "string", "pattern": "^[0-9]{1,3}%$", "description": "Progress as `NN%`."]
        return [
            "ArkTask": task,
            "ArkCreated": Schema.closed(["id": Schema.string("The new task's id.")]),
            "ArkTaskList": Schema.closed(["items": Schema.array(Schema.ref("ArkTask")),
                                          "total": Schema.integer("How many tasks match the filter in all.")]),
            "AnyFastCreated": Schema.closed([
                "id": Schema.string, "task_id": Schema.string, "object": Schema.constant("video"), "model": Schema.string,
                "status": Schema.constant(""), "progress": Schema.constant(0), "created_at": Schema.time,
            ], "Seed 001's create answer."),
            "AnyFastV0Created": Schema.closed([
                "id": Schema.string, "status": Schema.constant("submitted"),
                "created_at": Schema.string("When the task was created, ISO 8601.", examples: ["2024-01-01T00:00:00Z"]),
            ], "Seed 000's create answer."),
            "AnyFastTask": Schema.closed([
                "code": Schema.constant("success"),
                "message": Schema.constant(""),
                "data": Schema.closed([
                    "task_id": Schema.string,
                    "action": Schema.constant("generate"),
                    "status": anyFastStatus,
                    "fail_reason": Schema.string,
                    "submit_time": Schema.time,
                    "start_time": Schema.integer("Unix seconds; 0 until it starts."),
                    "finish_time": Schema.integer("Unix seconds; 0 until it ends."),
                    "progress": percent,
                    "result_url": Schema.string("Signed link to the MP4, on success."),
                    "data": Schema.ref("ArkTask"),
                    ReelayFields.provider: Self.reelayProvider,
                ], optional: ["result_url", ReelayFields.provider]),
            ], "new-api's envelope with the Ark task under data.data (the last frame at data.data.content.last_frame_url)."),
            "UnifiedCreated": Schema.closed(["task_id": Schema.string]),
            "UnifiedTask": Schema.closed([
                "task_id": Schema.string,
                "platform": Schema.constant("seedance"),
                "action": Schema.constant("generate"),
                "status": anyFastStatus,
                "fail_reason": Schema.string,
                "submit_time": Schema.time,
                "start_time": Schema.integer("0 until it starts."),
                "finish_time": Schema.integer("0 until it ends."),
                "progress": percent,
                "data": Schema.closed([
                    "output": Schema.string("The video link, or \"\" until there is one."),
                    "outputs": Schema.array(Schema.string),
                    "last_frame_url": Schema.string,
                ], optional: ["last_frame_url"]),
                ReelayFields.provider: Self.reelayProvider,
            ], optional: [ReelayFields.provider]),
        ]
    }

    // MARK: - Seeds B and C

    private func resellerSchemas() -> [String: JSONValue] {
        let toapisCommon: [String: JSONValue] = [
            "id": Schema.string,
            "object": Schema.constant("generation.task"),
            "model": Schema.string,
            "status": Schema.enumeration(["queued", "in_progress", "completed", "failed"]),
            "progress": Schema.integer("0-100.", minimum: 0, maximum: 100),
            "created_at": Schema.time,
            "metadata": Schema.emptyObject,
            ReelayFields.provider: Self.reelayProvider,
        ]
        var toapisTask = toapisCommon
        toapisTask["completed_at"] = Schema.nullableTime
        toapisTask["expires_at"] = Schema.described(Schema.nullableTime, "When the result links expire; null until there is a video.")
        toapisTask["result"] = Schema.closed([
            "type": Schema.constant("video"),
            "data": Schema.array(Schema.closed(["url": Schema.string, "format": Schema.constant("mp4")])),
            "last_frame_url": Schema.string,
        ], optional: ["last_frame_url"], "On success only.")
        toapisTask["error"] = Schema.closed(["code": Schema.constant("generation_failed"), "message": Schema.string], "On failure only.")
        let apimartStatus = Schema.enumeration(["submitted", "processing", "completed", "failed", "cancelled"])
        return [
            "ToAPIsTask": Schema.closed(toapisCommon, optional: [ReelayFields.provider], "toapis' create answer."),
            "ToAPIsTaskDetail": Schema.closed(toapisTask, optional: ["result", "error", ReelayFields.provider]),
            "APIMartCreated": Schema.closed([
                "code": Schema.constant(200),
                "data": ["type": "array", "minItems": 1, "maxItems": 1,
                         "items": Schema.closed(["status": apimartStatus, "task_id": Schema.string])],
            ]),
            "APIMartTask": Schema.closed([
                "code": Schema.constant(200),
                "data": Schema.closed([
                    "id": Schema.string,
                    "status": apimartStatus,
                    "progress": Schema.integer("0-100.", minimum: 0, maximum: 100),
                    "created": Schema.time,
                    "estimated_time": Schema.integer("Rough render time in seconds."),
                    "completed": Schema.time,
                    "actual_time": Schema.integer("Seconds from start to end."),
                    "result": Schema.closed([
                        "videos": Schema.array(Schema.closed(["url": Schema.array(Schema.string), "expires_at": Schema.nullableTime])),
                        "images": Schema.array(Schema.closed(["url": Schema.array(Schema.string)]), "The last frame, when asked for."),
                    ], optional: ["images"], "On success only."),
                    "error": Schema.closed(["code": Schema.string, "message": Schema.string,
                                            "type": Schema.enumeration(["failed", "cancelled", "expired"])],
                                           "On failure or cancellation."),
                    ReelayFields.provider: Self.reelayProvider,
                ], optional: ["completed", "actual_time", "result", "error", ReelayFields.provider]),
            ]),
        ]
    }

    // MARK: - OpenAI

    private func openAISchemas() -> [String: JSONValue] {
        [
            "OpenAIVideo": Schema.closed([
                "id": Schema.string,
                "object": Schema.constant("video"),
                "created_at": Schema.time,
                "completed_at": Schema.nullableTime,
                "expires_at": Schema.nullableTime,
                "model": Schema.string,
                "progress": Schema.integer("0-100.", minimum: 0, maximum: 100),
                "prompt": Schema.string,
                "remixed_from_video_id": Schema.described(Schema.nullableString, "The video this one remixes."),
                "seconds": Schema.string("Seconds, as a string."),
                "size": Schema.string("WIDTHxHEIGHT."),
                "status": Schema.enumeration(["queued", "in_progress", "completed", "failed"]),
                "error": Schema.nullable(Schema.closed(["code": Schema.string, "message": Schema.string])),
                ReelayFields.provider: Self.reelayProvider,
            ], optional: [ReelayFields.provider], "The OpenAI SDK's Video object."),
            "OpenAIVideoList": Schema.closed([
                "object": Schema.constant("list"),
                "data": Schema.array(Schema.ref("OpenAIVideo")),
                "first_id": Schema.nullableString,
                "last_id": Schema.nullableString,
                "has_more": Schema.boolean,
            ]),
            "OpenAIVideoDeleted": Schema.closed(["id": Schema.string, "object": Schema.constant("video.deleted"), "deleted": Schema.constant(true)]),
        ]
    }

    // MARK: - Assets, admin, operations, models

    private func serviceSchemas() -> [String: JSONValue] {
        let asset = Schema.closed([
            "id": Schema.string,
            "object": Schema.constant("asset"),
            "url": Schema.string("Name it in requests as this `asset://` URL."),
            "kind": Schema.enumeration(MediaInput.Kind.allCases.map(\.rawValue)),
            "content_type": Schema.string,
            "bytes": Schema.integer,
            "created_at": Schema.time,
        ])
        var keyFields: [String: JSONValue] = [
            "id": Schema.string,
            "object": Schema.constant("api_key"),
            "name": Schema.string,
            "created_at": Schema.time,
            "revoked_at": Schema.nullableTime,
        ]
        keyFields["limits"] = Schema.ref("KeyLimits")
        keyFields["effective_limits"] = Schema.ref("KeyLimits")
        let amount = Schema.nullable(["type": "number", "minimum": 0])
        keyFields["budget"] = Schema.closed(["total": amount, "daily": amount, "monthly": amount,
                                             "markup": Schema.nullable(["type": "number", "exclusiveMinimum": 0])],
                                            "Budgets in the price list's currency (null: none) and the key's markup (null: the price list's).")
        keyFields["spend"] = Schema.closed([
            "currency": Schema.nullable(Schema.string), "total": Schema.number, "today": Schema.number, "month": Schema.number,
            "reserved": Schema.number,
            "remaining": Schema.closed(["total": amount, "daily": amount, "monthly": amount]),
        ], "Spent (settled costs plus reservations of unfinished tasks) in all, this UTC day and month; what is left of each budget.")
        let limit = Schema.nullable(["type": "integer", "minimum": 0])
        let limitFields: [String: JSONValue] = ["max_queued": limit, "max_storage_bytes": limit,
                                                "requests_per_minute": limit, "daily_video_seconds": limit]
        var budgetFields: [String: JSONValue] = ["budget_total": amount, "budget_daily": amount, "budget_monthly": amount,
                                                 "markup": Schema.nullable(["type": "number", "exclusiveMinimum": 0])]
        budgetFields.merge(limitFields) { first, _ in first }
        var createKey = budgetFields
        createKey["name"] = Schema.string("A name for people.")
        var created = keyFields
        created["secret"] = Schema.string("The key itself, shown only in this answer.")
        let range = Schema.closed(["min": Schema.integer, "max": Schema.integer, "step": Schema.integer])
        let rules: [String: JSONValue] = [
            "durations": range,
            "auto_duration": Schema.boolean("Whether duration -1 (the model chooses) is accepted."),
            "resolutions": Schema.array(Schema.string),
            "ratios": Schema.array(Schema.string),
            "audio": Schema.boolean("Whether it can generate audio."),
            "media": Schema.closed([
                "first_frame": Schema.boolean, "last_frame": Schema.boolean, "requires_image": Schema.boolean,
                "reference_images": Schema.integer("Most reference images (0 = none)."), "reference_videos": Schema.integer,
                "reference_audio": Schema.integer, "frames_with_reference_images": Schema.boolean,
                "reference_resolutions": Schema.nullable(Schema.array(Schema.string)),
            ]),
            "prompt_required": Schema.boolean("Whether a prompt is required even beside images or videos."),
            "random_seed": Schema.boolean("Whether seed -1 (a random seed) is accepted."),
            "defaults": Schema.closed(["resolution": Schema.string, "ratio": Schema.string, "duration": Schema.integer,
                                       "generate_audio": Schema.boolean, "watermark": Schema.boolean]),
        ]
        var model = rules
        model["id"] = Schema.string
        model["object"] = Schema.constant("model")
        model["created"] = Schema.integer
        model["owned_by"] = Schema.string
        model["aliases"] = Schema.array(Schema.string)
        model["family"] = Schema.enumeration(GeometryFamily.allCases.map(\.rawValue))
        model["summary"] = Schema.string
        model["frames"] = Schema.nullable(range)
        model["assets"] = Schema.boolean("Whether asset:// inputs are accepted.")
        model["draft"] = Schema.boolean("Whether draft mode exists.")
        model["tools"] = Schema.array(Schema.string)
        model["prompt_limit"] = Schema.integer("The most characters a prompt may have.")
        model["sizes"] = ["type": "object", "description": "Output WIDTHxHEIGHT by resolution, then fixed ratio.",
                          "additionalProperties": ["type": "object", "additionalProperties": Schema.string]]
        model["dialects"] = ["type": "object", "description": "The rules as a dialect's provider documents them, where they differ.",
                             "additionalProperties": Schema.closed(rules)]
        model["sources"] = ["type": "object", "description": "Where each rule comes from.", "additionalProperties": Schema.string]
        return [
            "Asset": asset,
            "AssetList": Schema.closed(["object": Schema.constant("list"), "data": Schema.array(Schema.ref("Asset"))]),
            "AssetDeleted": Schema.closed(["id": Schema.string, "object": Schema.constant("asset.deleted"), "deleted": Schema.constant(true)]),
            "APIKey": Schema.closed(keyFields),
            "APIKeyCreated": Schema.closed(created),
            "APIKeyList": Schema.closed(["object": Schema.constant("list"), "data": Schema.array(Schema.ref("APIKey"))]),
            "APIKeyRevoked": Schema.closed(["id": Schema.string, "revoked": Schema.constant(true)]),
            "KeyLimits": Schema.closed(limitFields, "Per limit: a whole number, 0 for none, or null for the server's default (in `limits`; in `effective_limits` null means none)."),
            "APIKeyCreateRequest": Schema.request(createKey, required: ["name"], "The limits are optional: a number, 0 for none, null for the default."),
            "APIKeyLimitsRequest": Schema.request(budgetFields.merging(["name": Schema.string("A new name for people (not empty).")]) { first, _ in first },
                                                  "`name` renames the key. A number sets a limit, 0 lifts it, null returns it to the default; a limit left out keeps its value. Budgets: an amount sets one, null lifts it."),
            "Usage": Schema.closed([
                "object": Schema.constant("list"),
                "since": Schema.time,
                "data": Schema.array(Schema.closed(["owner": Schema.string, "active_tasks": Schema.integer,
                                                    "tasks": Schema.integer, "video_seconds": Schema.integer,
                                                    "stored_bytes": Schema.integer("Assets and inline media kept."),
                                                    "cost": Schema.number])),
                "currency": Schema.nullable(Schema.string),
                "daily": Schema.array(Schema.closed(["day": Schema.string, "owner": Schema.string, "model": Schema.string,
                                                     "tasks": Schema.integer, "tokens": Schema.integer, "video_seconds": Schema.integer,
                                                     "cost": Schema.number, "list_cost": Schema.number])),
            ]),
            "Estimate": Schema.closed([
                "object": Schema.constant("estimate"), "dry_run": Schema.constant(true), "model": Schema.string,
                "resolution": Schema.string, "duration": Schema.integer, "generate_audio": Schema.boolean, "draft": Schema.boolean,
                "estimate": Schema.nullable(Schema.closed([
                    "currency": Schema.string, "amount": Schema.number, "list_amount": Schema.number, "markup": Schema.number,
                    "unit": Schema.enumeration(["per_million_tokens", "per_second"]), "unit_price": Schema.number,
                    "tokens": Schema.integer, "video_seconds": Schema.integer, "source": Schema.nullable(Schema.string),
                ])),
                "budget_remaining": Schema.closed(["total": amount, "daily": amount, "monthly": amount]),
            ], "A `?dry_run=true` create's answer: the most the task would cost (null without a price) and the key's budgets left."),
            "Health": Schema.closed(["status": Schema.constant("ok")]),
            "Ready": Schema.closed(["status": Schema.constant("ready"), "queued": Schema.integer, "running": Schema.integer]),
            "NotReady": Schema.closed(["status": Schema.constant("unavailable"), "error": Schema.string]),
            "Model": Schema.closed(model, "A catalog model with its rules (top level: Ark's)."),
            "ModelList": Schema.closed(["object": Schema.constant("list"), "data": Schema.array(Schema.ref("Model"))]),
        ]
    }
}
