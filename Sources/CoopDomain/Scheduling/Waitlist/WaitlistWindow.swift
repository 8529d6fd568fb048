import Foundation

/// A weekly time a waiting client can come: a weekday and a local time range in the client's zone.
public struct WaitlistWindow: Hashable, Sendable, Codable {
    /// The day.
    public let weekday: Weekday
    /// From.
    public let start: LocalTime
    /// Until.
    public let end: LocalTime

    /// Creates a window; throws `SchedulingError.invalidWaitlistWindow` unless `end` is after `start`.
    public init(_ weekday: Weekday, _ start: LocalTime, _ end: LocalTime) throws(SchedulingError) {
        guard end > start else { throw .invalidWaitlistWindow(weekday, start: start, end: end) }
        self.weekday = weekday
        self.start = start
        self.end = end
    }

    /// Whether the whole of `slot` lies in this window on the slot's local date in `zone`.
    public func holds(_ slot: Slot, in zone: IANATimeZone) -> Bool {
        let date = zone.localDate(at: slot.start)
        guard date.weekday == weekday else { return false }
        let from = zone.resolve(date, start).rangeStart
        let to = end == .endOfDay ? zone.resolve(date.adding(days: 1), .midnight).rangeStart : zone.resolve(date, end).rangeEnd
        return from <= slot.start && slot.end <= to
    }
}
