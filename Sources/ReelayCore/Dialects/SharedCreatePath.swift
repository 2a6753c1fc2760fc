/// toapis (seed B) and apimart (seed C) share `POST /v1/videos/generations`. A client written for
/// either page sends its own fields, so the body says which dialect it speaks; the configured
/// dialect (`REELAY_VIDEOS_DIALECT`) answers only bodies that fit both.
///
/// A field is a marker when only one of the two pages has it at the top level. `aspect_ratio` is
/// not one: toapis uses it, and apimart's comparison table gives it to 1.5 Pro. `image_urls`,
/// `image_with_roles`, `model`, `prompt` and `duration` belong to both.
public enum SharedCreatePath {
    /// Top-level fields only apimart's page has (`audio` is its 1.5 Pro spelling of generate_audio).
    public static let apimartFields = ["size", "resolution", "generate_audio", "audio", "seed", "return_last_frame",
                                       "tools", "video_urls", "audio_urls"]
    /// Top-level fields only toapis' page has (it puts resolution, audio, seed and the rest in here).
    public static let toapisFields = ["metadata"]

    /// The dialect a body at the shared path was written for. A body with fields of both is
    /// answered by `fallback`, and the first field that dialect cannot honour is refused by name:
    /// a field is never dropped silently.
    public static func dialect(of body: JSONValue, fallback: DialectID) throws(APIError) -> DialectID {
        guard case .object(let fields) = body else { return fallback }
        let present = { (names: [String]) in names.filter { fields[$0] != nil && fields[$0] != .null } }
        let apimart = present(apimartFields), toapis = present(toapisFields)
        switch (apimart.isEmpty, toapis.isEmpty) {
        case (false, true): return .apimart
        case (true, false): return .toapis
        case (true, true): return fallback
        case (false, false):
            let (foreign, owner, own) = fallback == .apimart ? (toapis[0], "toapis", "apimart") : (apimart[0], "apimart", "toapis")
            throw .invalid(foreign, "\(foreign) is a field of the \(owner) dialect, but this body also has fields only \(own) takes; "
                + "send one dialect's fields, or pick the dialect by its prefix (/\(owner)/v1/videos/generations).")
        }
    }
}
