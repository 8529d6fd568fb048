import CoopData
import CoopDomain
import Foundation
import SQLKit

/// What the membership page shows a person: their membership, their applications, and (for coordinators) every
/// application waiting for its vote.
public struct MembershipOverview: Sendable {
    /// Their membership (stored, or the founding one their roles give), if any.
    public let membership: Membership?
    /// Their applications, newest first.
    public let applications: [MembershipApplication]
    /// The classes of the bylaws, in order.
    public let classes: [MemberClass]
    /// Every pending application, for coordinators; empty for everyone else.
    public let pending: [MembershipApplication]
    /// Display names by id.
    public let names: [MemberID: String]
}

extension Governance {
    /// Applies to join `memberClass` with a statement, and opens the admission poll the bylaws describe (their admission
    /// rule's voter classes, quorum, threshold and voting period); returns the poll's id.
    @discardableResult
    public func apply(actor: Actor, to memberClass: MemberClassID, statement: String, origin: RequestOrigin) async throws -> PollID {
        try await authorize(actor, .takePart, origin: origin)
        guard let applicant = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = self.now()
        return try await services.database.transaction { sql in
            let current = try await settings.load(sql: sql)
            let memberships = try await electorateMemberships(sql: sql)
            let earlier = try await ApplicationStore().applications(of: applicant, sql: sql)
            let text = try MembershipApplication.check(
                class: memberClass, statement: statement, current: memberships.first { $0.memberID == applicant }, earlier: earlier,
                bylaws: current.bylaws, at: now
            )
            let rule = try current.bylaws.rule(for: .admission)
            let name = try await MemberStore().find(id: applicant, sql: sql)?.member.displayName.value ?? applicant.rawValue
            let className = current.bylaws.memberClass(memberClass)?.name ?? memberClass.rawValue
            let poll = Poll(
                author: applicant, title: "\(name): \(className)", decisionType: .admission, kind: .proposal, subject: .admission(applicant),
                opensAt: now, closesAt: Poll.defaultClosingTime(opensAt: now, rule: rule)
            )
            try poll.validate(rule: rule)
            let electorate = try Electorate(for: poll, rule: rule, memberships: memberships.filter { $0.memberID != applicant })
            guard electorate.count > 0 else { throw AdmissionError.noVoters }
            try await polls.insert(PollRecord(poll: poll, body: text, electorate: electorate, rule: rule, createdAt: now), sql: sql)
            let application = MembershipApplication(applicant: applicant, memberClass: memberClass, statement: text, pollID: poll.id, appliedAt: now)
            try await ApplicationStore().insert(application, sql: sql)
            try await notify(.opened(title: poll.title, pollID: poll.id, closesAt: poll.closesAt), to: electorate.members, at: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: applicant.rawValue, action: .create, resourceType: "membership-application", resourceID: poll.id.rawValue,
                    outcome: .success, detail: "class=\(memberClass.rawValue) electorate=\(electorate.count)"
                ),
                origin: origin, at: now, sql: sql
            )
            return poll.id
        }
    }

    /// Ends the actor's own active membership (resignation); they stop voting from now.
    public func resign(actor: Actor, origin: RequestOrigin) async throws {
        try await authorize(actor, .takePart, origin: origin)
        guard let member = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = self.now()
        try await services.database.transaction { sql in
            guard var membership = try await electorateMemberships(sql: sql).first(where: { $0.memberID == member }), membership.isActive(at: now)
            else { throw AdmissionError.notActiveMember }
            try membership.leave(at: now, reason: .resigned)
            try await MembershipStore().save(membership, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: member.rawValue, action: .update, resourceType: "membership", resourceID: member.rawValue, outcome: .success,
                    detail: "resigned class=\(membership.memberClass.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// The actor's membership page: their membership and applications, and every pending one for coordinators.
    public func membershipOverview(actor: Actor, origin: RequestOrigin) async throws -> MembershipOverview {
        try await authorize(actor, .takePart, origin: origin)
        try await settleDue(origin: origin)
        guard let member = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let coordinator = GovernancePolicy.decide(actor, .manageMemberships).isAllowed
        return try await services.database.read { sql in
            var pending: [MembershipApplication] = []
            if coordinator { pending = try await ApplicationStore().pending(sql: sql) }
            return MembershipOverview(
                membership: try await electorateMemberships(sql: sql).first { $0.memberID == member },
                applications: try await ApplicationStore().applications(of: member, sql: sql),
                classes: try await MembershipStore().classes(sql: sql), pending: pending, names: try await names(sql: sql)
            )
        }
    }

    /// Whether `poll` is the vote on `actor`'s own application: its author (the applicant) does not close it early;
    /// a coordinator does.
    static func isOwnAdmission(_ poll: Poll, _ actor: Actor) -> Bool {
        guard case .admission(let applicant) = poll.subject else { return false }
        return applicant == actor.memberID
    }

    /// Applies a closed admission poll to its application (called when the poll is settled, in its transaction):
    /// passed admits the applicant into the class with the bylaws' probation; otherwise the application is declined and
    /// any membership they hold stays.
    func settleAdmission(_ result: PollResult, poll: Poll, by closer: MemberID?, origin: RequestOrigin, at now: Date, sql: any SQLDatabase)
        async throws
    {
        guard case .admission = poll.subject, let application = try await ApplicationStore().find(poll: poll.id, sql: sql),
            application.status == .pending
        else { return }
        let bylaws = try await settings.load(sql: sql).bylaws
        if let membership = try application.outcome(of: result.record, at: now, bylaws: bylaws) {
            try await MembershipStore().save(membership, sql: sql)
            try await ApplicationStore().decide(poll: poll.id, as: .admitted, at: now, sql: sql)
        } else {
            try await ApplicationStore().decide(poll: poll.id, as: .declined, at: now, sql: sql)
        }
        try await audit.append(
            AuditEvent(
                actor: closer?.rawValue, action: .update, resourceType: "membership", resourceID: application.applicant.rawValue, outcome: .success,
                detail:
                    "application \(result.status == .passed ? "admitted" : "declined") class=\(application.memberClass.rawValue) poll=\(poll.id.rawValue)"
            ),
            origin: origin, at: now, sql: sql
        )
    }
}
