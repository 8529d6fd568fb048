import Foundation

/// Expands a therapist's availability into bookable session slots.
///
/// Behaviour across daylight-saving changes (all in the therapist's zone):
/// - Weekly hours are wall-clock hours: 09:00 stays 09:00 local before and after a change, so its UTC time moves.
/// - Spring forward (e.g. 2026-03-08 in America/Los_Angeles, 02:00 → 03:00): start times that do not exist are
///   skipped, and a window boundary inside the gap moves to the jump. A 01:00–03:00 window that day is one real
///   hour long and offers the 01:00 hourly slot only.
/// - Fall back (e.g. 2026-11-01, 02:00 → 01:00): a start time in the repeated hour is offered once, at its first
///   occurrence (daylight time), as RFC 5545 §3.3.5 reads a repeated local time; the window itself spans the whole
///   real stretch, so a 01:00–03:00 window offers hourly slots at 01:00 PDT and 02:00 PST.
/// - Daily and weekly caps count sessions by their local start date, weeks starting on `weekStartsOn`.
public enum AvailabilityCalculator {
    /// The longest `from…to` range expanded in one call, in days.
    public static let maximumRangeDays = 400

    /// The open session slots between `from` and `to` (UTC), sorted by start.
    ///
    /// A slot is returned when it starts at or after `from` and ends at or before `to`; lies inside the working
    /// hours; starts at least the minimum notice after `now`; overlaps no time off; keeps the buffers clear of every
    /// busy session (and its own span clear of other busy time); and falls on a day and week whose caps are not yet
    /// reached by existing sessions.
    public static func openSlots(
        rules: AvailabilityRules,
        exceptions: [DateException],
        bookings: [BusyTime],
        from: Date,
        to: Date,
        now: Date
    ) throws(SchedulingError) -> [Slot] {
        guard to >= from else { throw .invalidRange(from: from, to: to) }
        try DateException.validate(exceptions, session: rules.session)
        let first = rules.zone.localDate(at: from).adding(days: -1)
        let last = rules.zone.localDate(at: to).adding(days: 1)
        guard first.days(until: last) <= maximumRangeDays else { throw .rangeTooLong(maximumDays: maximumRangeDays) }

        let occupancy = Occupancy(rules: rules, busy: bookings)
        let earliest = now.addingTimeInterval(rules.session.minimumNotice)
        var found = Set<Slot>()
        for offset in 0...first.days(until: last) {
            for window in AvailabilityWindow.windows(on: first.adding(days: offset), rules: rules, exceptions: exceptions) {
                for slot in window.gridSlots(rules.session, zone: rules.zone)
                where slot.start >= from && slot.end <= to && slot.start >= earliest && occupancy.isFree(slot) {
                    found.insert(slot)
                }
            }
        }
        return found.sorted()
    }

    /// The first open slot at or after `now` within `days` days, or nil; for "next available" and matching.
    public static func firstOpenSlot(
        rules: AvailabilityRules,
        exceptions: [DateException],
        bookings: [BusyTime],
        now: Date,
        days: Int = 60
    ) throws(SchedulingError) -> Slot? {
        try openSlots(
            rules: rules,
            exceptions: exceptions,
            bookings: bookings,
            from: now,
            to: now.addingTimeInterval(TimeInterval(days) * 86_400),
            now: now
        )
        .first
    }
}
