import Foundation

extension BookingRules {
    /// The problems of each occurrence of `series` that is not cancelled and has not started, by index; occurrences
    /// without problems are left out, so an empty result means the whole series can be booked.
    /// Occurrences moved by daylight-saving gaps may fall off the start grid, so the default alignment is `.insideHours`.
    public static func seriesProblems(
        _ series: AppointmentSeries,
        clientState: USState,
        clientZone: IANATimeZone? = nil,
        delivery: Delivery = .telehealth,
        rules: AvailabilityRules,
        exceptions: [DateException] = [],
        appointments: [Appointment],
        otherBusy: [BusyTime] = [],
        credentials: PracticeCredentials,
        now: Date,
        alignment: SlotAlignment = .insideHours,
        licensure: LicensureRules = .standard
    ) -> [Int: [BookingProblem]] {
        var result: [Int: [BookingProblem]] = [:]
        for occurrence in series.occurrences() where !occurrence.isCancelled && occurrence.slot.start >= now {
            let request = BookingRequest(
                client: series.client,
                slot: occurrence.slot,
                clientState: clientState,
                clientZone: clientZone,
                delivery: delivery
            )
            let found = problems(
                request,
                rules: rules,
                exceptions: exceptions,
                appointments: appointments.filter { $0.series != series.id },
                otherBusy: otherBusy,
                credentials: credentials,
                now: now,
                alignment: alignment,
                licensure: licensure
            )
            if !found.isEmpty { result[occurrence.index] = found }
        }
        return result
    }
}
