import CoopData
import CoopDomain
import Foundation
import SQLKit

/// The signed-in side: the groups a member can join or runs, joining with a chosen name, leaving, and attendance.
extension Groups {
    /// Upcoming peer-support groups (anyone signed in may join), group therapy (for clients), workshops the member
    /// leads, and every session the member runs or takes part in.
    public func list(actor: Actor, origin: RequestOrigin) async throws -> (joinable: [GroupSessionRecord], mine: [GroupSessionRecord]) {
        try await require(actor, .listGroups, origin: origin)
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        let kinds: [GroupKind] = actor.has(.client) ? [.peerSupport, .therapyGroup] : [.peerSupport]
        return try await services.database.read { sql in
            // Cancelled sessions stay in "mine" (shown as cancelled); they are never joinable.
            let mine = try await store.involving(me, sql: sql)
            let joinable = try await store.upcoming(kinds, now: now, sql: sql).filter { session in !mine.contains { $0.id == session.id } }
            return (joinable, mine)
        }
    }

    /// A group's page. Facilitators and coordinators get the roster; for group therapy that read is audited.
    public func group(_ id: GroupSessionID, actor: Actor, origin: RequestOrigin) async throws -> GroupView {
        try await require(actor, .listGroups, origin: origin)
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        return try await services.database.transaction { sql in
            guard let session = try await store.session(id, sql: sql) else { throw GroupsError.sessionNotFound }
            let runs = GroupPolicy.decide(actor, .runSession(session.kind, facilitator: session.facilitator)).isAllowed
            let mine = try await store.liveRegistration(id, member: me, sql: sql)
            let canJoin = GroupPolicy.decide(actor, .join(session.kind, facilitator: session.facilitator)).isAllowed && session.kind != .workshop
                && !session.cancelled
            // Group therapy is clinical: only its clients, its clinician and coordinators may see it exists.
            guard session.kind != .therapyGroup || runs || mine != nil || canJoin else { throw GroupsError.sessionNotFound }
            let roster = runs ? try await store.registrations(id, sql: sql).filter { $0.status != .cancelled } : nil
            if session.kind.isClinical, roster != nil {
                try await audit.append(
                    AuditEvent(actor: me.rawValue, action: .read, resourceType: "group-therapy-roster", resourceID: id.rawValue, outcome: .success,
                               detail: "members=\(roster?.count ?? 0)"),
                    origin: origin, at: now, sql: sql
                )
            }
            return GroupView(session: session, mine: mine, roster: roster, canJoin: canJoin)
        }
    }

    /// Joins a peer-support group (optionally under a chosen name, shown to others instead of the account's name) or
    /// group therapy (clients, under their own name; audited). Confirmed while seats remain, then waitlisted.
    @discardableResult
    public func join(_ id: GroupSessionID, chosenName: String, actor: Actor, origin: RequestOrigin) async throws -> RegistrationOutcome {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let session = try await services.database.read { sql in try await store.session(id, sql: sql) }
        guard let session else { throw GroupsError.sessionNotFound }
        guard !session.cancelled else { throw GroupSeriesError.sessionCancelled }
        guard session.kind != .workshop else { throw GroupsError.joinThroughWorkshopPage }
        try await require(actor, .join(session.kind, facilitator: session.facilitator), origin: origin)
        let chosen = chosenName.trimmingCharacters(in: .whitespacesAndNewlines)
        if !chosen.isEmpty && !session.kind.allowsChosenNames { throw GroupsError.chosenNameNotAllowed }
        let now = services.now()
        return try await services.database.transaction { sql in
            guard now < session.start else { throw GroupsError.registrationClosed }
            guard let member = try await members.find(id: me, sql: sql)?.member else { throw AccessDenied(.notSignedIn) }
            guard try await store.liveRegistration(id, member: me, sql: sql) == nil else { throw GroupsError.alreadyJoined }
            let participant: Participant
            do {
                participant = try Participant(member: me, name: chosen.isEmpty ? .registered(member.displayName.value) : .chosen(chosen))
            } catch { throw GroupsError.invalidName(maximum: 100) }
            let registration = GroupRegistrationRecord(
                id: .make(), session: id, member: me, name: participant.name.text, chosen: !chosen.isEmpty, email: nil, language: member.language,
                status: .waitlisted, registeredAt: now
            )
            try await store.insert(registration, cancelToken: nil, sql: sql)
            let outcome = try await seatOrWait(registration.id, session: session, sql: sql)
            if session.kind.isClinical {
                try await audit.append(
                    AuditEvent(actor: me.rawValue, client: me.rawValue, action: .create, resourceType: "group-therapy-membership", resourceID: id.rawValue,
                               outcome: .success),
                    origin: origin, at: now, sql: sql
                )
            }
            return outcome
        }
    }

    /// Leaves a group; the seat goes to the first person waiting.
    public func leave(_ id: GroupSessionID, actor: Actor, origin: RequestOrigin) async throws {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await require(actor, .listGroups, origin: origin)
        let now = services.now()
        try await services.database.transaction { sql in
            guard let session = try await store.session(id, sql: sql) else { throw GroupsError.sessionNotFound }
            guard let registration = try await store.liveRegistration(id, member: me, sql: sql) else { throw GroupsError.notJoined }
            try await cancelRegistration(registration, session: session, now: now, sql: sql)
            if session.kind.isClinical {
                try await audit.append(
                    AuditEvent(actor: me.rawValue, client: me.rawValue, action: .delete, resourceType: "group-therapy-membership", resourceID: id.rawValue,
                               outcome: .success),
                    origin: origin, at: now, sql: sql
                )
            }
        }
    }

    /// Records who attended (ids in `attended`; every other confirmed registration is marked absent). Only the
    /// facilitator or a coordinator, and only once the session has started. Group therapy attendance is audited.
    public func recordAttendance(_ id: GroupSessionID, attended: Set<RegistrationID>, actor: Actor, origin: RequestOrigin) async throws {
        let session = try await services.database.read { sql in try await store.session(id, sql: sql) }
        guard let session, !session.cancelled else { throw GroupsError.sessionNotFound }
        try await require(actor, .runSession(session.kind, facilitator: session.facilitator), origin: origin)
        let now = services.now()
        guard now >= session.start else { throw GroupsError.attendanceBeforeStart }
        try await services.database.transaction { sql in
            let confirmed = try await store.registrations(id, sql: sql).filter { $0.status == .confirmed }
            for registration in confirmed {
                try await store.setAttendance(registration.id, attended.contains(registration.id) ? .attended : .absent, sql: sql)
            }
            if session.kind.isClinical {
                try await audit.append(
                    AuditEvent(actor: actor.memberID?.rawValue, action: .update, resourceType: "group-therapy-attendance", resourceID: id.rawValue,
                               outcome: .success, detail: "attended=\(confirmed.filter { attended.contains($0.id) }.count)/\(confirmed.count)"),
                    origin: origin, at: now, sql: sql
                )
            }
        }
    }
}
