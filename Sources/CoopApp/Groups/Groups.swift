import CoopData
import CoopDomain
import Foundation
import SQLKit

/// What a facilitator fills in to create a group session or workshop.
public struct GroupDraft: Sendable, Equatable {
    public var kind: GroupKind
    public var title: String
    public var description: String
    public var start: Date
    public var durationMinutes: Int
    public var seats: Int
    public var online: Bool

    public init(kind: GroupKind, title: String, description: String, start: Date, durationMinutes: Int, seats: Int, online: Bool) {
        self.kind = kind
        self.title = title
        self.description = description
        self.start = start
        self.durationMinutes = durationMinutes
        self.seats = seats
        self.online = online
    }
}

/// The outcome of a registration.
public enum RegistrationOutcome: Sendable, Equatable {
    case confirmed
    /// Waiting at this position (1 = next).
    case waitlisted(position: Int)
}

/// A group's page: the session, the viewer's own registration, and the roster when the viewer runs it.
public struct GroupView: Sendable {
    public let session: GroupSessionRecord
    public let mine: GroupRegistrationRecord?
    /// Nil unless the viewer is the facilitator or a coordinator.
    public let roster: [GroupRegistrationRecord]?
    public let canJoin: Bool
}

/// Groups and workshops: community education workshops with public registration, seats and a waitlist; peer-support
/// groups (non-clinical, chosen names); group therapy (clinical: every membership read and write is audited).
/// Workshops and peer groups never touch the clinical record.
public struct Groups: Sendable {
    let services: CoopServices
    let messages: any GroupMessages
    let store = GroupStore()
    let members = MemberStore()
    let outbox = OutboxStore()
    let audit = AuditStore()

    public static let longestTitle = 120
    public static let longestDescription = 2_000
    public static let seatRange = 1...500
    public static let durationRange = 15...480

    public init(services: CoopServices, messages: any GroupMessages = PlainGroupMessages()) {
        self.services = services
        self.messages = messages
    }

    public var now: Date { services.now() }

    func require(_ actor: Actor, _ action: GroupAction, origin: RequestOrigin) async throws {
        guard case .deny(let reason) = GroupPolicy.decide(actor, action) else { return }
        try await Authorizer.deny(reason, actor: actor, resourceType: "groups", action: String(describing: action), services: services, origin: origin)
    }

    // MARK: Creating

    /// Creates a session; the creator leads it. Refused with a clear error for an empty or long title, a start in the
    /// past, a length or seat count out of range; nothing is stored then.
    @discardableResult
    public func create(_ draft: GroupDraft, actor: Actor, origin: RequestOrigin) async throws -> GroupSessionID {
        try await require(actor, .create(draft.kind), origin: origin)
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        let session = try Self.checked(draft, facilitator: me, now: now)
        try await services.database.transaction { sql in
            try await store.insert(session, now: now, sql: sql)
            if draft.kind.isClinical {
                try await audit.append(
                    AuditEvent(actor: me.rawValue, action: .create, resourceType: "group-therapy", resourceID: session.id.rawValue, outcome: .success),
                    origin: origin, at: now, sql: sql
                )
            }
        }
        return session.id
    }

    /// The session a draft describes, after checking its fields: a title of 1–120 characters without control
    /// characters, a description of at most 2,000, a start after `now`, a length and a seat count in range.
    static func checked(_ draft: GroupDraft, facilitator: MemberID, now: Date) throws -> GroupSessionRecord {
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = draft.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...Self.longestTitle).contains(title.count), !Self.hasControl(title) else { throw GroupsError.invalidTitle(maximum: Self.longestTitle) }
        guard description.count <= Self.longestDescription else { throw GroupsError.invalidDescription(maximum: Self.longestDescription) }
        guard draft.start > now else { throw GroupsError.startInPast }
        guard Self.durationRange.contains(draft.durationMinutes) else {
            throw GroupsError.invalidDuration(minimum: Self.durationRange.lowerBound, maximum: Self.durationRange.upperBound)
        }
        guard Self.seatRange.contains(draft.seats) else { throw GroupsError.invalidSeats(minimum: Self.seatRange.lowerBound, maximum: Self.seatRange.upperBound) }
        return GroupSessionRecord(
            id: .make(), kind: draft.kind, title: title, description: description, facilitator: facilitator,
            start: draft.start, end: draft.start.addingTimeInterval(TimeInterval(draft.durationMinutes * 60)), seats: draft.seats, online: draft.online
        )
    }

    /// Creates a session from the demo set-up, without a policy check.
    public func createFromTerminal(_ session: GroupSessionRecord) async throws {
        let now = services.now()
        try await services.database.transaction { sql in try await store.insert(session, now: now, sql: sql) }
    }

    // MARK: Workshops (public)

    /// Upcoming workshops, soonest first; no account needed.
    public func upcomingWorkshops() async throws -> [GroupSessionRecord] {
        let now = services.now()
        return try await services.database.read { sql in try await store.upcoming([.workshop], now: now, sql: sql) }
    }

    /// One workshop, for its public page.
    public func workshop(_ id: GroupSessionID) async throws -> GroupSessionRecord {
        let found = try await services.database.read { sql in try await store.session(id, sql: sql) }
        guard let found, found.kind == .workshop else { throw GroupsError.sessionNotFound }
        return found
    }

    /// Registers a visitor for a workshop by name and email: confirmed while seats remain, then waitlisted with a
    /// position. An email with a cancel link is queued either way. Refused (nothing stored) for an invalid email, a bad
    /// name, an email already registered for this workshop, or a workshop that has started.
    @discardableResult
    public func registerForWorkshop(_ id: GroupSessionID, name: String, email: String, language: Language) async throws -> RegistrationOutcome {
        let address: EmailAddress
        do { address = try EmailAddress(email) } catch { throw GroupsError.invalidEmail }
        let participant: Participant
        do { participant = try Participant(member: nil, name: .registered(name)) } catch { throw GroupsError.invalidName(maximum: 100) }
        let now = services.now()
        let token = SecretToken.make(bytes: 24)
        return try await services.database.transaction { sql in
            guard let session = try await store.session(id, sql: sql), session.kind == .workshop else { throw GroupsError.sessionNotFound }
            guard !session.cancelled else { throw GroupSeriesError.sessionCancelled }
            guard now < session.start else { throw GroupsError.registrationClosed }
            guard try await !store.hasLiveRegistration(id, email: address.value, sql: sql) else { throw GroupsError.duplicateEmail }
            let registration = GroupRegistrationRecord(
                id: .make(), session: id, member: nil, name: participant.name.text, chosen: false, email: address.value, language: language,
                status: .waitlisted, registeredAt: now
            )
            try await store.insert(registration, cancelToken: token, sql: sql)
            let outcome = try await seatOrWait(registration.id, session: session, sql: sql)
            let notice: GroupNotice
            switch outcome {
            case .confirmed: notice = .confirmed(title: session.title, start: session.start, session: id, cancelToken: token)
            case .waitlisted(let position):
                notice = .waitlisted(title: session.title, start: session.start, session: id, position: position, cancelToken: token)
            }
            let text = messages.email(notice, language: language)
            try await outbox.enqueue(recipient: address.value, subject: text.subject, body: text.body, now: now, sql: sql)
            return outcome
        }
    }

    /// The workshop a cancel link belongs to and whether the registration is still live.
    public func cancelLink(_ token: String) async throws -> (session: GroupSessionRecord, registration: GroupRegistrationRecord) {
        try await services.database.read { sql in
            guard token.count <= 64, let registration = try await store.registration(cancelToken: token, sql: sql),
                let session = try await store.session(registration.session, sql: sql)
            else { throw GroupsError.cancelLinkNotFound }
            return (session, registration)
        }
    }

    /// Cancels the registration behind a cancel link: its seat goes to the first person waiting, who is emailed.
    /// Cancelling twice changes nothing.
    public func cancel(token: String) async throws {
        let now = services.now()
        try await services.database.transaction { sql in
            guard token.count <= 64, let registration = try await store.registration(cancelToken: token, sql: sql),
                let session = try await store.session(registration.session, sql: sql)
            else { throw GroupsError.cancelLinkNotFound }
            try await cancelRegistration(registration, session: session, now: now, sql: sql)
        }
    }

    // MARK: Shared steps

    /// Claims a seat or reports the waitlist position.
    func seatOrWait(_ registration: RegistrationID, session: GroupSessionRecord, sql: any SQLDatabase) async throws -> RegistrationOutcome {
        if try await store.claimSeat(registration, session: session.id, seats: session.seats, sql: sql) { return .confirmed }
        let waiting = try await store.registrations(session.id, sql: sql).filter { $0.status == .waitlisted }
        return .waitlisted(position: (waiting.firstIndex { $0.id == registration } ?? waiting.count) + 1)
    }

    /// Cancels, frees the seat, promotes the first waiting registration (before the start) and emails them.
    func cancelRegistration(_ registration: GroupRegistrationRecord, session: GroupSessionRecord, now: Date, sql: any SQLDatabase) async throws {
        guard registration.status != .cancelled else { return }
        try await store.cancel(registration.id, sql: sql)
        guard registration.status == .confirmed, now < session.start, !session.cancelled else { return }
        for waiting in try await store.registrations(session.id, sql: sql) where waiting.status == .waitlisted {
            guard try await store.claimSeat(waiting.id, session: session.id, seats: session.seats, sql: sql) else { break }
            if let recipient = try await recipient(waiting, sql: sql) {
                let text = messages.email(
                    .promoted(title: session.title, start: session.start, session: session.id, workshop: session.kind == .workshop), language: waiting.language
                )
                try await outbox.enqueue(recipient: recipient, subject: text.subject, body: text.body, now: now, sql: sql)
            }
        }
    }

    func recipient(_ registration: GroupRegistrationRecord, sql: any SQLDatabase) async throws -> String? {
        if let email = registration.email { return email }
        guard let member = registration.member else { return nil }
        return try await members.find(id: member, sql: sql)?.member.email.value
    }

    static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) }
    }
}
