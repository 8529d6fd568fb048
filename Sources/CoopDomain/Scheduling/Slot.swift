import Foundation

/// A span of time for one session, as UTC instants: start inclusive, end exclusive.
public struct Slot: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// When the session starts.
    public let start: Date
    /// When the session ends (exclusive).
    public let end: Date

    /// Creates a slot; throws `SchedulingError.invalidSlot` unless `end` is after `start`.
    public init(start: Date, end: Date) throws(SchedulingError) {
        guard end > start else { throw .invalidSlot(start: start, end: end) }
        self.start = start
        self.end = end
    }

    /// Creates a slot of `minutes` minutes from `start`.
    public init(start: Date, minutes: Int) throws(SchedulingError) {
        try self.init(start: start, end: start.addingTimeInterval(TimeInterval(minutes * 60)))
    }

    /// Creates a slot the caller knows is well formed.
    init(uncheckedStart start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// Length in seconds.
    public var duration: TimeInterval { end.timeIntervalSince(start) }

    /// Whether the two half-open spans share any instant.
    public func overlaps(_ other: Slot) -> Bool { start < other.end && other.start < end }

    /// Whether `other` lies entirely inside this span.
    public func contains(_ other: Slot) -> Bool { start <= other.start && other.end <= end }

    /// The same span widened by `before` seconds at the start and `after` seconds at the end.
    public func widened(before: TimeInterval, after: TimeInterval) -> Slot {
        Slot(uncheckedStart: start.addingTimeInterval(-before), end: end.addingTimeInterval(after))
    }

    /// ISO 8601 UTC, `start/end`.
    public var description: String { "\(ICalendar.isoUTC(start))/\(ICalendar.isoUTC(end))" }

    /// Orders slots by start, then end.
    public static func < (lhs: Slot, rhs: Slot) -> Bool { (lhs.start, lhs.end) < (rhs.start, rhs.end) }
}
