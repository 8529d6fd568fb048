import Foundation

/// A therapist's checked availability: zone, weekly hours, time off and session layout.
/// Dated exceptions are passed separately because they change often; see `DateException.validate`.
public struct AvailabilityRules: Hashable, Sendable {
    /// The therapist's own zone; weekly rules and caps are read in it.
    public let zone: IANATimeZone
    /// The weekly hours, sorted by weekday and start.
    public let weekly: [WeeklyRule]
    /// Periods away.
    public let timeOff: [TimeOff]
    /// Session length, buffers, notice and caps.
    public let session: SessionSettings

    /// Checks and creates the rules. Throws `SchedulingError.endNotAfterStart` for a rule ending at or before its start,
    /// `.overlappingRules` for two rules of one weekday that overlap, `.sessionDoesNotFit` for a rule shorter than a session.
    public init(zone: IANATimeZone, weekly: [WeeklyRule], timeOff: [TimeOff] = [], session: SessionSettings) throws(SchedulingError) {
        let sorted = weekly.sorted { ($0.weekday, $0.start) < ($1.weekday, $1.start) }
        for (index, rule) in sorted.enumerated() {
            guard rule.end > rule.start else { throw .endNotAfterStart(.weekday(rule.weekday), start: rule.start, end: rule.end) }
            guard rule.minutes >= session.sessionMinutes else {
                throw .sessionDoesNotFit(.weekday(rule.weekday), windowMinutes: rule.minutes, sessionMinutes: session.sessionMinutes)
            }
            if index > 0, sorted[index - 1].weekday == rule.weekday, sorted[index - 1].end > rule.start { throw .overlappingRules(rule.weekday) }
        }
        self.zone = zone
        self.weekly = sorted
        self.timeOff = timeOff
        self.session = session
    }

    /// Same as the main initialiser, looking the zone up by identifier (throws `.unknownTimeZone`).
    public init(zoneIdentifier: String, weekly: [WeeklyRule], timeOff: [TimeOff] = [], session: SessionSettings) throws(SchedulingError) {
        try self.init(zone: IANATimeZone(zoneIdentifier), weekly: weekly, timeOff: timeOff, session: session)
    }
}
