import Foundation

/// A period the therapist is away (holiday, training), as UTC instants; no slot overlaps it.
public struct TimeOff: Hashable, Sendable, Codable {
    /// First instant away.
    public let start: Date
    /// First instant back.
    public let end: Date

    /// Creates a period; throws `SchedulingError.invalidTimeOff` unless `end` is after `start`.
    public init(start: Date, end: Date) throws(SchedulingError) {
        guard end > start else { throw .invalidTimeOff(start: start, end: end) }
        self.start = start
        self.end = end
    }

    /// Whole local days `first` through `last` in `zone`, from the start of the first to the start of the day after.
    public init(days first: LocalDate, through last: LocalDate, in zone: IANATimeZone) throws(SchedulingError) {
        try self.init(start: zone.resolve(first, .midnight).rangeStart, end: zone.resolve(last.adding(days: 1), .midnight).rangeStart)
    }

    /// The period as a slot-shaped span.
    var span: Slot { Slot(uncheckedStart: start, end: end) }
}
