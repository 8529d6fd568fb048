import CoopData
import CoopDomain
import Foundation
import SQLKit

/// What a client asks for when booking.
public struct BookingCommand: Sendable, Equatable {
    /// The therapist.
    public var therapist: MemberID
    /// The session start (one of the offered times).
    public var start: Date
    /// Where the client will be during the session.
    public var clientState: USState
    /// The client's zone, for the session date the licence is checked on.
    public var clientZone: IANATimeZone?
    /// Telehealth or in person.
    public var delivery: Delivery
    /// For staff booking: the client's email address. Nil when clients book for themselves.
    public var clientEmail: String?

    /// Creates a command.
    public init(therapist: MemberID, start: Date, clientState: USState, clientZone: IANATimeZone? = nil, delivery: Delivery = .telehealth, clientEmail: String? = nil) {
        self.therapist = therapist
        self.start = start
        self.clientState = clientState
        self.clientZone = clientZone
        self.delivery = delivery
        self.clientEmail = clientEmail
    }
}

/// An appointment with the names a page shows.
public struct AppointmentView: Sendable {
    public let appointment: Appointment
    public let therapistName: String
    /// The client's name: shown to the therapist and staff only.
    public let clientName: String
    /// Whether a change now would be inside the cancellation window.
    public let wouldBeLate: Bool
}

/// A member's bookings: as a client, and (for clinicians) the sessions in their own calendar.
public struct MyAppointments: Sendable {
    public let asClient: [AppointmentView]
    public let asTherapist: [AppointmentView]
    /// The cancellation window in force, in hours (the co-op's governed setting).
    public var windowHours: Int = 24
    /// The fee a late cancellation by the client costs now (the co-op's governed fees; zero for none).
    public var lateCancellationFee: Money = .zero
}

extension CareAccess {
    /// Books a session. Clients book for themselves; staff name the client by email. Refused with every problem the
    /// rules find (past, notice, outside hours, licence…), or `CareAccessError.slotJustTaken` when the time went a moment ago.
    @discardableResult
    public func book(_ command: BookingCommand, actor: Actor, origin: RequestOrigin) async throws -> Appointment {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let client: MemberID
        if let email = command.clientEmail?.trimmingCharacters(in: .whitespaces), !email.isEmpty {
            let address = try EmailAddress(email)
            guard let found = try await services.database.read({ sql in try await members.find(email: address, sql: sql) }) else {
                try await require(actor, .book(client: MemberID.make(), therapist: command.therapist), origin: origin)
                throw CareAccessError.clientNotFound
            }
            client = found.member.id
        } else {
            client = me
        }
        try await require(actor, .book(client: client, therapist: command.therapist), origin: origin)
        let now = services.now()
        // The profile, hours and the bookings around the time are read on a reader, and the rules checked against them
        // there, so a refusal never waits for the writer and its lock is held only for the claims, the insert and the
        // audit entry. Two bookings of one time are still refused by the claims' primary key, whatever the rules said.
        let (record, slot, around) = try await services.database.read { sql in
            guard let record = try await services.therapistCache.record(command.therapist, store: therapists, sql: sql) else {
                throw CareAccessError.therapistNotFound
            }
            let slot = try Slot(start: command.start, minutes: record.session.sessionMinutes)
            return (record, slot, try await nearby(record, around: slot, sql: sql))
        }
        let request = BookingRequest(client: client, slot: slot, clientState: command.clientState, clientZone: command.clientZone, delivery: command.delivery)
        try check(request, record: record, existing: around, now: now, ignoring: nil)
        // Only a daily or weekly cap can be broken by a booking of another time made in the meantime; every clash of
        // times (buffers included) is refused by the claims' primary key below, whatever was read a moment ago.
        return try await services.database.transaction { sql in
            if record.session.isCapped {
                try await therapists.lockForBooking(record.id, sql: sql)
                let existing = try await nearby(record, around: slot, sql: sql)
                try check(request, record: record, existing: existing, now: now, ignoring: nil)
            }
            let appointment = Appointment(id: .make(), therapist: record.id, client: client, slot: slot, clientState: command.clientState, delivery: command.delivery)
            try await appointments.insert(appointment, footprint: record.session.footprint(slot), bookedBy: me, now: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: me.rawValue, onBehalfOf: client == me ? nil : client.rawValue, client: client.rawValue, action: .create,
                    resourceType: "appointment", resourceID: appointment.id.rawValue, outcome: .success,
                    detail: "therapist=\(record.id.rawValue) start=\(ICalendar.isoUTC(slot.start))"
                ),
                origin: origin, at: now, sql: sql
            )
            // Its "booked" email event was written by the database with the insert (M018).
            return appointment
        }
    }

    /// Moves an appointment to another offered time. A client may move it only outside the cancellation window;
    /// the therapist and coordinators may move it at any time. The calendar SEQUENCE goes up by one.
    @discardableResult
    public func reschedule(_ id: AppointmentID, to start: Date, actor: Actor, origin: RequestOrigin) async throws -> Appointment {
        let current = try await load(id, actor: actor, action: { .changeAppointment(client: $0.client, therapist: $0.therapist) }, origin: origin)
        let now = services.now()
        let cancellationPolicy = try await currentPolicy()
        let byClient = actor.memberID == current.client && !actor.has(.coordinator)
        if byClient, cancellationPolicy.timing(start: current.slot.start, actionAt: now) == .late {
            throw CareAccessError.rescheduleTooLate(windowHours: cancellationPolicy.windowSeconds / 3600)
        }
        let moved = try await services.database.transaction { sql in
            guard let stored = try await appointments.find(id, sql: sql) else { throw CareAccessError.appointmentNotFound }
            guard let record = try await therapists.find(stored.appointment.therapist, sql: sql) else { throw CareAccessError.therapistNotFound }
            try await therapists.lockForBooking(record.id, sql: sql)
            let slot = try Slot(start: start, minutes: record.session.sessionMinutes)
            let existing = try await nearby(record, around: slot, sql: sql)
            let request = BookingRequest(client: stored.appointment.client, slot: slot, clientState: stored.appointment.clientState, delivery: stored.appointment.delivery)
            try check(request, record: record, existing: existing, now: now, ignoring: id)
            let outcome = try stored.appointment.rescheduled(
                to: slot, by: byClient ? .client : .coop, at: now, policy: cancellationPolicy, sessionFee: nil
            )
            try await appointments.reschedule(outcome.appointment, footprint: record.session.footprint(slot), now: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, client: stored.appointment.client.rawValue, action: .update, resourceType: "appointment",
                    resourceID: id.rawValue, outcome: .success,
                    detail: "reschedule from=\(ICalendar.isoUTC(stored.appointment.slot.start)) to=\(ICalendar.isoUTC(slot.start)) timing=\(outcome.timing.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
            try await queueNotices(.moved, [outcome.appointment], previousStart: stored.appointment.slot.start, actor: actor, now: now, sql: sql)
            return outcome.appointment
        }
        // The old time is free: offer it to the waitlist.
        await offerFreedTime(therapist: current.therapist, slots: [current.slot])
        return moved
    }

    /// Cancels an appointment and frees its time. Inside the cancellation window it is recorded as late.
    @discardableResult
    public func cancel(_ id: AppointmentID, actor: Actor, origin: RequestOrigin) async throws -> Appointment {
        let current = try await load(id, actor: actor, action: { .changeAppointment(client: $0.client, therapist: $0.therapist) }, origin: origin)
        let now = services.now()
        let cancellationPolicy = try await currentPolicy()
        let by: CancelledBy = actor.memberID == current.client ? .client : actor.memberID == current.therapist ? .therapist : .coop
        let cancelled = try await services.database.transaction { sql in
            guard let stored = try await appointments.find(id, sql: sql) else { throw CareAccessError.appointmentNotFound }
            let cancelled = try stored.appointment.cancelled(by: by, at: now, policy: cancellationPolicy, sessionFee: nil)
            try await appointments.cancel(cancelled, now: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, client: stored.appointment.client.rawValue, action: .update, resourceType: "appointment",
                    resourceID: id.rawValue, outcome: .success,
                    detail: "cancel by=\(by.rawValue) timing=\(cancelled.cancellation?.timing.rawValue ?? "") fee_cents=\(cancelled.cancellation?.fee.cents ?? 0)"
                ),
                origin: origin, at: now, sql: sql
            )
            try await queueNotices(.cancelled, [cancelled], actor: actor, now: now, sql: sql)
            return cancelled
        }
        // The time is free: offer it to the waitlist.
        await offerFreedTime(therapist: current.therapist, slots: [current.slot])
        return cancelled
    }

    /// Records that the client did not come: only the session's therapist or a coordinator, once the session has
    /// started, for a booked session. The fee is the co-op's governed no-show fee. Audited.
    @discardableResult
    public func recordNoShow(_ id: AppointmentID, actor: Actor, origin: RequestOrigin) async throws -> Appointment {
        let current = try await load(id, actor: actor, action: { .recordAttendance(therapist: $0.therapist) }, origin: origin)
        let now = services.now()
        let cancellationPolicy = try await currentPolicy()
        return try await update(
            current.id, actor: actor, origin: origin, now: now,
            change: { try $0.noShow(at: now, policy: cancellationPolicy, sessionFee: nil) },
            save: { missed, sql in try await appointments.recordNoShow(missed, now: now, sql: sql) },
            detail: { "no-show fee_cents=\($0.noShowFee?.cents ?? 0)" }
        )
    }

    /// Waives a session's late-cancellation or no-show fee: only the session's therapist or a coordinator. The fee stays
    /// on record, marked waived, and the client owes nothing for it. Audited.
    @discardableResult
    public func waiveFee(_ id: AppointmentID, actor: Actor, origin: RequestOrigin) async throws -> Appointment {
        let current = try await load(id, actor: actor, action: { .waiveFee(therapist: $0.therapist) }, origin: origin)
        let now = services.now()
        return try await update(
            current.id, actor: actor, origin: origin, now: now,
            change: { try $0.waivingFee(by: actor.memberID, at: now) },
            save: { waived, sql in try await appointments.waiveFee(waived, now: now, sql: sql) },
            detail: { "fee-waived fee_cents=\($0.fee.cents)" }
        )
    }

    /// Changes one appointment in a transaction with its audit entry: reads it again, applies `change` (the domain
    /// rule, which may refuse), stores the result with `save` and audits it with `detail`.
    private func update(
        _ id: AppointmentID, actor: Actor, origin: RequestOrigin, now: Date, change: @escaping @Sendable (Appointment) throws -> Appointment,
        save: @escaping @Sendable (Appointment, any SQLDatabase) async throws -> Void, detail: @escaping @Sendable (Appointment) -> String
    ) async throws -> Appointment {
        try await services.database.transaction { sql in
            guard let stored = try await appointments.find(id, sql: sql) else { throw CareAccessError.appointmentNotFound }
            let changed = try change(stored.appointment)
            try await save(changed, sql)
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, client: stored.appointment.client.rawValue, action: .update, resourceType: "appointment",
                    resourceID: id.rawValue, outcome: .success, detail: detail(changed)
                ),
                origin: origin, at: now, sql: sql
            )
            return changed
        }
    }

    /// The member's own bookings, and for clinicians the sessions in their calendar (upcoming first).
    public func myAppointments(actor: Actor, origin: RequestOrigin) async throws -> MyAppointments {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await require(actor, .viewBookings(therapist: me), origin: origin)
        let now = services.now()
        let cancellationPolicy = try await currentPolicy()
        return try await services.database.read { sql in
            // A `proposed` appointment is a waitlist hold: it shows as an offer, not as a booking.
            let own = try await appointments.forClient(me, sql: sql).filter { $0.appointment.status != .proposed }
            var mine: [AppointmentStore.Stored] = []
            if actor.has(.clinician) {
                mine = try await appointments.forTherapist(me, from: now.addingTimeInterval(-30 * 86_400), to: now.addingTimeInterval(365 * 86_400), sql: sql)
            }
            var names: [MemberID: String] = [:]
            for id in Set(own.map(\.appointment.therapist) + mine.map(\.appointment.client)) {
                names[id] = try await members.find(id: id, sql: sql)?.member.displayName.value ?? ""
            }
            func view(_ stored: AppointmentStore.Stored) -> AppointmentView {
                AppointmentView(
                    appointment: stored.appointment, therapistName: names[stored.appointment.therapist] ?? "",
                    clientName: names[stored.appointment.client] ?? "",
                    wouldBeLate: cancellationPolicy.timing(start: stored.appointment.slot.start, actionAt: now) == .late
                )
            }
            return MyAppointments(
                asClient: own.map(view), asTherapist: mine.map(view), windowHours: cancellationPolicy.windowSeconds / 3600,
                lateCancellationFee: cancellationPolicy.cancellationFee(timing: .late, by: .client, sessionFee: nil)
            )
        }
    }

    /// Reads an appointment and authorises `action` on it; an appointment the actor may not see is "not found".
    func load(_ id: AppointmentID, actor: Actor, action: (Appointment) -> CareAction, origin: RequestOrigin) async throws -> Appointment {
        guard actor.isSignedIn else { throw AccessDenied(.notSignedIn) }
        guard let stored = try await services.database.read({ sql in try await appointments.find(id, sql: sql) }) else {
            throw CareAccessError.appointmentNotFound
        }
        do {
            try await require(actor, action(stored.appointment), origin: origin)
        } catch is AccessDenied {
            // Saying "forbidden" would confirm that the appointment exists.
            throw CareAccessError.appointmentNotFound
        }
        return stored.appointment
    }

    /// The times the therapist's bookings hold around `slot`: a week either side when a daily or weekly cap counts
    /// them, otherwise a day either side (a neighbour's session and buffers span at most 20 hours).
    private func nearby(_ record: TherapistRecord, around slot: Slot, sql: any SQLDatabase) async throws -> [BusyTime] {
        let reach: TimeInterval = record.session.isCapped ? 8 * 86_400 : 86_400
        return try await appointments.heldTimes(record.id, from: slot.start.addingTimeInterval(-reach), to: slot.end.addingTimeInterval(reach), sql: sql)
    }

    /// Runs the booking rules; a clash with an existing booking reads as "just taken".
    private func check(_ request: BookingRequest, record: TherapistRecord, existing: [BusyTime], now: Date, ignoring: AppointmentID?) throws {
        let problems = BookingRules.problems(
            request, rules: try record.rules(), exceptions: record.exceptions, appointments: [],
            otherBusy: existing.filter { ignoring == nil || $0.appointment != ignoring }, credentials: record.profile.credentials, now: now
        )
        guard !problems.isEmpty else { return }
        if problems.allSatisfy({ if case .overlapsBooking = $0 { true } else { false } }) { throw CareAccessError.slotJustTaken }
        throw SchedulingError.notBookable(problems)
    }
}
