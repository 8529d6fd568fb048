import Foundation

/// Changing one occurrence, or this and all following ones, without duplicating or leaving copies behind
/// (USERS.md: Cal.com "cancel all remaining" cancelled only the next one).
extension AppointmentSeries {
    /// The series with occurrence `index` moved to `slot`; the other occurrences stay.
    public func moving(_ index: Int, to slot: Slot) throws(SchedulingError) -> AppointmentSeries {
        guard (0..<count).contains(index) else { throw .noSuchOccurrence(index) }
        var copy = self
        copy.changes[index] = .moved(slot)
        return copy
    }

    /// The series with occurrence `index` cancelled; the other occurrences stay.
    public func cancelling(_ index: Int) throws(SchedulingError) -> AppointmentSeries {
        guard (0..<count).contains(index) else { throw .noSuchOccurrence(index) }
        var copy = self
        copy.changes[index] = .cancelled
        return copy
    }

    /// The series cut short so occurrence `index` and every later one are gone ("cancel all remaining");
    /// nil when `index` is 0 and nothing remains.
    public func endingBefore(_ index: Int) throws(SchedulingError) -> AppointmentSeries? {
        guard (0..<count).contains(index) else { throw .noSuchOccurrence(index) }
        guard index > 0 else { return nil }
        var copy = try AppointmentSeries(
            id: id,
            therapist: therapist,
            client: client,
            zone: zone,
            firstDate: firstDate,
            startTime: startTime,
            durationMinutes: durationMinutes,
            rule: RecurrenceRule(rule.frequency, end: .count(index))
        )
        copy.changes = changes.filter { $0.key < index }
        return copy
    }

    /// "Change this and all following": the series ends before occurrence `index` (nil when `index` is 0), and a new
    /// series `newID` takes over from there with the changed values. It starts on the old occurrence's date unless
    /// `firstDate` is given, keeps the same number of remaining occurrences (or the same `until` date), and drops
    /// single-occurrence changes from `index` on, as calendar programs do for "this and following" edits.
    public func splitting(
        at index: Int,
        newID: SeriesID,
        firstDate newFirstDate: LocalDate? = nil,
        startTime newStartTime: LocalTime? = nil,
        durationMinutes newDuration: Int? = nil,
        frequency newFrequency: RecurrenceRule.Frequency? = nil
    ) throws(SchedulingError) -> (earlier: AppointmentSeries?, following: AppointmentSeries) {
        let earlier = try endingBefore(index)
        let end: RecurrenceRule.End =
            switch rule.end {
            case .count: .count(count - index)
            case .until(let date): .until(date)
            }
        let following = try AppointmentSeries(
            id: newID,
            therapist: therapist,
            client: client,
            zone: zone,
            firstDate: newFirstDate ?? ruleDate(index),
            startTime: newStartTime ?? startTime,
            durationMinutes: newDuration ?? durationMinutes,
            rule: RecurrenceRule(newFrequency ?? rule.frequency, end: end)
        )
        return (earlier, following)
    }
}
