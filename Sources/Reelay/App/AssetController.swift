import Foundation
import Hummingbird
import ReelayCore

/// The asset API: upload an image, video or audio file once and name it in requests as
/// `asset://<id>`. `POST /v1/assets` takes a multipart form with a `file` part, or the raw bytes
/// as the body. Errors use the OpenAI-style body the resellers answer with.
struct AssetController: Sendable {
    let library: AssetLibrary
    let maxBodySize: Int
    /// Errors in the OpenAI-style body of the resellers.
    static let errors = OpenAIErrorBody()

    func register(on routes: RouterGroup<OwnerRequestContext>) {
        routes.on(APIRoutes.assetUpload) { request, context in
            let (bytes, contentType) = try await upload(request)
            let asset = try await library.add(bytes, contentType: contentType, caller: context.caller)
            return Response.json(Self.encode(asset))
        }
        routes.on(APIRoutes.assetList) { _, context in
            Response.json(["object": "list", "data": .array(try await library.list(owner: context.owner).map(Self.encode))])
        }
        routes.on(APIRoutes.assetQuery) { _, context in
            Response.json(Self.encode(try await library.asset(id: context.parameters.get("asset_id") ?? "", owner: context.owner)))
        }
        routes.on(APIRoutes.assetDelete) { _, context in
            let asset = try await library.asset(id: context.parameters.get("asset_id") ?? "", owner: context.owner)
            try await library.delete(asset)
            return Response.json(["id": .string(asset.id), "object": "asset.deleted", "deleted": true])
        }
    }

    /// The uploaded bytes and their declared type: the `file` part of a multipart form, or the whole body.
    private func upload(_ request: Request) async throws(APIError) -> ([UInt8], String?) {
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = OpenAIController.boundary(of: contentType) else {
                throw APIError(.invalidParameter, "The multipart body has no boundary.", param: "body")
            }
            let form = try await MultipartForm.parse(request, boundary: boundary, limit: maxBodySize)
            guard let file = form.file else { throw APIError(.missingParameter, "The form has no file part.", param: "file") }
            return (file.data, file.contentType)
        }
        let buffer = try await request.rawBody(limit: maxBodySize)
        guard buffer.readableBytes > 0 else { throw APIError(.missingParameter, "The upload is empty.", param: "file") }
        return (Array(buffer.readableBytesView), contentType.isEmpty ? nil : contentType)
    }

    static func encode(_ asset: Asset) -> JSONValue {
        ["id": .string(asset.id), "object": "asset", "url": .string(asset.url), "kind": .string(asset.kind.rawValue),
         "content_type": .string(asset.contentType), "bytes": .int(asset.bytes), "created_at": .int(asset.createdAt.unixSeconds)]
    }
}
