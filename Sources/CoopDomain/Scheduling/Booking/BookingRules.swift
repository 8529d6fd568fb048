import Foundation

/// Whether a slot may be booked, as pure checks over the therapist's rules, calendar and credentials.
public enum BookingRules {
    /// Every reason `request` can't be booked with this therapist at `now`; empty when it can.
    ///
    /// Checks: not started; at least the minimum notice ahead; inside the hours (per `alignment`) and not on time off;
    /// clear of other bookings with buffers (ignoring `ignoring`, the appointment being rescheduled); daily and weekly
    /// caps; and a licence, registration, privilege or authorisation covering the client's state on the session
    /// date (the local date at the start, in the client's zone when known).
    public static func problems(
        _ request: BookingRequest,
        rules: AvailabilityRules,
        exceptions: [DateException] = [],
        appointments: [Appointment],
        otherBusy: [BusyTime] = [],
        credentials: PracticeCredentials,
        now: Date,
        alignment: SlotAlignment = .offeredSlot,
        ignoring: AppointmentID? = nil,
        licensure: LicensureRules = .standard
    ) -> [BookingProblem] {
        let slot = request.slot
        var problems: [BookingProblem] = []
        if slot.start < now {
            problems.append(.inPast)
        } else if slot.start < now.addingTimeInterval(rules.session.minimumNotice) {
            problems.append(.insideMinimumNotice(earliest: now.addingTimeInterval(rules.session.minimumNotice)))
        }
        if !isInsideHours(slot, rules: rules, exceptions: exceptions, alignment: alignment) { problems.append(.outsideAvailability) }

        let busy = appointments.filter { $0.id != ignoring }.compactMap(\.busyTime) + otherBusy
        let occupancy = Occupancy(rules: rules, busy: busy)
        if occupancy.isOnTimeOff(slot) { problems.append(.onTimeOff) }
        if let conflict = occupancy.conflict(slot) { problems.append(.overlapsBooking(conflict.appointment)) }
        if let full = occupancy.fullDay(slot) { problems.append(.dailyLimitReached(full.date, limit: full.limit)) }
        if let full = occupancy.fullWeek(slot) { problems.append(.weeklyLimitReached(weekStarting: full.weekStart, limit: full.limit)) }

        let sessionDate = (request.clientZone ?? rules.zone).localDate(at: slot.start)
        let coverage = PracticeAuthority.covers(
            credentials,
            clientState: request.clientState,
            on: sessionDate,
            delivery: request.delivery,
            client: request.client,
            rules: licensure
        )
        if case .notCovered(let gaps) = coverage { problems.append(.notLicensed(request.clientState, gaps)) }
        return problems
    }

    /// Throws `SchedulingError.notBookable` with every problem unless `request` can be booked.
    public static func requireBookable(
        _ request: BookingRequest,
        rules: AvailabilityRules,
        exceptions: [DateException] = [],
        appointments: [Appointment],
        otherBusy: [BusyTime] = [],
        credentials: PracticeCredentials,
        now: Date,
        alignment: SlotAlignment = .offeredSlot,
        ignoring: AppointmentID? = nil,
        licensure: LicensureRules = .standard
    ) throws(SchedulingError) {
        let found = problems(
            request,
            rules: rules,
            exceptions: exceptions,
            appointments: appointments,
            otherBusy: otherBusy,
            credentials: credentials,
            now: now,
            alignment: alignment,
            ignoring: ignoring,
            licensure: licensure
        )
        guard found.isEmpty else { throw .notBookable(found) }
    }

    /// Whether `slot` lies in the therapist's hours: one of the offered grid slots, or anywhere inside a window.
    static func isInsideHours(_ slot: Slot, rules: AvailabilityRules, exceptions: [DateException], alignment: SlotAlignment) -> Bool {
        // Windows end by 24:00 of their own date, so only the windows of the start's local date can hold the slot;
        // a session running past midnight from one day's hours into the next day's is not inside the hours.
        let windows = AvailabilityWindow.windows(on: rules.zone.localDate(at: slot.start), rules: rules, exceptions: exceptions)
        switch alignment {
        case .offeredSlot: return windows.contains { $0.gridSlots(rules.session, zone: rules.zone).contains(slot) }
        case .insideHours: return windows.contains { $0.span.contains(slot) }
        }
    }
}
