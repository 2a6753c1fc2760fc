import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging

/// The blob store, the asset files and the result links the configuration asks for: the data
/// directory's folders (the default), or one bucket of an S3-compatible store with links served
/// through Reelay or presigned to the store.
struct BlobWiring {
    let blobs: any BlobStore
    let assets: any AssetFiles
    let links: any ResultLinking
    /// The bucket's HTTP client, closed with the other shared resources.
    private let client: HTTPClient?

    init(_ configuration: AppConfiguration, dataDirectory: URL, signer: LinkSigner, logger: Logger) throws {
        guard let settings = configuration.objectStorage else {
            blobs = try FileBlobStore(root: dataDirectory.appending(path: "files"), inputs: dataDirectory.appending(path: "inputs"))
            assets = try LocalAssetFiles(folder: dataDirectory.appending(path: "assets"))
            links = signer
            client = nil
            return
        }
        // A client of its own: proxied downloads and uploads must not queue behind media fetches
        // and callbacks (nor the other way round), and need more than 8 connections to one host.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .upstream)
        let store = try S3BlobStore(client: S3Client(bucket: settings.bucket, configuration: settings.s3, http: client),
                                    prefix: settings.prefix, scratch: dataDirectory.appending(path: "scratch"), logger: logger)
        blobs = store
        assets = S3AssetFiles(store: store)
        links = settings.links == .presigned ? PresignedLinks(store: store, lifetime: configuration.linkLifetime) : signer
        self.client = client
        logger.info("Results, inputs and assets are kept in object storage",
                    metadata: ["bucket": "\(settings.bucket)", "prefix": "\(settings.prefix)", "links": "\(settings.links.rawValue)"])
    }

    /// `/files/...` behind the signature check: the local folder with its range fix-up, or the
    /// bucket streamed through.
    func addFileRoutes(to router: Router<ReelayRequestContext>, logger: Logger) {
        if let local = blobs as? FileBlobStore {
            router.add(middleware: FileRangeMiddleware(blobs: local))
            router.add(middleware: FileMiddleware(local.root.path, urlBasePath: "/files", logger: logger))
        } else if let bucket = blobs as? S3BlobStore {
            router.add(middleware: BucketFileMiddleware(blobs: bucket))
        }
    }

    func close() async {
        try? await client?.shutdown()
    }
}
