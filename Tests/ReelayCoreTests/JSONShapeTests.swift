import Foundation
import Testing
@testable import ReelayCore

/// The one-pass measure of a body's structure that refuses bodies before they are parsed.
@Suite struct JSONShapeTests {
    @Test func measuresNestingAndContainersOutsideStrings() {
        let text = #"{"a": [1, {"b": "[{\"not\": [counted]}"}], "c": {}}"#
        #expect(JSONShape(of: Array(text.utf8)) == JSONShape(depth: 3, containers: 4))
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        let error = #expect(throws: APIError.self) { try JSONShape.check(Array(deep.utf8)) }
        #expect(error?.param == "body")
        #expect(error?.message.contains("deeper than 32 levels") == true)
        let fine = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(throws: Never.self) { try JSONShape.check(Array(fine.utf8)) }
    }

    @Test func refusesHalfAMillionContentItemsWithoutBuildingThem() {
        let items = Array(repeating: #"{"type":"text","text":"x"}"#, count: 500_000).joined(separator: ",")
        let body = #"{"model":"m","content":["# + items + "]}"
        let error = #expect(throws: APIError.self) { try JSONShape.check(Array(body.utf8)) }
        #expect(error?.message.contains("more than 2000 objects and arrays") == true)
        // The scan stops at the first container past the limit.
        #expect(JSONShape(of: Array(body.utf8)).containers == JSONShape.maxContainers + 1)
    }
}
