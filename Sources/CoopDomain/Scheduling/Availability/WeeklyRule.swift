import Foundation

/// Recurring working hours: on `weekday`, from `start` to `end` wall-clock time in the therapist's own zone
/// ("Tue 09:00–17:00 America/Los_Angeles"). The zone lives on `AvailabilityRules`, so 09:00 stays 09:00 local
/// across daylight-saving changes.
public struct WeeklyRule: Hashable, Sendable, Codable {
    /// The day.
    public let weekday: Weekday
    /// When the hours begin, local time.
    public let start: LocalTime
    /// When the hours end, local time (24:00 allowed); must be after `start`.
    public let end: LocalTime

    /// Creates a rule; `AvailabilityRules` checks it.
    public init(_ weekday: Weekday, _ start: LocalTime, _ end: LocalTime) {
        self.weekday = weekday
        self.start = start
        self.end = end
    }

    /// Length in wall-clock minutes.
    public var minutes: Int { end.minutes - start.minutes }
}
