import Foundation

/// A task's price worked out: the usage counted, the list price and what the key is charged
/// (the list price times its markup). An estimate before the task runs, a cost once it has.
public struct PriceQuote: Sendable, Equatable {
    public var currency: String
    public var rate: PriceList.Rate
    public var source: String?
    public var tokens: Int
    public var seconds: Int
    public var markup: Double
    /// Before markup: what the price list says.
    public var list: Money
    /// After markup: what the key pays and its budget counts.
    public var charged: Money

    /// The answer of a dry run and the `estimate` the admin API shows.
    public var json: JSONValue {
        ["currency": .string(currency), "amount": .double(charged.decimal), "list_amount": .double(list.decimal),
         "markup": .double(markup), "unit": .string(rate.unit), "unit_price": .double(rate.price.decimal),
         "tokens": .int(tokens), "video_seconds": .int(seconds), "source": source.map(JSONValue.string) ?? .null]
    }
}

extension PriceList {
    /// What a task of this spec will cost at most, before it runs. Sizes and lengths the
    /// provider settles later are taken at their largest (an `adaptive` ratio as the widest
    /// frame at that resolution, `duration: -1` as the model's longest), so the estimate is an
    /// upper bound: the budget reserved at create always covers the final cost.
    /// `longestSeconds` is the model's longest duration from the catalog. Nil when unpriced.
    public func estimate(_ spec: RenderSpec, longestSeconds: Int, markup: Double? = nil) -> PriceQuote? {
        let seconds: Int
        if let frames = spec.frames {
            seconds = (frames + spec.fps - 1) / max(spec.fps, 1)
        } else {
            seconds = spec.duration > 0 ? spec.duration : longestSeconds
        }
        let pixels: Int
        if let width = spec.width, let height = spec.height {
            pixels = width * height
        } else {
            pixels = Geometry.ratios.compactMap { Geometry.size(family: spec.family, resolution: spec.resolution, ratio: $0) }
                .map { $0.width * $0.height }.max() ?? 1920 * 1088
        }
        let tokens = pixels * spec.fps * seconds / 1024
        return quote(PricedTask(spec), tokens: tokens, seconds: seconds, markup: markup)
    }

    /// What a finished task costs, from the usage recorded with its result (for upstream tasks,
    /// the upstream's own token count). Nil when unpriced.
    public func cost(_ spec: RenderSpec, result: TaskResult, markup: Double? = nil) -> PriceQuote? {
        var priced = PricedTask(spec)
        priced.audio = result.hasAudio || spec.generateAudio
        return quote(priced, tokens: result.tokens, seconds: result.duration, markup: markup)
    }

    /// The price of this usage for this task, with the key's markup (the list's default when nil).
    public func quote(_ task: PricedTask, tokens: Int, seconds: Int, markup: Double? = nil) -> PriceQuote? {
        guard let entry = entry(for: task) else { return nil }
        let factor = markup ?? self.markup
        let list = entry.rate.cost(tokens: tokens, seconds: seconds)
        return PriceQuote(currency: currency, rate: entry.rate, source: entry.source, tokens: tokens, seconds: seconds,
                          markup: factor, list: list, charged: list.marked(up: factor))
    }
}
