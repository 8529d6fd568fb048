import Foundation

/// A day of the week, numbered as ISO 8601 does: Monday is 1, Sunday is 7.
public enum Weekday: Int, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case monday = 1
    case tuesday, wednesday, thursday, friday, saturday, sunday

    /// The ISO 8601 number of the day (Monday 1 … Sunday 7).
    public var isoNumber: Int { rawValue }

    /// The key of the day's name in the message catalogues ("weekday.tuesday").
    public var messageKey: String { "weekday.\(self)" }

    /// The English three-letter name, for logs and iCalendar (`MO`, `TU` … are `icalCode`).
    public var description: String {
        switch self {
        case .monday: "Mon"
        case .tuesday: "Tue"
        case .wednesday: "Wed"
        case .thursday: "Thu"
        case .friday: "Fri"
        case .saturday: "Sat"
        case .sunday: "Sun"
        }
    }

    /// The two-letter code RFC 5545 uses in BYDAY.
    public var icalCode: String { String(description.prefix(2)).uppercased() }

    /// Orders days Monday first.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
