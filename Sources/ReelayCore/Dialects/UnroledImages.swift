/// The roles of images a client sent without one: one rule for every dialect.
///
/// Beside reference material (a reference video, reference audio, or an image sent as a
/// reference) a role-less image is a reference image too. Frames cannot be combined with video
/// or audio, and a client adding a picture to a reference clip means it as a reference: seed
/// 001's image + audio and image + video mixes send the image without a role, and seed 003's
/// multi-modal cases 9 and 13 do the same. Otherwise the dialect's page decides by count
/// (`alone`): one image is a first frame in every dialect, two are a first and last frame where
/// the page says so, and so on.
public enum UnroledImages {
    /// One role for each of `urls`, the role-less images of a request whose other media are `beside`.
    public static func roles(_ urls: [String], beside: [MediaInput],
                             alone: ([String]) -> [MediaInput.Role]) -> [MediaInput.Role] {
        let references: Set<MediaInput.Role> = [.referenceImage, .referenceVideo, .referenceAudio]
        if beside.contains(where: { references.contains($0.role) }) {
            return Array(repeating: .referenceImage, count: urls.count)
        }
        return alone(urls)
    }

    /// Ark's count rule (content arrays and seed D's `images`): one image is the first frame, two
    /// are the first and last frame, three or more are reference images.
    public static func arkCount(_ urls: [String]) -> [MediaInput.Role] {
        switch urls.count {
        case 1: [.firstFrame]
        case 2: [.firstFrame, .lastFrame]
        default: Array(repeating: .referenceImage, count: urls.count)
        }
    }
}
