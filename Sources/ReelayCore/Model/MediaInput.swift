/// One media item of a request: an image, video or audio clip by URL (http(s), `data:` or
/// `asset://`), with the role it plays. Every dialect maps its own fields onto this. Once a task
/// is accepted, its `data:` inputs are kept in the blob store and named `input://<task>/<file>`.
public struct MediaInput: Codable, Sendable, Equatable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case image, video, audio }

    public enum Role: String, Codable, Sendable, CaseIterable {
        case firstFrame = "first_frame"
        case lastFrame = "last_frame"
        case referenceImage = "reference_image"
        case referenceVideo = "reference_video"
        case referenceAudio = "reference_audio"

        /// The role in words, as a message reads it: "reference image", "reference images".
        public func noun(count: Int) -> String {
            let singular = switch self {
            case .firstFrame: "first frame"
            case .lastFrame: "last frame"
            case .referenceImage: "reference image"
            case .referenceVideo: "reference video"
            case .referenceAudio: "reference audio clip"
            }
            return count == 1 ? singular : singular + "s"
        }
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

    /// The task and file name of an input kept in the blob store, nil for any other URL.
    public var storedInput: (taskID: String, name: String)? {
        guard url.hasPrefix(Self.storedScheme) else { return nil }
        let parts = url.dropFirst(Self.storedScheme.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    public static let storedScheme = "input://"

    /// The URL of an input kept in the blob store.
    public static func storedURL(taskID: String, name: String) -> String { "\(storedScheme)\(taskID)/\(name)" }
}
