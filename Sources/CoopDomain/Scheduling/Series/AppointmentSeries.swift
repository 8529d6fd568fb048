import Foundation

/// A weekly or fortnightly series of sessions at one wall-clock time in the therapist's zone.
///
/// Occurrence dates step by whole weeks in the local calendar and each is placed at `startTime` local time, so a
/// Tuesday 09:00 series stays at 09:00 across daylight-saving changes. A start time that does not exist on some
/// date (inside a spring-forward gap) moves forward by the gap, and a repeated one takes its first occurrence,
/// as RFC 5545 §3.3.5 specifies for recurrence instances; the session keeps its full length in real time.
public struct AppointmentSeries: Hashable, Sendable {
    /// The series id.
    public let id: SeriesID
    /// The therapist.
    public let therapist: MemberID
    /// The client.
    public let client: MemberID
    /// The therapist's zone, which the wall-clock time is read in.
    public let zone: IANATimeZone
    /// The date of the first occurrence.
    public let firstDate: LocalDate
    /// Local start time of every occurrence.
    public let startTime: LocalTime
    /// Session length in minutes.
    public let durationMinutes: Int
    /// Repeat interval and end.
    public let rule: RecurrenceRule
    /// The number of occurrences the rule gives.
    public let count: Int
    /// Changes to single occurrences, by index.
    public internal(set) var changes: [Int: OccurrenceChange]

    /// Creates a series, with `changes` to single occurrences when a store loads one. Throws `.invalidOccurrenceCount`
    /// for a count outside 1…260 (or an `until` giving more), `.untilBeforeStart` for an end before the first date,
    /// `.invalidSetting` for a length outside 5…720 minutes, `.noSuchOccurrence` for a change past the end.
    public init(
        id: SeriesID,
        therapist: MemberID,
        client: MemberID,
        zone: IANATimeZone,
        firstDate: LocalDate,
        startTime: LocalTime,
        durationMinutes: Int,
        rule: RecurrenceRule,
        changes: [Int: OccurrenceChange] = [:]
    ) throws(SchedulingError) {
        guard (5...720).contains(durationMinutes) else { throw .invalidSetting(name: "durationMinutes", value: durationMinutes) }
        guard startTime < .endOfDay else { throw .invalidTime(startTime.description) }
        let maximum = RecurrenceRule.maximumOccurrences
        let total: Int
        switch rule.end {
        case .count(let n):
            total = n
        case .until(let last):
            guard last >= firstDate else { throw .untilBeforeStart(until: last, start: firstDate) }
            total = firstDate.days(until: last) / (7 * rule.frequency.intervalWeeks) + 1
        }
        guard (1...maximum).contains(total) else { throw .invalidOccurrenceCount(total, maximum: maximum) }
        if let outside = changes.keys.sorted().first(where: { !(0..<total).contains($0) }) { throw .noSuchOccurrence(outside) }
        self.count = total
        self.id = id
        self.therapist = therapist
        self.client = client
        self.zone = zone
        self.firstDate = firstDate
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.rule = rule
        self.changes = changes
    }

    /// The local date the rule gives occurrence `index`.
    public func ruleDate(_ index: Int) -> LocalDate { firstDate.adding(days: 7 * rule.frequency.intervalWeeks * index) }

    /// The slot the rule gives occurrence `index`, before changes.
    public func ruleSlot(_ index: Int) -> Slot {
        let start = zone.resolve(ruleDate(index), startTime).rfc5545Instant
        return Slot(uncheckedStart: start, end: start.addingTimeInterval(TimeInterval(durationMinutes * 60)))
    }

    /// Every occurrence in order, with changes applied (cancelled ones included and marked).
    public func occurrences() -> [SeriesOccurrence] {
        (0..<count).map { index in
            let original = ruleSlot(index)
            let change = changes[index]
            let slot: Slot = if case .moved(let moved) = change { moved } else { original }
            return SeriesOccurrence(
                index: index,
                ruleDate: ruleDate(index),
                originalStart: original.start,
                slot: slot,
                isMoved: slot != original,
                isCancelled: change == .cancelled
            )
        }
    }

    /// Occurrence `index` as an appointment with id `id`, booked unless cancelled.
    public func appointment(
        _ index: Int,
        id: AppointmentID,
        clientState: USState,
        delivery: Delivery = .telehealth
    ) throws(SchedulingError) -> Appointment {
        guard (0..<count).contains(index) else { throw .noSuchOccurrence(index) }
        let occurrence = occurrences()[index]
        return Appointment(
            id: id,
            therapist: therapist,
            client: client,
            slot: occurrence.slot,
            status: occurrence.isCancelled ? .cancelled : .booked,
            clientState: clientState,
            delivery: delivery,
            series: self.id,
            occurrence: index
        )
    }
}
