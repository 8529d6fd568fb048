import Foundation

/// A wall-clock time of day with minute precision, from 00:00 to 24:00 (24:00 only ends a range).
public struct LocalTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Minutes after midnight, 0…1440.
    public let minutes: Int

    /// Midnight at the start of the day.
    public static let midnight = LocalTime(uncheckedMinutes: 0)
    /// Midnight at the end of the day ("24:00"), used only as the end of a range.
    public static let endOfDay = LocalTime(uncheckedMinutes: 1440)

    /// Creates a time; throws `SchedulingError.invalidTime` outside 00:00…24:00.
    public init(hour: Int, minute: Int = 0) throws(SchedulingError) {
        guard (0...24).contains(hour), (0...59).contains(minute), hour < 24 || minute == 0 else {
            throw .invalidTime(hour.zeroPadded(2) + ":" + minute.zeroPadded(2))
        }
        self.minutes = hour * 60 + minute
    }

    /// Creates a time from minutes after midnight; throws `SchedulingError.invalidTime` outside 0…1440.
    public init(minutes: Int) throws(SchedulingError) {
        guard (0...1440).contains(minutes) else { throw .invalidTime("\(minutes) min") }
        self.minutes = minutes
    }

    /// Parses `HH:MM` (24-hour clock, "24:00" allowed); throws `SchedulingError.invalidTime` otherwise.
    public init(_ text: String) throws(SchedulingError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { throw .invalidTime(text) }
        try self.init(hour: hour, minute: minute)
    }

    /// Creates a time the caller knows is within 0…1440.
    init(uncheckedMinutes: Int) { self.minutes = uncheckedMinutes }

    /// The hour, 0–24.
    public var hour: Int { minutes / 60 }
    /// The minute, 0–59.
    public var minute: Int { minutes % 60 }

    /// `HH:MM`.
    public var description: String { hour.zeroPadded(2) + ":" + minute.zeroPadded(2) }

    /// Orders times of day.
    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutes < rhs.minutes }
}
