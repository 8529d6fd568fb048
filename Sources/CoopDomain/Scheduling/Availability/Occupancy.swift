import Foundation

/// The therapist's busy times indexed for the checks both open-slot search and booking make:
/// buffers, time off and the daily and weekly caps.
struct Occupancy {
    let rules: AvailabilityRules
    let busy: [BusyTime]
    private var perDay: [Int: Int] = [:]
    private var perWeek: [Int: Int] = [:]

    /// Indexes `busy` by local day and week in the therapist's zone.
    init(rules: AvailabilityRules, busy: [BusyTime]) {
        self.rules = rules
        self.busy = busy
        for item in busy where item.kind == .session {
            let date = rules.zone.localDate(at: item.start)
            perDay[date.daysSinceEpoch, default: 0] += 1
            perWeek[date.startOfWeek(firstDay: rules.session.weekStartsOn).daysSinceEpoch, default: 0] += 1
        }
    }

    /// The busy time a session in `slot` would collide with, counting both sides' buffers, if any.
    func conflict(_ slot: Slot) -> BusyTime? {
        let mine = rules.session.footprint(slot)
        return busy.first { item in
            let theirs = item.kind == .session ? rules.session.footprint(item.span) : item.span
            return mine.overlaps(theirs)
        }
    }

    /// Whether `slot` overlaps time off.
    func isOnTimeOff(_ slot: Slot) -> Bool { rules.timeOff.contains { $0.span.overlaps(slot) } }

    /// The date whose daily cap is already reached for a session starting in `slot`, if any.
    func fullDay(_ slot: Slot) -> (date: LocalDate, limit: Int)? {
        guard let cap = rules.session.maximumPerDay else { return nil }
        let date = rules.zone.localDate(at: slot.start)
        return perDay[date.daysSinceEpoch, default: 0] >= cap ? (date, cap) : nil
    }

    /// The first day of the week whose weekly cap is already reached for a session starting in `slot`, if any.
    func fullWeek(_ slot: Slot) -> (weekStart: LocalDate, limit: Int)? {
        guard let cap = rules.session.maximumPerWeek else { return nil }
        let week = rules.zone.localDate(at: slot.start).startOfWeek(firstDay: rules.session.weekStartsOn)
        return perWeek[week.daysSinceEpoch, default: 0] >= cap ? (week, cap) : nil
    }

    /// Whether `slot` is free of conflicts, time off and full caps.
    func isFree(_ slot: Slot) -> Bool {
        conflict(slot) == nil && !isOnTimeOff(slot) && fullDay(slot) == nil && fullWeek(slot) == nil
    }
}
