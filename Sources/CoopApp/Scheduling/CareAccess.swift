import CoopData
import CoopDomain
import Foundation
import SQLKit

/// Use cases for finding and booking care: directory search with the licence filter, open times, booking,
/// rescheduling and cancelling, the client's calendar file and the clinician's private calendar feed.
/// Each verb authorises with `CarePolicy`, validates with the pure rules, and writes in one transaction with its audit entry.
public struct CareAccess: Sendable {
    let services: CoopServices
    /// The cancellation rules when this instance was given fixed ones (tests); otherwise the governed ones are read at each use.
    public let cancellationPolicy: CancellationPolicy
    /// Whether the window and fees are the co-op's governed settings, read at each use (true unless a policy was given).
    let followsGovernedWindow: Bool
    let therapists = TherapistStore()
    let appointments = AppointmentStore()
    let feeds = CalendarFeedStore()
    let members = MemberStore()
    let audit = AuditStore()
    /// The words of waitlist offer emails; without them offers are made but no email is queued.
    public var waitlistMessages: (any WaitlistMessages)?
    /// The words of booking, move and cancellation emails; without them no such email is queued.
    public var bookingMessages: (any BookingMessages)?

    /// How far ahead open times are offered and searched.
    public static let horizonDays = 14
    /// 24 hours' notice to cancel or move without it counting as late, and no fees: the co-op's terms until decisions set them.
    public static let defaultCancellationPolicy = try! CancellationPolicy(windowSeconds: 86_400, lateCancellationFee: .none, noShowFee: .none)

    /// Creates the use cases.
    /// Without `cancellationPolicy`, the window and the late-cancellation and no-show fees are the co-op's governed
    /// settings as they stand at each use (changed only by a passed decision or an emergency change).
    public init(services: CoopServices, cancellationPolicy: CancellationPolicy? = nil) {
        self.services = services
        self.cancellationPolicy = cancellationPolicy ?? CareAccess.defaultCancellationPolicy
        self.followsGovernedWindow = cancellationPolicy == nil
    }

    /// The cancellation rules in force now: the governed window and fees (or the policy this instance was given).
    /// A fee is a fixed amount, not capped while the client's own session fee is not known.
    func currentPolicy() async throws -> CancellationPolicy {
        guard followsGovernedWindow else { return cancellationPolicy }
        let terms = try await services.database.read { sql in try await GovernedSettingStore().cancellationTerms(sql: sql) }
        return try CancellationPolicy(
            windowSeconds: terms.window.seconds, lateCancellationFee: terms.fees.lateCancellationRule, noShowFee: terms.fees.noShowRule,
            lateRescheduleIsCharged: cancellationPolicy.lateRescheduleIsCharged, capAtSessionFee: cancellationPolicy.capAtSessionFee
        )
    }

    /// The current time by the services' clock (tests move it).
    public var now: Date { services.now() }

    /// Throws `AccessDenied` (after auditing the denial) unless `CarePolicy` allows the action.
    func require(_ actor: Actor, _ action: CareAction, origin: RequestOrigin) async throws {
        guard case .deny(let reason) = CarePolicy.decide(actor, action) else { return }
        try await Authorizer.deny(reason, actor: actor, resourceType: "care", action: String(describing: action), services: services, origin: origin)
    }

    // MARK: Therapists

    /// Saves a therapist's profile, credentials and hours (the therapist themself or a coordinator).
    public func saveTherapist(actor: Actor, _ record: TherapistRecord, origin: RequestOrigin) async throws {
        try await require(actor, .manageAvailability(therapist: record.id), origin: origin)
        try await save(record, by: actor.memberID, origin: origin)
    }

    /// Saves a therapist from the terminal or the demo set-up.
    public func saveTherapistFromTerminal(_ record: TherapistRecord) async throws {
        try await save(record, by: nil, origin: .system)
    }

    private func save(_ record: TherapistRecord, by: MemberID?, origin: RequestOrigin) async throws {
        // Re-checks the hours: overlapping rules or a window shorter than a session are refused here.
        _ = try AvailabilityRules(zone: record.zone, weekly: record.weekly, session: record.session)
        try DateException.validate(record.exceptions, session: record.session)
        let now = services.now()
        try await services.database.transaction { sql in
            guard try await members.find(id: record.id, sql: sql) != nil else { throw CareAccessError.therapistNotFound }
            try await therapists.save(record, now: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: by?.rawValue, action: .update, resourceType: "therapist-profile", resourceID: record.id.rawValue, outcome: .success),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// One therapist's profile with open times over the next two weeks and any disclosure they must show.
    public func therapist(_ id: MemberID, actor: Actor, origin: RequestOrigin) async throws -> TherapistView {
        try await require(actor, .viewDirectory, origin: origin)
        let now = services.now()
        let to = now.addingTimeInterval(TimeInterval(Self.horizonDays) * 86_400)
        let (record, booked) = try await services.database.read { sql -> (TherapistRecord?, [AppointmentStore.Stored]) in
            guard let record = try await therapists.find(id, sql: sql) else { return (nil, []) }
            return (record, try await appointments.forTherapist(id, from: now.addingTimeInterval(-8 * 86_400), to: to.addingTimeInterval(8 * 86_400), sql: sql))
        }
        guard let record else { throw CareAccessError.therapistNotFound }
        let slots = try AvailabilityCalculator.openSlots(
            rules: record.rules(), exceptions: record.exceptions, bookings: booked.compactMap(\.appointment.busyTime), from: now, to: to, now: now
        )
        return TherapistView(therapist: record, openSlots: slots, disclosures: Self.disclosures(record, on: IANATimeZone.utc.localDate(at: now)))
    }

    /// The associate disclosures a profile must carry (DOMAIN.md §3), one list of sentences per registration.
    static func disclosures(_ record: TherapistRecord, on date: LocalDate) -> [[LocalizedMessage]] {
        record.profile.credentials.licenses.filter(\.type.isAssociate).compactMap { registration in
            try? AssociateDisclosure(registration: registration, supervision: record.profile.credentials.supervision, on: date).parts
        }
    }
}

/// A therapist's public page: profile, open times, disclosures.
public struct TherapistView: Sendable {
    /// The therapist.
    public let therapist: TherapistRecord
    /// Open session times over the horizon, by start.
    public let openSlots: [Slot]
    /// The associate disclosure sentences, one list per registration.
    public let disclosures: [[LocalizedMessage]]
}
