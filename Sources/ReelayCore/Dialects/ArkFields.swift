/// The top-level generation fields Ark defines, shared by the Ark dialect and seed A, which
/// forwards Ark's body unchanged.
enum ArkFields {
    static func apply(_ reader: JSONObjectReader, to request: inout GenerationRequest) throws(APIError) {
        func set<T>(_ value: T?, _ field: String, _ param: String, _ keyPath: WritableKeyPath<GenerationRequest, T?>) {
            guard let value else { return }
            request[keyPath: keyPath] = value
            request.paramNames[field] = param
        }
        set(try reader.string("resolution"), "resolution", "resolution", \.resolution)
        set(try reader.string("ratio"), "ratio", "ratio", \.ratio)
        set(try reader.int("duration"), "duration", "duration", \.duration)
        set(try reader.int("frames"), "frames", "frames", \.frames)
        set(try reader.int("seed"), "seed", "seed", \.seed)
        set(try reader.bool("generate_audio"), "generate_audio", "generate_audio", \.generateAudio)
        set(try reader.bool("watermark"), "watermark", "watermark", \.watermark)
        set(try reader.bool("camerafixed"), "camera_fixed", "camerafixed", \.cameraFixed)
        set(try reader.bool("camera_fixed"), "camera_fixed", "camera_fixed", \.cameraFixed)
        set(try reader.bool("return_last_frame"), "return_last_frame", "return_last_frame", \.returnLastFrame)
        set(try reader.bool("draft"), "draft", "draft", \.draft)
        if let callback = try reader.string("callback_url") { request.callbackURL = callback }
        if let tools = try reader.array("tools") {
            request.tools = try toolTypes(tools, param: reader.name("tools"))
        }
    }

    /// `[{"type": "web_search"}]` as `["web_search"]`.
    static func toolTypes(_ tools: [JSONValue], param: String) throws(APIError) -> [String] {
        var types: [String] = []
        for (index, tool) in tools.enumerated() {
            let entry = try JSONObjectReader(tool, path: "\(param)[\(index)]")
            types.append(try entry.requiredString("type"))
        }
        return types
    }
}
