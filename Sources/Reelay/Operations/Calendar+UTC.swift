import Foundation

extension Calendar {
    /// The Gregorian calendar in UTC, for daily limits that mean the same on every instance.
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }
}
