import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import ReelayCore

/// OpenAI's video routes: create (JSON or multipart with an `input_reference` upload), retrieve,
/// list, delete, content download and remix. Answers carry `openai-poll-after-ms`, which the
/// SDK's poller honours.
struct OpenAIController: Sendable {
    let dialect = OpenAIDialect()
    let service: TaskService
    let previews: PreviewMaker
    let maxBodySize: Int

    static let pollHeaders: HTTPFields = [HTTPField.Name("openai-poll-after-ms")!: String(OpenAIDialect.pollAfterMilliseconds)]

    func register(on routes: RouterGroup<OwnerRequestContext>) {
        routes.on(APIRoutes.openaiCreate) { request, context in
            let decoded = try await decodeCreate(request)
            if try TaskService.isDryRun(request) {
                return Response.json(try await service.dryRun(decoded, caller: context.caller, dialect: .openai))
            }
            let task = try await service.create(decoded, caller: context.caller, dialect: .openai,
                                                idempotencyKey: request.headers[.idempotencyKey])
            var headers = Self.pollHeaders
            headers.append(contentsOf: await service.estimateHeaders(task))
            return Response.json(dialect.createResponse(service.view(task)), headers: headers)
        }
        routes.on(APIRoutes.openaiList) { request, context in
            let query = try dialect.listQuery(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            let page = try await service.list(owner: context.owner, query: query)
            return Response.json(dialect.listResponse(page.tasks.map(service.view), hasMore: page.hasMore))
        }
        routes.on(APIRoutes.openaiQuery) { _, context in
            let task = try await ownedTask(context)
            return Response.json(dialect.taskResponse(service.view(task)), headers: Self.pollHeaders)
        }
        routes.on(APIRoutes.openaiDelete) { _, context in
            let task = try await ownedTask(context)
            // Deleting an unfinished video cancels it first, so its worker stops.
            if !task.status.isTerminal { _ = try await service.cancel(task, from: [.queued, .running]) }
            try await service.delete(task)
            return Response.json(dialect.deletedResponse(id: task.id))
        }
        routes.on(APIRoutes.openaiContent) { request, context in
            try await content(request, context)
        }
        routes.on(APIRoutes.openaiRemix) { request, context in
            let original = try await ownedTask(context)
            let body = try await request.jsonBody(limit: maxBodySize)
            let task = try await service.create(try dialect.decodeRemix(body, original: original), caller: context.caller,
                                                dialect: .openai, idempotencyKey: request.headers[.idempotencyKey])
            return Response.json(dialect.createResponse(service.view(task)), headers: Self.pollHeaders)
        }
    }

    private func ownedTask(_ context: OwnerRequestContext) async throws(APIError) -> GenerationTask {
        try await service.task(id: context.parameters.get("video_id") ?? "", owner: context.owner)
    }

    /// `GET /v1/videos/{id}/content?variant=video|thumbnail|spritesheet`: the bytes themselves,
    /// or the one range a `Range` header asks for.
    private func content(_ request: Request, _ context: OwnerRequestContext) async throws(APIError) -> Response {
        let task = try await ownedTask(context)
        let variant = request.uri.queryParameters["variant"].map(String.init) ?? "video"
        guard task.status == .succeeded, let result = task.result else {
            throw APIError(.invalidParameter, "Video \(task.id) is not completed; its content is not available yet.", param: "video_id")
        }
        let file: URL?
        let contentType: String
        switch variant {
        case "video":
            file = (try? await service.blobs.file(taskID: task.id, name: result.videoFile)) ?? nil
            contentType = "video/mp4"
        case "thumbnail", "spritesheet":
            do {
                file = try await previews.preview(PreviewMaker.Variant(rawValue: variant)!, of: task)
            } catch {
                throw APIError(.internalError, "The \(variant) could not be made.")
            }
            contentType = "image/jpeg"
        default:
            throw APIError.invalid("variant", "Unknown variant '\(variant)'; expected video, thumbnail or spritesheet.")
        }
        guard let file, let size = try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int else {
            throw APIError(.notFound, "The content of video \(task.id) no longer exists.", param: "video_id")
        }
        do {
            return try await RangedFile(path: file.path, size: size, contentType: contentType).response(to: request, context: context)
        } catch {
            throw APIError(.internalError, "The content could not be read.")
        }
    }

    /// A JSON body, or a multipart form whose `input_reference` part may be an uploaded image.
    private func decodeCreate(_ request: Request) async throws(APIError) -> GenerationRequest {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data") else {
            return try dialect.decodeCreate(try await request.jsonBody(limit: maxBodySize))
        }
        guard let boundary = Self.boundary(of: contentType) else {
            throw APIError(.invalidParameter, "The multipart body has no boundary.", param: "body")
        }
        let form = try await MultipartForm.parse(request, boundary: boundary, limit: maxBodySize)
        return try dialect.decodeForm(fields: form.fields, file: form.file)
    }

    static func boundary(of contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
