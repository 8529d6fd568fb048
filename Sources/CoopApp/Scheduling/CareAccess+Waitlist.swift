import CoopData
import CoopDomain
import Foundation
import SQLKit

/// The words of the offer email, in the client's language; the web layer supplies them from its catalogues.
/// No clinical information: only that a time is held, until when, and where to answer.
public protocol WaitlistMessages: Sendable {
    /// Subject and body for an offer of `slot`, held until `expiresAt`, shown in `zone`.
    func offerEmail(slot: Slot, expiresAt: Date, zone: IANATimeZone, language: Language) -> (subject: String, body: String)
}

/// What a client asks for when joining a waitlist.
public struct WaitlistRequest: Sendable, Equatable {
    /// The therapist's own list, or nil for the co-op's list (any therapist who fits).
    public var therapist: MemberID?
    /// The state the client will be in during sessions.
    public var state: USState
    /// The language sessions must be in, nil for any.
    public var language: LanguageCode?
    /// Days and times the client can come, in `zone`; empty means any.
    public var windows: [WaitlistWindow]
    /// The client's zone.
    public var zone: IANATimeZone
    /// Whether a sliding-scale place is needed.
    public var needsSlidingScale: Bool
    /// Date range and kind of session.
    public var constraints: WaitlistConstraints
    /// For staff: the client's email. Nil when clients join for themselves.
    public var clientEmail: String?

    public init(
        therapist: MemberID? = nil, state: USState, language: LanguageCode? = nil, windows: [WaitlistWindow] = [], zone: IANATimeZone,
        needsSlidingScale: Bool = false, constraints: WaitlistConstraints, clientEmail: String? = nil
    ) {
        self.therapist = therapist
        self.state = state
        self.language = language
        self.windows = windows
        self.zone = zone
        self.needsSlidingScale = needsSlidingScale
        self.constraints = constraints
        self.clientEmail = clientEmail
    }
}

/// An entry with its place in its list.
public struct WaitlistPlace: Sendable {
    public let record: WaitlistRecord
    /// 1 for the first in line.
    public let position: Int
    /// How many wait on the same list.
    public let waiting: Int
    /// The therapist's name for a therapist's list, nil for the co-op's.
    public let therapistName: String?
    /// The client's name (shown to staff).
    public let clientName: String
}

/// An offer with the therapist's name.
public struct OfferView: Sendable {
    public let offer: WaitlistOffer
    public let therapistName: String
}

/// A client's waitlist entries and open offers.
public struct MyWaitlist: Sendable {
    public let places: [WaitlistPlace]
    public let offers: [OfferView]
}

extension CareAccess {
    /// How long an offer holds its time before it passes to the next person when no decision has set the governed
    /// waitlist offer duration: two hours. The governed value is read when each offer is made, and an offer never
    /// holds past the therapist's minimum notice before the session.
    public static let waitlistOfferDuration: TimeInterval = WaitlistOfferDuration.standard.duration
    /// The most time windows one entry may list.
    public static let maximumWaitlistWindows = 14

    /// Joins a waitlist: a therapist's own, or the co-op's. Refused when the client already waits on the same list,
    /// the therapist is unknown, or the dates are reversed or past.
    @discardableResult
    public func joinWaitlist(_ request: WaitlistRequest, actor: Actor, origin: RequestOrigin) async throws -> WaitlistEntryID {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        var client = me
        if let email = request.clientEmail?.trimmingCharacters(in: .whitespaces), !email.isEmpty {
            let address = try EmailAddress(email)
            try await require(actor, .waitlist(client: MemberID.make()), origin: origin)
            guard let found = try await services.database.read({ sql in try await members.find(email: address, sql: sql) }) else {
                throw CareAccessError.clientNotFound
            }
            client = found.member.id
        }
        try await require(actor, .waitlist(client: client), origin: origin)
        guard request.windows.count <= Self.maximumWaitlistWindows else { throw WaitlistError.tooManyWindows(maximum: Self.maximumWaitlistWindows) }
        let now = services.now()
        if let latest = request.constraints.latest, latest < request.zone.localDate(at: now) { throw WaitlistError.invalidDateRange }
        let entry = WaitlistEntry(
            id: .make(), client: client, joinedAt: now, therapist: request.therapist, state: request.state, language: request.language,
            windows: request.windows, zone: request.zone, needsSlidingScale: request.needsSlidingScale
        )
        let clientID = client
        try await services.database.transaction { sql in
            if let therapist = request.therapist, try await therapists.find(therapist, sql: sql) == nil { throw CareAccessError.therapistNotFound }
            let mine = try await waitlists.active(client: clientID, sql: sql)
            if mine.contains(where: { $0.entry.therapist == request.therapist }) { throw WaitlistError.alreadyWaiting }
            try await waitlists.insert(WaitlistRecord(entry: entry, constraints: request.constraints), sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: me.rawValue, onBehalfOf: clientID == me ? nil : clientID.rawValue, client: clientID.rawValue, action: .create,
                    resourceType: "waitlist-entry", resourceID: entry.id.rawValue, outcome: .success,
                    detail: "therapist=\(request.therapist?.rawValue ?? "any")"
                ),
                origin: origin, at: now, sql: sql
            )
        }
        return entry.id
    }

    /// Leaves a waitlist. An offer the entry holds passes to the next person.
    public func leaveWaitlist(_ id: WaitlistEntryID, actor: Actor, origin: RequestOrigin) async throws {
        guard actor.isSignedIn else { throw AccessDenied(.notSignedIn) }
        guard let record = try await services.database.read({ sql in try await waitlists.find(id, sql: sql) }), record.leftAt == nil else {
            throw WaitlistError.entryNotFound
        }
        do {
            try await require(actor, .waitlist(client: record.entry.client), origin: origin)
        } catch is AccessDenied {
            throw WaitlistError.entryNotFound
        }
        let now = services.now()
        try await services.database.transaction { sql in
            guard try await waitlists.leave(id, now: now, sql: sql) else { throw WaitlistError.entryNotFound }
            for offer in try await waitlists.openOffers(sql: sql) where offer.entry == id {
                if try await waitlists.close(offer.id, as: .withdrawn, now: now, sql: sql) {
                    try await passOn(offer, now: now, sql: sql)
                }
            }
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, client: record.entry.client.rawValue, action: .delete, resourceType: "waitlist-entry",
                    resourceID: id.rawValue, outcome: .success
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// The signed-in client's entries with their places in line, and their open offers. Runs due expiries first.
    public func myWaitlist(actor: Actor, origin: RequestOrigin) async throws -> MyWaitlist {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await runDueWork(now: services.now())
        guard case .allow = CarePolicy.decide(actor, .waitlist(client: me)) else { return MyWaitlist(places: [], offers: []) }
        return try await services.database.read { sql in
            let all = try await waitlists.active(sql: sql)
            let places = try await self.places(all.filter { $0.entry.client == me }, among: all, sql: sql)
            var offers: [OfferView] = []
            for offer in try await waitlists.offers(client: me, sql: sql) where offer.status == .open {
                offers.append(OfferView(offer: offer, therapistName: try await members.find(id: offer.therapist, sql: sql)?.member.displayName.value ?? ""))
            }
            return MyWaitlist(places: places, offers: offers)
        }
    }

    /// Every active entry, by list and place (coordinators).
    public func allWaitlists(actor: Actor, origin: RequestOrigin) async throws -> [WaitlistPlace] {
        try await require(actor, .viewWaitlists, origin: origin)
        try await runDueWork(now: services.now())
        return try await services.database.read { sql in
            let all = try await waitlists.active(sql: sql)
            return try await places(all, among: all, sql: sql)
        }
    }

    /// Accepts an open offer: the held time becomes the client's booking and the entry leaves the list.
    /// Refused with `offerNotFound` for someone else's or an unknown offer, `offerNoLongerOpen` once answered or expired;
    /// of two answers at once only one gets through (the offer's conditional update).
    @discardableResult
    public func acceptOffer(_ id: String, actor: Actor, origin: RequestOrigin) async throws -> Appointment {
        let offer = try await ownOffer(id, actor: actor, origin: origin)
        let now = services.now()
        guard offer.status == .open else { throw WaitlistError.offerNoLongerOpen }
        guard now < offer.expiresAt else {
            try await runDueWork(now: now)
            throw WaitlistError.offerNoLongerOpen
        }
        return try await services.database.transaction { sql in
            guard let record = try await waitlists.find(offer.entry, sql: sql) else { throw WaitlistError.offerNoLongerOpen }
            guard try await waitlists.close(offer.id, as: .accepted, now: now, sql: sql),
                try await waitlists.confirmHold(offer.hold, client: offer.client, delivery: record.constraints.delivery, now: now, sql: sql),
                let stored = try await appointments.find(offer.hold, sql: sql)
            else { throw WaitlistError.offerNoLongerOpen }
            _ = try await waitlists.leave(offer.entry, now: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, client: offer.client.rawValue, action: .create, resourceType: "appointment",
                    resourceID: offer.hold.rawValue, outcome: .success,
                    detail: "waitlist-offer=\(offer.id) therapist=\(offer.therapist.rawValue) start=\(ICalendar.isoUTC(offer.slot.start))"
                ),
                origin: origin, at: now, sql: sql
            )
            try await queueNotices(.booked, [stored.appointment], actor: actor, now: now, sql: sql)
            return stored.appointment
        }
    }

    /// Declines an open offer: the client stays on the list and the time passes to the next person who fits.
    public func declineOffer(_ id: String, actor: Actor, origin: RequestOrigin) async throws {
        let offer = try await ownOffer(id, actor: actor, origin: origin)
        let now = services.now()
        try await services.database.transaction { sql in
            guard try await waitlists.close(offer.id, as: .declined, now: now, sql: sql) else { throw WaitlistError.offerNoLongerOpen }
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, client: offer.client.rawValue, action: .update, resourceType: "waitlist-offer",
                    resourceID: offer.id, outcome: .success, detail: "declined"
                ),
                origin: origin, at: now, sql: sql
            )
            try await passOn(offer, now: now, sql: sql)
        }
    }

    /// Due background work: offers whose time ran out by `now` expire and pass to the next person.
    /// Called whenever a waitlist or appointments page is read, and by the scheduler. Returns how many offers expired.
    @discardableResult
    public func runDueWork(now: Date) async throws -> Int {
        let due = try await services.database.read { sql in try await waitlists.openOffers(sql: sql) }.filter { $0.expiresAt <= now }
        var expired = 0
        for offer in due {
            let closed = try await services.database.transaction { sql -> Bool in
                guard try await waitlists.close(offer.id, as: .expired, now: now, sql: sql) else { return false }
                try await audit.append(
                    AuditEvent(actor: nil, client: offer.client.rawValue, action: .update, resourceType: "waitlist-offer", resourceID: offer.id, outcome: .success, detail: "expired"),
                    origin: .system, at: now, sql: sql
                )
                try await passOn(offer, now: now, sql: sql)
                return true
            }
            if closed { expired += 1 }
        }
        return expired
    }

    // MARK: Openings

    /// A time came free in `therapist`'s calendar between `from` and `to` (a cancellation, a move, new hours): each open
    /// slot there is offered to the first waiting client it fits, one slot per client. Failures are logged, not thrown:
    /// the change that freed the time has already happened.
    func offerFreedTime(therapist: MemberID, from: Date, to: Date) async {
        do {
            try await offerOpenings(therapist: therapist, from: from, to: to)
        } catch {
            services.logger.warning("waitlist offer failed", metadata: ["error": "\(error)"])
        }
    }

    /// Exactly these freed times (not their open neighbours) are offered to the waitlist.
    func offerFreedTime(therapist: MemberID, slots: [Slot]) async {
        for slot in slots { await offerFreedTime(therapist: therapist, from: slot.start, to: slot.end) }
    }

    /// Offers the open slots of `therapist` between `from` and `to` to the waitlist; returns how many offers were made.
    @discardableResult
    public func offerOpenings(therapist: MemberID, from: Date, to: Date) async throws -> Int {
        let now = services.now()
        let (record, booked, entries, open) = try await services.database.read { sql in
            (
                try await therapists.find(therapist, sql: sql),
                try await appointments.forTherapist(therapist, from: from.addingTimeInterval(-8 * 86_400), to: to.addingTimeInterval(8 * 86_400), sql: sql),
                try await waitlists.active(sql: sql),
                try await waitlists.openOffers(sql: sql)
            )
        }
        guard let record, !entries.isEmpty else { return 0 }
        let slots = try AvailabilityCalculator.openSlots(
            rules: record.rules(), exceptions: record.exceptions, bookings: booked.compactMap(\.appointment.busyTime), from: max(from, now), to: to, now: now
        )
        var busy = Set(open.map(\.entry))
        var made = 0
        for slot in slots {
            guard let candidate = Self.firstInLine(for: slot, record: record, entries: entries, busy: busy, now: now) else { continue }
            do {
                let offered = try await services.database.transaction { sql -> Bool in
                    // Checked again inside the transaction: another instance may have offered to the same person.
                    let busyNow = Set(try await waitlists.openOffers(sql: sql).map(\.entry))
                    let current = try await waitlists.active(sql: sql)
                    guard let next = Self.firstInLine(for: slot, record: record, entries: current, busy: busyNow, now: now) else { return false }
                    let hold = Appointment(
                        id: .make(), therapist: record.id, client: next.entry.client, slot: slot, status: .proposed, clientState: next.entry.state,
                        delivery: next.constraints.delivery
                    )
                    try await appointments.insert(hold, footprint: record.session.footprint(slot), bookedBy: nil, now: now, sql: sql)
                    try await makeOffer(next, hold: hold.id, record: record, slot: slot, now: now, sql: sql)
                    return true
                }
                if offered { made += 1 }
            } catch CareAccessError.slotJustTaken {
                continue
            }
            busy.insert(candidate.entry.id)
        }
        return made
    }

    /// The entry first in line for `slot` with this therapist, or nil: FIFO among the active entries that are not
    /// `busy` (holding an offer) and whose constraints, licence state, language, windows and dates fit (`Backfill`).
    public static func firstInLine(for slot: Slot, record: TherapistRecord, entries: [WaitlistRecord], busy: Set<WaitlistEntryID>, now: Date) -> WaitlistRecord? {
        let profile = record.profile
        let latest = slot.start.addingTimeInterval(-record.session.minimumNotice)
        guard now < latest else { return nil }
        var best: WaitlistRecord?
        for delivery in Delivery.allCases where profile.deliveries.contains(delivery) {
            let fitting = entries.filter {
                $0.constraints.delivery == delivery
                    && $0.constraints.accepts(slot, zone: $0.entry.zone, modalities: profile.modalities, deliveries: profile.deliveries)
            }
            let opening = WaitlistOpening(
                slot: slot, credentials: profile.credentials, languages: profile.languages, slidingScale: profile.slidingScale, delivery: delivery
            )
            guard
                let started = try? Backfill.start(
                    opening, entries: fitting.map(\.entry), now: now, offerDuration: waitlistOfferDuration, latestAcceptance: latest, busy: busy
                ),
                case .offered(let id, _) = started.0.state,
                let found = fitting.first(where: { $0.entry.id == id })
            else { continue }
            if let current = best, (current.entry.joinedAt, current.entry.id.rawValue) < (found.entry.joinedAt, found.entry.id.rawValue) { continue }
            best = found
        }
        return best
    }

    /// After an offer was declined, expired or withdrawn: the held time goes to the next person who fits and has not
    /// been offered it yet, or is released when nobody is left (or it is too close to start).
    func passOn(_ previous: WaitlistOffer, now: Date, sql: any SQLDatabase) async throws {
        guard let record = try await therapists.find(previous.therapist, sql: sql),
            let hold = try await appointments.find(previous.hold, sql: sql), hold.appointment.status == .proposed
        else { return }
        let tried = Set(try await waitlists.offers(hold: previous.hold, sql: sql).map(\.entry))
        let busy = Set(try await waitlists.openOffers(sql: sql).map(\.entry)).union(tried)
        let entries = try await waitlists.active(sql: sql)
        guard let next = Self.firstInLine(for: previous.slot, record: record, entries: entries, busy: busy, now: now) else {
            try await waitlists.releaseHold(previous.hold, sql: sql)
            return
        }
        try await waitlists.reassignHold(previous.hold, to: next.entry.client, state: next.entry.state, now: now, sql: sql)
        try await makeOffer(next, hold: previous.hold, record: record, slot: previous.slot, now: now, sql: sql)
    }

    /// Records an offer to `entry` and queues its email, in the caller's transaction.
    private func makeOffer(_ entry: WaitlistRecord, hold: AppointmentID, record: TherapistRecord, slot: Slot, now: Date, sql: any SQLDatabase) async throws {
        let latest = slot.start.addingTimeInterval(-record.session.minimumNotice)
        let duration = try await GovernedSettingStore().reminderSettings(sql: sql).offerDuration.duration
        let offer = WaitlistOffer(
            id: UUID().uuidString.lowercased(), entry: entry.entry.id, client: entry.entry.client, therapist: record.id, hold: hold, slot: slot,
            status: .open, offeredAt: now, expiresAt: min(now.addingTimeInterval(duration), latest), answeredAt: nil
        )
        try await waitlists.insert(offer, sql: sql)
        try await audit.append(
            AuditEvent(
                actor: nil, client: entry.entry.client.rawValue, action: .create, resourceType: "waitlist-offer", resourceID: offer.id, outcome: .success,
                detail: "entry=\(entry.entry.id.rawValue) therapist=\(record.id.rawValue) start=\(ICalendar.isoUTC(slot.start))"
            ),
            origin: .system, at: now, sql: sql
        )
        if let waitlistMessages, let member = try await members.find(id: entry.entry.client, sql: sql)?.member, member.status == .active {
            let email = waitlistMessages.offerEmail(slot: slot, expiresAt: offer.expiresAt, zone: entry.entry.zone, language: member.language)
            try await OutboxStore().enqueue(recipient: member.email.value, subject: email.subject, body: email.body, now: now, sql: sql)
        }
    }

    /// An offer that belongs to the actor (or any, for a coordinator); anything else is "not found".
    private func ownOffer(_ id: String, actor: Actor, origin: RequestOrigin) async throws -> WaitlistOffer {
        guard actor.isSignedIn else { throw AccessDenied(.notSignedIn) }
        guard UUID(uuidString: id) != nil, let offer = try await services.database.read({ sql in try await waitlists.offer(id.lowercased(), sql: sql) }) else {
            throw WaitlistError.offerNotFound
        }
        do {
            try await require(actor, .waitlist(client: offer.client), origin: origin)
        } catch is AccessDenied {
            throw WaitlistError.offerNotFound
        }
        return offer
    }

    /// Places in line: each entry's position among the active entries of the same list.
    private func places(_ entries: [WaitlistRecord], among all: [WaitlistRecord], sql: any SQLDatabase) async throws -> [WaitlistPlace] {
        var names: [MemberID: String] = [:]
        func name(_ id: MemberID) async throws -> String {
            if let known = names[id] { return known }
            let found = try await members.find(id: id, sql: sql)?.member.displayName.value ?? ""
            names[id] = found
            return found
        }
        var result: [WaitlistPlace] = []
        for record in entries {
            let list = all.filter { $0.entry.therapist == record.entry.therapist }
            let position = (list.firstIndex { $0.entry.id == record.entry.id } ?? 0) + 1
            result.append(
                WaitlistPlace(
                    record: record, position: position, waiting: list.count,
                    therapistName: record.entry.therapist == nil ? nil : try await name(record.entry.therapist!), clientName: try await name(record.entry.client)
                )
            )
        }
        return result
    }

    var waitlists: WaitlistStore { WaitlistStore() }
}
