import Foundation
import ArgumentParser
import Reelay

/// The limits `reelay keys create` and `update` set on a key. Each takes a number, `0` for no
/// limit, or `default` for the server's setting (the `REELAY_LIMIT_*` variables).
struct KeyLimitOptions: ParsableArguments {
    @Option(help: "Tasks queued or running at once.") var maxQueued: String?
    @Option(help: "Bytes of assets and inline media kept: a number with an optional KB, MB, GB or TB (powers of 1024).")
    var maxStorage: String?
    @Option(help: "API requests per minute.") var rpm: String?
    @Option(help: "Seconds of video per UTC day.") var dailySeconds: String?

    /// `limits` with the options given applied.
    func applied(to limits: KeyLimitOverrides) throws -> KeyLimitOverrides {
        var limits = limits
        if let maxQueued { limits.maxQueued = try Self.value(maxQueued, option: "--max-queued") }
        if let maxStorage { limits.maxStorageBytes = try Self.value(maxStorage, option: "--max-storage", sizes: true) }
        if let rpm { limits.requestsPerMinute = try Self.value(rpm, option: "--rpm") }
        if let dailySeconds { limits.dailyVideoSeconds = try Self.value(dailySeconds, option: "--daily-seconds") }
        return limits
    }

    /// nil for `default`, else a whole number ≥ 0 (with a size unit when `sizes`).
    static func value(_ text: String, option: String, sizes: Bool = false) throws -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        if trimmed == "DEFAULT" { return nil }
        let units: [(String, Int)] = sizes ? [("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)] : []
        let unit = units.first { trimmed.hasSuffix($0.0) }
        let digits = unit.map { String(trimmed.dropLast($0.0.count)).trimmingCharacters(in: .whitespaces) } ?? trimmed
        guard let number = Int(digits), number >= 0 else {
            throw ValidationError("\(option) must be a whole number ≥ 0\(sizes ? " (optionally with KB, MB, GB or TB)" : ""), 0 for no limit, or 'default'; not '\(text)'.")
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: unit?.1 ?? 1)
        guard !overflow else { throw ValidationError("\(option) is too large: '\(text)'.") }
        return product
    }

    /// One line of a key's own limits, for `keys list` and `update`.
    static func describe(_ limits: KeyLimitOverrides) -> String {
        func show(_ name: String, _ value: Int?) -> String { "\(name)=\(value.map { $0 == 0 ? "unlimited" : String($0) } ?? "default")" }
        return [show("max-queued", limits.maxQueued), show("max-storage", limits.maxStorageBytes),
                show("rpm", limits.requestsPerMinute), show("daily-seconds", limits.dailyVideoSeconds)].joined(separator: " ")
    }
}
