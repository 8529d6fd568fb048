import Foundation

/// A change to the weekly hours on one date.
public enum DateException: Hashable, Sendable, Codable {
    /// Hours on `date` in addition to the weekly rules (merged with them where they touch).
    case extraHours(LocalDate, start: LocalTime, end: LocalTime)
    /// No hours at all on `date`.
    case dayOff(LocalDate)

    /// The date it applies to.
    public var date: LocalDate {
        switch self {
        case .extraHours(let date, _, _), .dayOff(let date): date
        }
    }

    /// Checks a list: end after start, a session fits, and no date both off and with extra hours.
    public static func validate(_ exceptions: [DateException], session: SessionSettings) throws(SchedulingError) {
        let daysOff = Set(exceptions.compactMap { if case .dayOff(let date) = $0 { date } else { nil } })
        for exception in exceptions {
            guard case .extraHours(let date, let start, let end) = exception else { continue }
            guard end > start else { throw .endNotAfterStart(.date(date), start: start, end: end) }
            guard end.minutes - start.minutes >= session.sessionMinutes else {
                throw .sessionDoesNotFit(.date(date), windowMinutes: end.minutes - start.minutes, sessionMinutes: session.sessionMinutes)
            }
            guard !daysOff.contains(date) else { throw .conflictingExceptions(date) }
        }
    }
}
