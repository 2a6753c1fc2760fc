/// OpenAI's `size` ("WIDTHxHEIGHT"), read as an exact pixel size; `RequestValidator` decides
/// which resolution and ratio of the model render it, or refuses it.
extension OpenAIDialect {
    static func size(_ text: String) throws(APIError) -> Geometry.Size {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            throw .invalid("size", "size must be WIDTHxHEIGHT in pixels, such as 720x1280 or 1280x720, not '\(text)'.")
        }
        return Geometry.Size(width: width, height: height)
    }
}
