import Foundation

/// What video costs, per model (and per resolution, audio, draft where prices differ), in one
/// currency, per million tokens or per second of video: the operator's `REELAY_PRICES` file.
///
/// ```json
/// {
///   "currency": "USD",
///   "markup": 1.2,
///   "prices": [
///     {"model": "doubao-seedance-2.0", "resolution": "1080p", "per_second": 0.30, "source": "our contract"},
///     {"model": "doubao-seedance-2.0", "per_second": 0.15},
///     {"model": "doubao-seedance-1-5-pro-251215", "audio": false, "per_million_tokens": 1.2},
///     {"model": "*", "per_million_tokens": 2.0}
///   ]
/// }
/// ```
///
/// No provider page Reelay follows states a price, so none ships built in: every price is the
/// operator's. The most specific entry that matches a task wins (the one naming the most of
/// resolution, audio and draft; among equals, the first in the file); `*` matches every model.
public struct PriceList: Sendable, Equatable {
    /// An ISO 4217 code or any short name the operator bills in (`USD`, `CNY`, `credits`).
    public var currency: String
    /// The factor every price is multiplied by for a key that sets no markup of its own.
    public var markup: Double
    public var entries: [Entry]

    public init(currency: String, markup: Double = 1, entries: [Entry]) {
        self.currency = currency
        self.markup = markup
        self.entries = entries
    }

    /// One price: what it applies to (nil: any) and what it costs.
    public struct Entry: Sendable, Equatable {
        /// A catalog id or a name a caller uses for it, or `*`.
        public var model: String
        public var resolution: String?
        public var audio: Bool?
        public var draft: Bool?
        public var rate: Rate
        /// Where the price comes from (a contract, a provider's page), shown beside it.
        public var source: String?

        public init(model: String, resolution: String? = nil, audio: Bool? = nil, draft: Bool? = nil, rate: Rate,
                    source: String? = nil) {
            self.model = model
            self.resolution = resolution
            self.audio = audio
            self.draft = draft
            self.rate = rate
            self.source = source
        }

        /// How many of the optional conditions it names: the more, the more specific.
        var specificity: Int {
            (model == "*" ? 0 : 4) + [resolution != nil, audio != nil, draft != nil].filter { $0 }.count
        }

        func matches(_ task: PricedTask) -> Bool {
            (model == "*" || task.models.contains(model))
                && (resolution == nil || resolution == task.resolution)
                && (audio == nil || audio == task.audio)
                && (draft == nil || draft == task.draft)
        }
    }

    /// The unit a price counts.
    public enum Rate: Sendable, Equatable {
        case perMillionTokens(Money)
        case perSecond(Money)

        /// The price of this usage: tokens or whole seconds of video, as the rate counts.
        public func cost(tokens: Int, seconds: Int) -> Money {
            switch self {
            case .perSecond(let price): Money(micros: price.micros * max(seconds, 0))
            case .perMillionTokens(let price):
                // Rounded up to the micro: a fraction of a micro is never given away per task.
                Money(micros: (price.micros * max(tokens, 0) + 999_999) / 1_000_000)
            }
        }

        public var unit: String {
            switch self {
            case .perMillionTokens: "per_million_tokens"
            case .perSecond: "per_second"
            }
        }

        public var price: Money {
            switch self {
            case .perMillionTokens(let price), .perSecond(let price): price
            }
        }
    }

    /// The price that applies to a task; nil when no entry matches (the task is not priced).
    public func entry(for task: PricedTask) -> Entry? {
        var best: Entry?
        for entry in entries where entry.matches(task) {
            if best.map({ entry.specificity > $0.specificity }) ?? true { best = entry }
        }
        return best
    }
}

/// What of a task decides its price: the model (its catalog id and the name the caller used),
/// the resolution, audio and draft.
public struct PricedTask: Sendable, Equatable {
    public var models: Set<String>
    public var resolution: String
    public var audio: Bool
    public var draft: Bool

    public init(models: Set<String>, resolution: String, audio: Bool, draft: Bool) {
        self.models = models
        self.resolution = resolution
        self.audio = audio
        self.draft = draft
    }

    public init(_ spec: RenderSpec) {
        self.init(models: [spec.model, spec.requestedModel], resolution: spec.resolution, audio: spec.generateAudio, draft: spec.draft)
    }
}
