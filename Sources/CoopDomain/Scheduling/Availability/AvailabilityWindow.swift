import Foundation

/// One stretch of working hours on one local date, in wall-clock time and as UTC instants.
///
/// The UTC span runs from the first moment the wall clock shows `start` to the last moment before it shows `end`.
/// On a spring-forward day a boundary inside the gap moves to the jump (01:00–02:30 ends at 03:00 PDT); on a
/// fall-back day the span takes in the repeated hour (01:00–03:00 lasts three real hours).
public struct AvailabilityWindow: Hashable, Sendable {
    /// The local date.
    public let date: LocalDate
    /// Wall-clock start.
    public let start: LocalTime
    /// Wall-clock end.
    public let end: LocalTime
    /// The same stretch as UTC instants.
    public let span: Slot

    /// The working windows of `date`: weekly rules of its weekday plus extra hours, merged where they overlap or touch;
    /// none on a day off. Windows that vanish entirely in a spring-forward gap are dropped.
    public static func windows(on date: LocalDate, rules: AvailabilityRules, exceptions: [DateException]) -> [AvailabilityWindow] {
        var ranges: [(LocalTime, LocalTime)] = []
        for exception in exceptions where exception.date == date {
            switch exception {
            case .dayOff: return []
            case .extraHours(_, let start, let end): ranges.append((start, end))
            }
        }
        ranges += rules.weekly.filter { $0.weekday == date.weekday }.map { ($0.start, $0.end) }
        var merged: [(LocalTime, LocalTime)] = []
        for range in ranges.sorted(by: { $0.0 < $1.0 }) {
            if let last = merged.last, range.0 <= last.1 {
                merged[merged.count - 1].1 = max(last.1, range.1)
            } else {
                merged.append(range)
            }
        }
        return merged.compactMap { start, end in
            let from = rules.zone.resolve(date, start).rangeStart
            let to = end == .endOfDay ? rules.zone.resolve(date.adding(days: 1), .midnight).rangeStart : rules.zone.resolve(date, end).rangeEnd
            guard to > from else { return nil }
            return AvailabilityWindow(date: date, start: start, end: end, span: Slot(uncheckedStart: from, end: to))
        }
    }

    /// The session slots the window offers, on its wall-clock grid: starts at `start`, `start + step` …, each at its
    /// first occurrence. A start that does not exist (spring-forward gap) is skipped; a repeated start (fall-back)
    /// is offered once, at its first occurrence (RFC 5545 §3.3.5). A slot must end inside the UTC span.
    public func gridSlots(_ session: SessionSettings, zone: IANATimeZone) -> [Slot] {
        var slots: [Slot] = []
        var minute = start.minutes
        while minute < end.minutes {
            if let begin = zone.resolve(date, LocalTime(uncheckedMinutes: minute)).firstOccurrence {
                let slot = Slot(uncheckedStart: begin, end: begin.addingTimeInterval(session.sessionDuration))
                if span.contains(slot) { slots.append(slot) }
            }
            minute += session.startEveryMinutes
        }
        return slots
    }
}
