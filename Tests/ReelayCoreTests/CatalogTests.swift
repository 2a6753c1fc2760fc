import Foundation
import Testing
@testable import ReelayCore

@Suite struct CatalogTests {
    @Test func coversEveryModelOfTheSeedsWithItsAliases() {
        let names = [
            Models.liteT2V, Models.liteI2V, Models.pro10, "doubao-seedance-1-0-pro", Models.pro15, "doubao-seedance-1-5-pro",
            Models.v20, "doubao-seedance-2-0-260128", Models.fast20, Models.face20, Models.fastFace20, Models.seedanceFast,
        ]
        for name in names { #expect(catalog.model(named: name) != nil, "\(name)") }
        #expect(catalog.model(named: "doubao-seedance-1-0-pro")?.id == Models.pro10)
        #expect(catalog.model(named: "doubao-seedance-1-5-pro")?.id == Models.pro15)
        #expect(catalog.model(named: "Doubao-Seedance-2-0-260128")?.id == Models.v20)
        #expect(catalog.model(named: "doubao-seedance-3.0") == nil)
        // Seed 002's table names a "1.0 fast" beside 1.0 pro ("quality").
        #expect(catalog.model(named: "doubao-seedance-1-0-fast")?.id == "doubao-seedance-1-0-pro-fast-251015")
        #expect(catalog.models.count == 10)
    }

    @Test func bundledCatalogIsConsistent() {
        #expect(catalog.problems() == [])
    }

    @Test func familiesFollowTheGeometryTable() {
        for model in catalog.models {
            #expect(model.family == (model.id.contains("1-0") ? .v1 : .v2), "\(model.id)")
        }
    }

    @Test func everyRuleSaysWhereItCameFrom() {
        let rules = ["durations", "resolutions", "ratios", "audio", "media", "defaults.resolution", "defaults.ratio",
                     "defaults.duration", "defaults.watermark"]
        for model in catalog.models {
            for dialect in DialectID.allCases {
                let spec = model.resolved(for: dialect)
                for rule in rules { #expect(spec.sources[rule]?.isEmpty == false, "\(model.id) [\(dialect)] \(rule)") }
            }
        }
        #expect(catalog.model(named: Models.pro15, dialect: .toapis)?.sources["resolutions"]?.contains("seed 002") == true)
        #expect(catalog.model(named: Models.pro15, dialect: .anyfast)?.sources["defaults.watermark"]?.contains("seed 000") == true)
        #expect(catalog.model(named: Models.v20, dialect: .openai)?.sources["defaults.duration"]?.contains("OpenAI") == true)
    }

    @Test func dialectsOverrideAllowedValues() throws {
        let pro15 = try #require(catalog.model(named: Models.pro15))
        #expect(pro15.resolved(for: .ark).resolutions == ["480p", "720p", "1080p"])
        #expect(pro15.resolved(for: .toapis).resolutions == ["480p", "720p"])
        let pro10 = try #require(catalog.model(named: Models.pro10))
        #expect(pro10.durations.values == Array(2...12))
        #expect(pro10.resolved(for: .unified).durations.values == [5, 10])
        #expect(pro10.resolved(for: .unified).ratios.contains("9:21"))
        #expect(pro10.resolved(for: .unified).ratios.contains("keep_ratio"))
        #expect(!pro10.ratios.contains("keep_ratio"))
    }

    @Test func modelSpecsRoundTripThroughJSON() throws {
        for model in catalog.models {
            let data = try JSONEncoder().encode(model)
            #expect(try JSONDecoder().decode(ModelSpec.self, from: data) == model)
        }
    }

    @Test func catalogWideOverridesSitUnderAModelsOwn() throws {
        let json = """
        {"dialects": {"openai": {"defaults": {"duration": 4, "ratio": "9:16"}, "sources": {"defaults.duration": "openai"}}},
         "models": [{"id": "m", "family": "v2", "durations": {"min": 4, "max": 12}, "resolutions": ["720p"],
                     "ratios": ["16:9", "9:16"], "defaults": {"resolution": "720p", "ratio": "16:9", "duration": 5,
                     "generateAudio": false, "watermark": false},
                     "dialects": {"openai": {"defaults": {"duration": 8}}}}]}
        """
        let custom = try ModelCatalog(json: Data(json.utf8))
        let openai = try #require(custom.model(named: "M", dialect: .openai))
        #expect(openai.defaults.duration == 8)
        #expect(openai.defaults.ratio == "9:16")
        #expect(openai.sources["defaults.duration"] == "openai")
        #expect(custom.model(named: "m", dialect: .ark)?.defaults.duration == 5)
    }

    @Test func inconsistentCatalogsAreRefused() throws {
        let json = """
        {"models": [
          {"id": "a", "aliases": ["b"], "family": "v1", "durations": {"min": 2, "max": 12}, "resolutions": ["720p", "8k"],
           "ratios": ["16:9", "7:5"], "defaults": {"resolution": "1080p", "ratio": "16:9", "duration": 1, "generateAudio": true,
           "watermark": false}, "dialects": {"klingon": {}}},
          {"id": "B", "family": "v2", "durations": {"min": 4, "max": 12}, "resolutions": ["720p"], "ratios": ["16:9"],
           "defaults": {"resolution": "720p", "ratio": "16:9", "duration": 5, "generateAudio": false, "watermark": false}}
        ]}
        """
        do {
            _ = try ModelCatalog(json: Data(json.utf8))
            Issue.record("an inconsistent catalog was accepted")
        } catch let error as CatalogError {
            let text = error.problems.joined(separator: "\n")
            for fragment in ["names both a and B", "unknown dialect klingon", "unknown resolution 8k", "unknown ratio 7:5",
                             "default resolution 1080p", "default duration 1", "audio is on by default"] {
                #expect(text.contains(fragment), "\(fragment)")
            }
        }
    }

    @Test func stepRanges() {
        let frames = ModelSpec.StepRange(min: 29, max: 289, step: 4)
        #expect(frames.contains(29) && frames.contains(121) && frames.contains(289))
        #expect(!frames.contains(25) && !frames.contains(30) && !frames.contains(293))
        #expect(frames.values.count == 66)
        #expect(ModelSpec.StepRange(min: 5, max: 10, step: 5).description == "5, 10")
        #expect(ModelSpec.StepRange(min: 2, max: 12).description == "2..12")
    }
}
