import CoopData
import CoopDomain
import Foundation
import SQLKit

/// What a client (or staff for a client) asks for when booking a recurring series.
public struct SeriesCommand: Sendable, Equatable {
    /// The therapist.
    public var therapist: MemberID
    /// The first session's start (one of the offered times); later ones keep its wall-clock time in the therapist's zone.
    public var start: Date
    /// Weekly or every two weeks.
    public var frequency: RecurrenceRule.Frequency
    /// How many sessions, 2…`CareAccess.maximumSeriesSessions` (ignored when `until` is given).
    public var count: Int
    /// The last date a session may fall on, in the therapist's zone, instead of a count: the series then holds every
    /// weekly or fortnightly date from the first up to it, which must be 2…`CareAccess.maximumSeriesSessions` sessions.
    public var until: LocalDate?
    /// Where the client will be.
    public var clientState: USState
    /// The client's zone, for the session dates the licence is checked on.
    public var clientZone: IANATimeZone?
    /// Telehealth or in person.
    public var delivery: Delivery
    /// For staff booking: the client's email.
    public var clientEmail: String?
    /// Book the free dates only and skip the taken ones (otherwise any taken date refuses the whole series).
    public var skipTaken: Bool

    public init(
        therapist: MemberID, start: Date, frequency: RecurrenceRule.Frequency, count: Int, clientState: USState, clientZone: IANATimeZone? = nil,
        delivery: Delivery = .telehealth, clientEmail: String? = nil, skipTaken: Bool = false, until: LocalDate? = nil
    ) {
        self.until = until
        self.therapist = therapist
        self.start = start
        self.frequency = frequency
        self.count = count
        self.clientState = clientState
        self.clientZone = clientZone
        self.delivery = delivery
        self.clientEmail = clientEmail
        self.skipTaken = skipTaken
    }
}

/// A booked series: its id, the sessions booked, and the dates skipped (therapist's zone).
public struct BookedSeries: Sendable {
    public let id: SeriesID
    public let booked: [Appointment]
    public let skipped: [LocalDate]
}

/// Where an appointment sits in its series.
public struct SeriesPlace: Sendable, Equatable {
    public let series: SeriesID
    /// From 1.
    public let number: Int
    public let total: Int
    public let frequency: RecurrenceRule.Frequency
}

extension CareAccess {
    /// The most sessions one series booking may hold.
    public static let maximumSeriesSessions = 12

    /// Books a weekly or fortnightly series in one transaction: every session claims its time, so either all are
    /// booked or (when a date is taken, outside hours or not covered by the licence) none are and the error names the
    /// dates — unless `skipTaken` asks to book the free dates only.
    public func bookSeries(_ command: SeriesCommand, actor: Actor, origin: RequestOrigin) async throws -> BookedSeries {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        if command.until == nil, !(2...Self.maximumSeriesSessions).contains(command.count) {
            throw WaitlistError.invalidSeriesLength(maximum: Self.maximumSeriesSessions)
        }
        var client = me
        if let email = command.clientEmail?.trimmingCharacters(in: .whitespaces), !email.isEmpty {
            let address = try EmailAddress(email)
            guard let found = try await services.database.read({ sql in try await members.find(email: address, sql: sql) }) else {
                try await require(actor, .book(client: MemberID.make(), therapist: command.therapist), origin: origin)
                throw CareAccessError.clientNotFound
            }
            client = found.member.id
        }
        try await require(actor, .book(client: client, therapist: command.therapist), origin: origin)
        let now = services.now()
        let clientID = client
        return try await services.database.transaction { sql in
            guard let record = try await therapists.find(command.therapist, sql: sql) else { throw CareAccessError.therapistNotFound }
            try await therapists.lockForBooking(record.id, sql: sql)
            let local = record.zone.local(at: command.start)
            let series: AppointmentSeries
            do {
                series = try AppointmentSeries(
                    id: .make(), therapist: record.id, client: clientID, zone: record.zone, firstDate: local.date, startTime: local.time,
                    durationMinutes: record.session.sessionMinutes,
                    rule: RecurrenceRule(command.frequency, end: command.until.map { .until($0) } ?? .count(command.count))
                )
            } catch SchedulingError.untilBeforeStart, SchedulingError.invalidOccurrenceCount where command.until != nil {
                throw WaitlistError.invalidSeriesEnd(maximum: Self.maximumSeriesSessions)
            }
            // An end date stands for the number of dates up to it, within the same bounds as a count.
            if command.until != nil, !(2...Self.maximumSeriesSessions).contains(series.count) {
                throw WaitlistError.invalidSeriesEnd(maximum: Self.maximumSeriesSessions)
            }
            let occurrences = series.occurrences()
            guard let last = occurrences.last else { throw WaitlistError.invalidSeriesLength(maximum: Self.maximumSeriesSessions) }
            let existing = try await appointments.forTherapist(
                record.id, from: command.start.addingTimeInterval(-8 * 86_400), to: last.slot.end.addingTimeInterval(8 * 86_400), sql: sql
            ).map(\.appointment)
            var problems = BookingRules.seriesProblems(
                series, clientState: command.clientState, clientZone: command.clientZone, delivery: command.delivery, rules: try record.rules(),
                exceptions: record.exceptions, appointments: existing, credentials: record.profile.credentials, now: now
            )
            // The first session must be one of the offered times exactly, like a single booking.
            if occurrences[0].slot.start < now { problems[0, default: []].append(.inPast) }
            let bad = problems.keys.sorted().map { series.ruleDate($0) }
            if !bad.isEmpty && (!command.skipTaken || bad.count == occurrences.count) { throw WaitlistError.seriesConflicts(bad) }
            try await seriesStore.insert(series, now: now, sql: sql)
            var booked: [Appointment] = []
            for occurrence in occurrences where problems[occurrence.index] == nil {
                let appointment = try series.appointment(occurrence.index, id: .make(), clientState: command.clientState, delivery: command.delivery)
                do {
                    try await appointments.insert(appointment, footprint: record.session.footprint(appointment.slot), bookedBy: me, now: now, sql: sql)
                } catch CareAccessError.slotJustTaken {
                    throw WaitlistError.seriesConflicts([occurrence.ruleDate])
                }
                try await seriesStore.link(appointment.id, to: series.id, occurrence: occurrence.index, sql: sql)
                booked.append(appointment)
            }
            try await audit.append(
                AuditEvent(
                    actor: me.rawValue, onBehalfOf: clientID == me ? nil : clientID.rawValue, client: clientID.rawValue, action: .create,
                    resourceType: "appointment-series", resourceID: series.id.rawValue, outcome: .success,
                    detail: "therapist=\(record.id.rawValue) frequency=\(command.frequency.rawValue) booked=\(booked.count) skipped=\(bad.count)"
                ),
                origin: origin, at: now, sql: sql
            )
            // The database wrote each session's "booked" event with its insert (M018); the series makes one email.
            try await BookingEventStore().group(booked.map(\.id), sql: sql)
            return BookedSeries(id: series.id, booked: booked, skipped: bad)
        }
    }

    /// Where each of the client's appointments sits in its series (appointments that stand alone are absent).
    public func seriesPlaces(actor: Actor, origin: RequestOrigin) async throws -> [AppointmentID: SeriesPlace] {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        return try await services.database.read { sql in
            let links = try await seriesStore.memberships(client: me, sql: sql)
            var series: [SeriesID: AppointmentSeries] = [:]
            var result: [AppointmentID: SeriesPlace] = [:]
            for (appointment, link) in links {
                if series[link.series] == nil { series[link.series] = try await seriesStore.find(link.series, sql: sql) }
                guard let found = series[link.series] else { continue }
                result[appointment] = SeriesPlace(series: link.series, number: link.occurrence + 1, total: found.count, frequency: found.rule.frequency)
            }
            return result
        }
    }

    /// Cancels this session and every later one of its series (each recorded as late when inside the window), and
    /// offers the freed times to the waitlist. Returns the cancelled appointments.
    @discardableResult
    public func cancelFollowing(_ id: AppointmentID, actor: Actor, origin: RequestOrigin) async throws -> [Appointment] {
        let current = try await load(id, actor: actor, action: { .changeAppointment(client: $0.client, therapist: $0.therapist) }, origin: origin)
        let now = services.now()
        let cancellationPolicy = try await currentPolicy()
        let by: CancelledBy = actor.memberID == current.client ? .client : actor.memberID == current.therapist ? .therapist : .coop
        let cancelled = try await services.database.transaction { sql -> [Appointment] in
            guard let link = try await seriesStore.membership(of: id, sql: sql) else { throw WaitlistError.notInSeries }
            var done: [Appointment] = []
            for (_, stored) in try await seriesStore.appointments(of: link.series, from: link.occurrence, sql: sql)
            where stored.appointment.status.isUpcoming && stored.appointment.slot.start > now {
                let appointment = try stored.appointment.cancelled(by: by, at: now, policy: cancellationPolicy, sessionFee: nil)
                try await appointments.cancel(appointment, now: now, sql: sql)
                done.append(appointment)
            }
            guard !done.isEmpty else { throw SchedulingError.appointmentNotActive(id, current.status) }
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, client: current.client.rawValue, action: .update, resourceType: "appointment-series",
                    resourceID: link.series.rawValue, outcome: .success, detail: "cancel-following from=\(link.occurrence) count=\(done.count) by=\(by.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
            try await queueNotices(.cancelled, done, actor: actor, now: now, sql: sql)
            return done
        }
        await offerFreedTime(therapist: current.therapist, slots: cancelled.map(\.slot))
        return cancelled
    }

    /// Moves this session and every later one of its series to another weekday and/or wall-clock time in the
    /// therapist's zone (DST-safe: each date keeps the local time). The series is split: the earlier sessions keep the
    /// old rule, the moved ones form a new series. All or nothing: a clash names its dates and changes nothing.
    @discardableResult
    public func moveFollowing(_ id: AppointmentID, weekday: Weekday, time: LocalTime, actor: Actor, origin: RequestOrigin) async throws -> [Appointment] {
        let current = try await load(id, actor: actor, action: { .changeAppointment(client: $0.client, therapist: $0.therapist) }, origin: origin)
        let now = services.now()
        let cancellationPolicy = try await currentPolicy()
        let byClient = actor.memberID == current.client && !actor.has(.coordinator)
        if byClient, cancellationPolicy.timing(start: current.slot.start, actionAt: now) == .late {
            throw CareAccessError.rescheduleTooLate(windowHours: cancellationPolicy.windowSeconds / 3600)
        }
        let (moved, freed) = try await services.database.transaction { sql -> ([Appointment], [Slot]) in
            guard let link = try await seriesStore.membership(of: id, sql: sql), let series = try await seriesStore.find(link.series, sql: sql) else {
                throw WaitlistError.notInSeries
            }
            guard let record = try await therapists.find(current.therapist, sql: sql) else { throw CareAccessError.therapistNotFound }
            let anchor = series.ruleDate(link.occurrence)
            let newFirst = anchor.adding(days: weekday.rawValue - anchor.weekday.rawValue)
            let (_, following) = try series.splitting(at: link.occurrence, newID: .make(), firstDate: newFirst, startTime: time)
            let affected = try await seriesStore.appointments(of: link.series, from: link.occurrence, sql: sql)
                .filter { $0.stored.appointment.status.isUpcoming && $0.stored.appointment.slot.start > now }
            guard !affected.isEmpty else { throw SchedulingError.appointmentNotActive(id, current.status) }
            let ids = Set(affected.map(\.stored.appointment.id))
            let lastEnd = following.ruleSlot(following.count - 1).end
            let existing = try await appointments.forTherapist(
                record.id, from: min(current.slot.start, following.ruleSlot(0).start).addingTimeInterval(-8 * 86_400),
                to: lastEnd.addingTimeInterval(8 * 86_400), sql: sql
            ).map(\.appointment).filter { !ids.contains($0.id) }
            // Release the old times first, so a session may move onto a time its neighbour leaves.
            for id in ids { try await appointments.release(id, sql: sql) }
            try await seriesStore.insert(following, follows: link.series, now: now, sql: sql)
            var conflicts: [LocalDate] = []
            var results: [Appointment] = []
            for (occurrence, stored) in affected {
                let index = occurrence - link.occurrence
                let slot = following.ruleSlot(index)
                let request = BookingRequest(
                    client: stored.appointment.client, slot: slot, clientState: stored.appointment.clientState, delivery: stored.appointment.delivery
                )
                let problems = BookingRules.problems(
                    request, rules: try record.rules(), exceptions: record.exceptions, appointments: existing + results,
                    credentials: record.profile.credentials, now: now, alignment: .insideHours
                )
                if !problems.isEmpty {
                    conflicts.append(following.ruleDate(index))
                    continue
                }
                let outcome = try stored.appointment.rescheduled(to: slot, by: byClient ? .client : .coop, at: now, policy: cancellationPolicy, sessionFee: nil)
                do {
                    try await appointments.reschedule(outcome.appointment, footprint: record.session.footprint(slot), now: now, sql: sql)
                } catch CareAccessError.slotJustTaken {
                    conflicts.append(following.ruleDate(index))
                    continue
                }
                try await seriesStore.link(stored.appointment.id, to: following.id, occurrence: index, sql: sql)
                results.append(outcome.appointment)
            }
            if !conflicts.isEmpty { throw WaitlistError.seriesConflicts(conflicts) }
            if link.occurrence > 0 { try await seriesStore.truncate(link.series, to: link.occurrence, sql: sql) }
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, client: current.client.rawValue, action: .update, resourceType: "appointment-series",
                    resourceID: following.id.rawValue, outcome: .success,
                    detail: "move-following from-series=\(link.series.rawValue) from=\(link.occurrence) weekday=\(weekday.rawValue) time=\(time)"
                ),
                origin: origin, at: now, sql: sql
            )
            try await queueNotices(.moved, results, actor: actor, now: now, sql: sql)
            return (results, affected.map(\.stored.appointment.slot))
        }
        await offerFreedTime(therapist: current.therapist, slots: freed)
        return moved
    }

    var seriesStore: SeriesStore { SeriesStore() }
}
