/// One media item of a request: an image, video or audio clip by URL (http(s), `data:` or
/// `asset://`), with the role it plays. Every dialect maps its own fields onto this.
public struct MediaInput: Codable, Sendable, Equatable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case image, video, audio }

    public enum Role: String, Codable, Sendable, CaseIterable {
        case firstFrame = "first_frame"
        case lastFrame = "last_frame"
        case referenceImage = "reference_image"
        case referenceVideo = "reference_video"
        case referenceAudio = "reference_audio"
    }

    public var kind: Kind
    public var url: String
    public var role: Role
    /// Where the caller put it (`content[1].image_url.url`, `image_urls[0]`), for error messages.
    public var param: String

    public init(kind: Kind, url: String, role: Role, param: String) {
        self.kind = kind
        self.url = url
        self.role = role
        self.param = param
    }

    public var isAsset: Bool { url.hasPrefix("asset://") }
}
