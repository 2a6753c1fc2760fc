/// Every operation of the HTTP API, each written once (see `APIRoute`). Dialect routes are also
/// served under their dialect's prefix (`/ark`, `/openai`, ...), which `DialectID.prefix` gives.
public enum APIRoutes {
    // Seed A: anyfast and other new-api resellers.
    public static let anyfastCreate = APIRoute(.post, "/v1/video/generations", "anyfastCreateTask", .seedA, "Create a task (seed A)",
                                               request: "AnyFastCreateRequest", response: "AnyFastCreated", error: "NewAPIError")
    public static let anyfastQuery = APIRoute(.get, "/v1/video/generations/{task_id}", "anyfastGetTask", .seedA, "Query a task (seed A)",
                                              response: "AnyFastTask", error: "NewAPIError")
    // Seed 000, anyfast's earlier page of the same path, under a prefix of its own: the same
    // request, an older create answer.
    public static let anyfastV0Create = APIRoute(.post, "/anyfast-v0/v1/video/generations", "anyfastV0CreateTask", .seedA0,
                                                 "Create a task (seed 000)", request: "AnyFastCreateRequest",
                                                 response: "AnyFastV0Created", error: "NewAPIError")
    public static let anyfastV0Query = APIRoute(.get, "/anyfast-v0/v1/video/generations/{task_id}", "anyfastV0GetTask", .seedA0,
                                                "Query a task (seed 000)", response: "AnyFastTask", error: "NewAPIError")
    // Seeds B and C share the bare create path; the body says who answers it (SharedCreatePath).
    public static let toapisCreate = APIRoute(.post, "/v1/videos/generations", "toapisCreateTask", .seedB, "Create a task (seed B)",
                                              request: "ToAPIsCreateRequest", response: "ToAPIsTask", error: "ToAPIsError")
    public static let toapisQuery = APIRoute(.get, "/v1/videos/generations/{task_id}", "toapisGetTask", .seedB, "Query a task (seed B)",
                                             response: "ToAPIsTaskDetail", error: "ToAPIsError")
    public static let apimartCreate = APIRoute(.post, "/v1/videos/generations", "apimartCreateTask", .seedC, "Create a task (seed C)",
                                               request: "APIMartCreateRequest", response: "APIMartCreated", error: "APIMartError")
    public static let apimartQuery = APIRoute(.get, "/v1/tasks/{task_id}", "apimartGetTask", .seedC, "Query a task (seed C)",
                                              response: "APIMartTask", error: "APIMartError")
    // Seed D: unified v2 gateways.
    public static let unifiedCreate = APIRoute(.post, "/v2/videos/generations", "unifiedCreateTask", .seedD, "Create a task (seed D)",
                                               request: "UnifiedCreateRequest", response: "UnifiedCreated", error: "NewAPIError")
    public static let unifiedQuery = APIRoute(.get, "/v2/videos/generations/{task_id}", "unifiedGetTask", .seedD, "Query a task (seed D)",
                                              response: "UnifiedTask", error: "NewAPIError")
    // Volcengine Ark / BytePlus ModelArk, under what Ark's SDK calls its base URL.
    public static let arkBasePath = "/api/v3"
    public static let arkCreate = APIRoute(.post, arkBasePath + "/contents/generations/tasks", "arkCreateTask", .ark, "Create a task (Ark)",
                                           request: "ArkCreateRequest", response: "ArkCreated", error: "ArkError")
    public static let arkList = APIRoute(.get, arkBasePath + "/contents/generations/tasks", "arkListTasks", .ark, "List tasks (Ark)",
                                         response: "ArkTaskList", error: "ArkError")
    public static let arkQuery = APIRoute(.get, arkBasePath + "/contents/generations/tasks/{task_id}", "arkGetTask", .ark, "Query a task (Ark)",
                                          response: "ArkTask", error: "ArkError")
    public static let arkDelete = APIRoute(.delete, arkBasePath + "/contents/generations/tasks/{task_id}", "arkDeleteTask", .ark,
                                           "Cancel or delete a task (Ark)", error: "ArkError")
    // OpenAI videos.
    public static let openaiCreate = APIRoute(.post, "/v1/videos", "openaiCreateVideo", .openai, "Create a video (OpenAI)",
                                              request: "OpenAIVideoCreateRequest", response: "OpenAIVideo", error: "OpenAIError")
    public static let openaiList = APIRoute(.get, "/v1/videos", "openaiListVideos", .openai, "List videos (OpenAI)",
                                            response: "OpenAIVideoList", error: "OpenAIError")
    public static let openaiQuery = APIRoute(.get, "/v1/videos/{video_id}", "openaiGetVideo", .openai, "Retrieve a video (OpenAI)",
                                             response: "OpenAIVideo", error: "OpenAIError")
    public static let openaiDelete = APIRoute(.delete, "/v1/videos/{video_id}", "openaiDeleteVideo", .openai, "Delete a video (OpenAI)",
                                              response: "OpenAIVideoDeleted", error: "OpenAIError")
    public static let openaiContent = APIRoute(.get, "/v1/videos/{video_id}/content", "openaiVideoContent", .openai,
                                               "Download a video's content (OpenAI)", error: "OpenAIError")
    public static let openaiRemix = APIRoute(.post, "/v1/videos/{video_id}/remix", "openaiRemixVideo", .openai, "Remix a video (OpenAI)",
                                             request: "OpenAIVideoRemixRequest", response: "OpenAIVideo", error: "OpenAIError")
    // Assets, in the resellers' OpenAI-style error shape.
    public static let assetUpload = APIRoute(.post, "/v1/assets", "createAsset", .assets, "Upload an asset",
                                             response: "Asset", error: "OpenAIStyleError")
    public static let assetList = APIRoute(.get, "/v1/assets", "listAssets", .assets, "List assets",
                                           response: "AssetList", error: "OpenAIStyleError")
    public static let assetQuery = APIRoute(.get, "/v1/assets/{asset_id}", "getAsset", .assets, "Get an asset",
                                            response: "Asset", error: "OpenAIStyleError")
    public static let assetDelete = APIRoute(.delete, "/v1/assets/{asset_id}", "deleteAsset", .assets, "Delete an asset",
                                             response: "AssetDeleted", error: "OpenAIStyleError")
    // Result files behind signed links (served by middleware, not a handler).
    public static let file = APIRoute(.get, "/files/{task_id}/{name}", "getFile", .files, "Download a result file")
    // Admin, for REELAY_ADMIN_KEY.
    public static let adminListKeys = APIRoute(.get, "/admin/keys", "adminListKeys", .admin, "List API keys",
                                               response: "APIKeyList", error: "OpenAIStyleError")
    public static let adminCreateKey = APIRoute(.post, "/admin/keys", "adminCreateKey", .admin, "Create an API key",
                                                request: "APIKeyCreateRequest", response: "APIKeyCreated", error: "OpenAIStyleError")
    public static let adminUpdateKey = APIRoute(.patch, "/admin/keys/{key_id}", "adminUpdateKey", .admin, "Change a key's limits",
                                                request: "APIKeyLimitsRequest", response: "APIKey", error: "OpenAIStyleError")
    public static let adminRevokeKey = APIRoute(.delete, "/admin/keys/{key_id}", "adminRevokeKey", .admin, "Revoke an API key",
                                                response: "APIKeyRevoked", error: "OpenAIStyleError")
    public static let adminUsage = APIRoute(.get, "/admin/usage", "adminUsage", .admin, "Usage per key",
                                            response: "Usage", error: "OpenAIStyleError")
    public static let adminListTasks = APIRoute(.get, "/admin/tasks", "adminListTasks", .admin, "List every key's tasks",
                                                response: "AdminTaskList", error: "OpenAIStyleError")
    public static let adminGetTask = APIRoute(.get, "/admin/tasks/{task_id}", "adminGetTask", .admin, "A task with its request, timeline and cost",
                                              response: "AdminTaskDetail", error: "OpenAIStyleError")
    public static let adminCancelTask = APIRoute(.post, "/admin/tasks/{task_id}/cancel", "adminCancelTask", .admin, "Cancel any key's task",
                                                 response: "AdminTask", error: "OpenAIStyleError")
    public static let adminChannels = APIRoute(.get, "/admin/channels", "adminChannels", .admin, "Routing channels' health",
                                               response: "ChannelList", error: "OpenAIStyleError")
    // Operations.
    public static let healthz = APIRoute(.get, "/healthz", "healthz", .operations, "Liveness", response: "Health")
    public static let readyz = APIRoute(.get, "/readyz", "readyz", .operations, "Readiness", response: "Ready")
    public static let metrics = APIRoute(.get, "/metrics", "metrics", .operations, "Prometheus metrics")
    public static let upstreamCallback = APIRoute(.post, "/upstream/callback/{channel}", "upstreamCallback", .operations,
                                                  "An upstream's task callback", documented: false)
    // Web.
    public static let playground = APIRoute(.get, "/", "playground", .web, "The playground")
    public static let docs = APIRoute(.get, "/docs", "docs", .web, "This reference, rendered")
    public static let console = APIRoute(.get, "/console", "console", .web, "The operator console")
    public static let openAPI = APIRoute(.get, "/openapi.json", "openapi", .web, "This document")
    public static let models = APIRoute(.get, "/v1/models", "listModels", .web, "The model catalog", response: "ModelList")
    public static let webFile = APIRoute(.get, "/web/{file}", "webFile", .web, "The pages' styles and scripts", documented: false)

    public static let all: [APIRoute] = [
        anyfastCreate, anyfastQuery, anyfastV0Create, anyfastV0Query, toapisCreate, toapisQuery, apimartCreate, apimartQuery, unifiedCreate, unifiedQuery,
        arkCreate, arkList, arkQuery, arkDelete,
        openaiCreate, openaiList, openaiQuery, openaiDelete, openaiContent, openaiRemix,
        assetUpload, assetList, assetQuery, assetDelete, file,
        adminListKeys, adminCreateKey, adminUpdateKey, adminRevokeKey, adminUsage,
        adminListTasks, adminGetTask, adminCancelTask, adminChannels,
        healthz, readyz, metrics, upstreamCallback,
        playground, docs, console, openAPI, models, webFile,
    ]
}
