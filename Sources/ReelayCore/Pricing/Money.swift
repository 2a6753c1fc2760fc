import Foundation

/// An amount of money in millionths of the price list's currency. Whole numbers, so sums over
/// thousands of tasks and budget comparisons are exact (no floating-point drift between what a
/// key was charged and what its budget says is left).
public struct Money: Sendable, Equatable, Hashable, Comparable, Codable {
    public var micros: Int

    public init(micros: Int) {
        self.micros = micros
    }

    public static let zero = Money(micros: 0)

    /// A decimal amount as written in a price file or a request (`0.125`), rounded to the micro.
    /// Nil for amounts that are not finite, negative or too large to count in micros.
    public init?(decimal value: Double) {
        guard value.isFinite, value >= 0, value < 9e12 else { return nil }
        micros = Int((value * 1_000_000).rounded())
    }

    /// Parses a decimal amount written as text (`--budget 25`, `--budget 12.5`).
    public init?(text: String) {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.init(decimal: value)
    }

    /// As a JSON number (`0.75`): micros divided out, which prints the shortest exact decimal.
    public var decimal: Double { Double(micros) / 1_000_000 }

    /// Fixed six decimals (`0.750000`), for CSV and messages where columns must line up.
    public var fixed: String {
        let sign = micros < 0 ? "-" : ""
        let whole = abs(micros) / 1_000_000
        let fraction = abs(micros) % 1_000_000
        return sign + String(whole) + "." + String(repeating: "0", count: 6 - String(fraction).count) + String(fraction)
    }

    /// For people: at least two decimals, more only when they are not zero (`0.75`, `0.125`, `12.00`).
    public var plain: String {
        var text = fixed
        while text.hasSuffix("0"), let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 3 {
            text.removeLast()
        }
        return text
    }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros + rhs.micros) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros - rhs.micros) }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.micros < rhs.micros }

    /// This amount times a markup (1.25 = 25 % on top), rounded to the micro.
    public func marked(up markup: Double) -> Money {
        Money(micros: Int((Double(micros) * markup).rounded()))
    }
}
