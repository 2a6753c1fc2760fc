/// An exact pixel size (OpenAI's `size`) as the resolution and ratio a model renders it at.
extension RequestValidator {
    /// OpenAI's own video sizes, so that clients written for Sora work unchanged: 720x1280 and
    /// 1280x720 are 720p, Sora 2 Pro's larger 1024x1792 and 1792x1024 are 1080p, each at 9:16 or
    /// 16:9 as its orientation says. The video's `size` is the size rendered (1792x1024 gives 1920x1080).
    public static let openAISizes: [(size: Geometry.Size, resolution: String, ratio: String)] = [
        (Geometry.Size(width: 720, height: 1280), "720p", "9:16"),
        (Geometry.Size(width: 1280, height: 720), "720p", "16:9"),
        (Geometry.Size(width: 1024, height: 1792), "1080p", "9:16"),
        (Geometry.Size(width: 1792, height: 1024), "1080p", "16:9"),
    ]

    /// The request with its `size` turned into a resolution and ratio: a size the model renders
    /// exactly, or one of OpenAI's sizes at a resolution and ratio the model offers. Any other
    /// size is refused with every size the model takes, so that no size is made up.
    func resolvingSize(of request: GenerationRequest, _ model: ModelSpec) throws(APIError) -> GenerationRequest {
        guard let size = request.size else { return request }
        let accepted = Self.sizes(of: model)
        guard let match = accepted.first(where: { $0.size == size }) else {
            throw .invalid(request.param("size"),
                           "\(model.id) does not render \(size); choose \(Self.list(accepted.map(\.size.description))).")
        }
        var resolved = request
        resolved.resolution = match.resolution
        resolved.ratio = match.ratio
        return resolved
    }

    /// The sizes a model takes: those it renders, by resolution and then fixed ratio, followed by
    /// OpenAI's sizes it can stand in for.
    public static func sizes(of model: ModelSpec) -> [(size: Geometry.Size, resolution: String, ratio: String)] {
        var sizes: [(size: Geometry.Size, resolution: String, ratio: String)] = []
        for resolution in model.resolutions {
            for ratio in Geometry.ratios where model.ratios.contains(ratio) {
                if let size = Geometry.size(family: model.family, resolution: resolution, ratio: ratio) {
                    sizes.append((size, resolution, ratio))
                }
            }
        }
        for named in openAISizes where model.resolutions.contains(named.resolution) && model.ratios.contains(named.ratio)
            && !sizes.contains(where: { $0.size == named.size }) {
            sizes.append(named)
        }
        return sizes
    }
}
