import Foundation
import Testing
@testable import ReelayCore

/// The price list: strict reading, the most specific price winning, costs from usage and
/// estimates that bound them, markups and budgets.
@Suite struct PricingTests {
    static let file = #"""
    {"currency": "USD", "markup": 1.5, "_note": "comments start with _",
     "prices": [
       {"model": "doubao-seedance-2.0", "resolution": "1080p", "per_second": 0.3, "source": "contract 7"},
       {"model": "doubao-seedance-2.0", "per_second": 0.15},
       {"model": "doubao-seedance-1-5-pro-251215", "audio": false, "per_million_tokens": 1.2},
       {"model": "doubao-seedance-1-5-pro-251215", "audio": true, "draft": true, "per_million_tokens": 0.5},
       {"model": "*", "per_million_tokens": 2}
     ]}
    """#

    func spec(_ model: String, resolution: String = "720p", duration: Int = 5, audio: Bool = false, draft: Bool = false,
              ratio: String = "16:9") throws -> RenderSpec {
        try validator.validate(request(model) {
            $0.resolution = resolution
            $0.duration = duration
            $0.generateAudio = audio
            $0.draft = draft
            $0.ratio = ratio
        }, dialect: .ark)
    }

    @Test func aFileIsReadStrictly() throws {
        let list = try PriceList.decode(Data(Self.file.utf8))
        #expect(list.currency == "USD" && list.markup == 1.5 && list.entries.count == 5)
        #expect(list.entries[0].rate == .perSecond(Money(micros: 300_000)) && list.entries[0].source == "contract 7")

        func refusal(_ text: String) -> String {
            do { _ = try PriceList.decode(Data(text.utf8)); return "" } catch { return error.description }
        }
        #expect(refusal(#"{"currency": "USD", "prices": [{"model": "x", "per_second": 1}, {"model": "y", "per_secnd": 1}]}"#)
            .contains("unknown field prices[1].per_secnd"))
        #expect(refusal(#"{"currency": "USD", "price": []}"#).contains("unknown field price"))
        #expect(refusal(#"{"currency": "USD", "prices": [{"model": "x"}]}"#).contains("prices[0] needs a price"))
        #expect(refusal(#"{"currency": "USD", "prices": [{"model": "x", "per_second": 1, "per_million_tokens": 2}]}"#).contains("both"))
        #expect(refusal(#"{"currency": "USD", "prices": [{"model": "x", "per_second": -1}]}"#).contains("prices[0].per_second"))
        #expect(refusal(#"{"currency": "USD", "prices": [{"model": "x", "per_second": 1, "audio": "yes"}]}"#).contains("prices[0].audio"))
        #expect(refusal(#"{"currency": "USD", "prices": [{"model": "x", "per_second": 1, "resolution": "4k"}]}"#).contains("prices[0].resolution"))
        #expect(refusal(#"{"prices": []}"#).contains("currency"))
        #expect(refusal(#"{"currency": "USD", "markup": 0, "prices": []}"#).contains("markup"))
    }

    @Test func theMostSpecificPriceWins() throws {
        let list = try PriceList.decode(Data(Self.file.utf8))
        #expect(list.entry(for: PricedTask(try spec(Models.v20, resolution: "1080p")))?.source == "contract 7")
        #expect(list.entry(for: PricedTask(try spec(Models.v20, resolution: "480p")))?.rate == .perSecond(Money(micros: 150_000)))
        #expect(list.entry(for: PricedTask(try spec(Models.pro15)))?.rate == .perMillionTokens(Money(micros: 1_200_000)))
        #expect(list.entry(for: PricedTask(try spec(Models.pro15, resolution: "480p", audio: true, draft: true)))?.rate == .perMillionTokens(Money(micros: 500_000)))
        // Audio on, no draft: neither 1.5 entry matches, so the catch-all does.
        #expect(list.entry(for: PricedTask(try spec(Models.pro15, audio: true)))?.model == "*")
        #expect(PriceList(currency: "USD", entries: []).entry(for: PricedTask(try spec(Models.v20))) == nil)
    }

    @Test func costsComeFromUsageWithTheMarkup() throws {
        let list = try PriceList.decode(Data(Self.file.utf8))
        let spec = try spec(Models.v20, duration: 5)
        let result = TaskResult(videoFile: "v.mp4", lastFrameFile: nil, width: 1280, height: 720, ratio: "16:9", duration: 5,
                                frames: 121, fps: 24, hasAudio: false, tokens: 108_000)
        let cost = try #require(list.cost(spec, result: result))
        #expect(cost.list == Money(micros: 750_000) && cost.charged == Money(micros: 1_125_000) && cost.seconds == 5)
        // A key's own markup replaces the list's.
        #expect(list.cost(spec, result: result, markup: 1)?.charged == Money(micros: 750_000))
        // Per million tokens, from the tokens the result carries (an upstream's own count), rounded up.
        #expect(PriceList.Rate.perMillionTokens(Money(micros: 1_200_000)).cost(tokens: 108_000, seconds: 0) == Money(micros: 129_600))
        #expect(PriceList.Rate.perMillionTokens(Money(micros: 1)).cost(tokens: 1, seconds: 0) == Money(micros: 1))
    }

    @Test func estimatesBoundTheCost() throws {
        let list = try PriceList.decode(Data(Self.file.utf8))
        let fixed = try #require(list.estimate(try spec(Models.pro15, duration: 5), longestSeconds: 12, markup: 1))
        // 1280x720, 24 fps, 5 s: the formula Ark counts by.
        #expect(fixed.tokens == 1280 * 720 * 24 * 5 / 1024 && fixed.seconds == 5)
        // The model chooses the length: its longest; the ratio is settled later: the widest frame.
        let open = try #require(list.estimate(try spec(Models.v20, duration: -1, ratio: "adaptive"), longestSeconds: 15))
        #expect(open.seconds == 15 && open.charged == Money(micros: 150_000 * 15).marked(up: 1.5))
    }

    @Test func budgetsNameTheOneOverrunAndWhatIsLeft() {
        let budget = SpendBudget(total: Money(micros: 10_000_000), daily: Money(micros: 2_000_000))
        let spent = SpendTotals(total: Money(micros: 3_000_000), today: Money(micros: 1_500_000))
        #expect(budget.overrun(by: Money(micros: 500_000), spent: spent) == nil)
        let over = budget.overrun(by: Money(micros: 600_000), spent: spent)
        #expect(over?.name == "daily" && over?.remaining == Money(micros: 500_000))
        #expect(budget.remaining(after: spent).total == Money(micros: 7_000_000))
        #expect(SpendBudget().overrun(by: Money(micros: 1 << 40), spent: spent) == nil)
    }

    @Test func moneyIsWrittenExactly() {
        #expect(Money(decimal: 0.1)?.micros == 100_000)
        #expect(Money(micros: 750_000).fixed == "0.750000" && Money(micros: 750_000).plain == "0.75")
        #expect(Money(micros: 12_000_000).plain == "12.00" && Money(micros: 125_000).plain == "0.125")
        #expect(Money(micros: 750_000).decimal == 0.75)
        #expect(Money(text: "abc") == nil && Money(decimal: -1) == nil)
    }
}
