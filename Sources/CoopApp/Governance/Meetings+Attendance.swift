import CoopData
import CoopDomain
import Foundation
import SQLKit

/// How the organiser records a member at the meeting.
public enum AttendanceEntry: String, Sendable, CaseIterable {
    /// In the room.
    case inPerson = "in-person"
    /// By video or phone.
    case online
    /// Represented by the holder of their standing meeting proxy, who must be present.
    case byProxy = "proxy"
}

extension Meetings {
    // MARK: Meeting proxies

    /// Gives the actor's place at the meeting to `holder` (an eligible member), until the meeting starts.
    public func giveProxy(actor: Actor, meeting id: MeetingID, to holder: MemberID, origin: RequestOrigin) async throws {
        guard let giver = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await governance.authorize(actor, .manageProxy(giver: giver), origin: origin)
        let now = governance.now()
        try await services.database.transaction { sql in
            guard let record = try await store.findForUpdate(id, sql: sql) else { throw MeetingError.meetingNotFound }
            guard !record.hasStarted(at: now) else { throw MeetingError.alreadyStarted }
            guard try await MemberStore().find(id: holder, sql: sql) != nil else { throw MeetingError.unknownMember }
            let (rule, electorate) = try await ruleAndElectorate(for: record.meeting, at: now, sql: sql)
            let register = ProxyRegister(try await store.proxies(for: id, sql: sql))
            let proxy = Proxy(giver: giver, holder: holder, scope: .meeting(id), grantedAt: now)
            try MeetingSchedule.validateProxy(proxy, meeting: record.meeting, register: register, rule: rule.proxies, electorate: electorate)
            try await store.insertProxy(proxy, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: giver.rawValue, action: .create, resourceType: "proxy", resourceID: proxy.id.rawValue, outcome: .success,
                    detail: "meeting=\(id.rawValue) holder=\(holder.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// Withdraws the actor's standing meeting proxy, until the meeting starts.
    public func withdrawProxy(actor: Actor, meeting id: MeetingID, origin: RequestOrigin) async throws {
        guard let giver = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await governance.authorize(actor, .manageProxy(giver: giver), origin: origin)
        let now = governance.now()
        try await services.database.transaction { sql in
            guard let record = try await store.findForUpdate(id, sql: sql) else { throw MeetingError.meetingNotFound }
            guard !record.hasStarted(at: now) else { throw MeetingError.alreadyStarted }
            var register = ProxyRegister(try await store.proxies(for: id, sql: sql))
            guard let proxy = register.active(in: .meeting(id), at: now).first(where: { $0.giver == giver }) else {
                throw GovernanceError.proxyNotFound
            }
            guard record.meeting.attendance(of: giver) == nil else { throw MeetingError.proxyInUse }
            try register.revoke(proxy.id, at: now)
            try await ProxyStore().revoke(proxy.id, at: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: giver.rawValue, action: .delete, resourceType: "proxy", resourceID: proxy.id.rawValue, outcome: .success),
                origin: origin, at: now, sql: sql
            )
        }
    }

    // MARK: Attendance

    /// Records `member` at the meeting (organisers, once it has started). By proxy, the member's standing meeting
    /// proxy is used, and its holder must already be recorded as present.
    public func recordAttendance(actor: Actor, meeting id: MeetingID, member: MemberID, as entry: AttendanceEntry, origin: RequestOrigin) async throws {
        try await governance.authorize(actor, .runMeeting, origin: origin)
        let now = governance.now()
        try await services.database.transaction { sql in
            guard var record = try await store.findForUpdate(id, sql: sql) else { throw MeetingError.meetingNotFound }
            guard record.hasStarted(at: now) else { throw MeetingError.notStarted }
            guard try await MemberStore().find(id: member, sql: sql) != nil else { throw MeetingError.unknownMember }
            let (rule, electorate) = try await ruleAndElectorate(for: record.meeting, at: now, sql: sql)
            let register = ProxyRegister(try await store.proxies(for: id, sql: sql))
            let mode: AttendanceMode
            switch entry {
            case .inPerson: mode = .inPerson
            case .online: mode = .online
            case .byProxy:
                guard let proxy = register.active(in: .meeting(id), at: now).first(where: { $0.giver == member }) else {
                    throw GovernanceError.proxyNotFound
                }
                mode = .byProxy(holder: proxy.holder, proxy: proxy.id)
            }
            try record.meeting.recordAttendance(of: member, mode: mode, rule: rule, electorate: electorate, proxies: register, at: now)
            try await store.addAttendance(
                id, Attendance(member: member, mode: mode), seq: record.meeting.attendance.count, at: now, sql: sql
            )
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, onBehalfOf: member.rawValue, action: .create, resourceType: "meeting-attendance",
                    resourceID: id.rawValue, outcome: .success, detail: "mode=\(entry.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }

    // MARK: Votes at the meeting

    /// Opens a proposal vote under agenda item `position` (organisers, once the meeting has started and while it has
    /// its quorum). It is an ordinary proposal poll of the meeting's decision type, held at the meeting: its electorate
    /// is the eligible members present or represented, they vote on its page, every member represented by proxy has
    /// that proxy carried into it, it closes when the organiser closes it (or an hour later) and then appears in the
    /// decisions log like any other.
    @discardableResult
    public func openVote(
        actor: Actor, meeting id: MeetingID, position: Int, title: String, body: String = "", origin: RequestOrigin
    ) async throws -> PollID {
        try await governance.authorize(actor, .runMeeting, origin: origin)
        guard let author = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = governance.now()
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= ProposalDraft.longestBody else { throw ProposalError.bodyTooLong(maximum: ProposalDraft.longestBody) }
        return try await services.database.transaction { sql in
            guard let record = try await store.findForUpdate(id, sql: sql) else { throw MeetingError.meetingNotFound }
            guard record.hasStarted(at: now) else { throw MeetingError.notStarted }
            guard record.meeting.agenda.indices.contains(position) else { throw MeetingError.agendaItemNotFound }
            let (rule, electorate) = try await ruleAndElectorate(for: record.meeting, at: now, sql: sql)
            let quorum = record.meeting.quorum(rule: rule, electorate: electorate)
            guard quorum.isMet else { throw MeetingError.notQuorate(required: quorum.required, present: quorum.participating) }
            let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
            let poll = Poll(
                author: author, title: trimmed.isEmpty ? record.meeting.agenda[position].title : trimmed, decisionType: record.meeting.decisionType,
                kind: .proposal, opensAt: now, closesAt: now.addingTimeInterval(DecisionRule.shortestVotingPeriod), meetingID: id
            )
            try poll.validate(rule: rule)
            // Taken at the meeting: those eligible and present or represented vote, so the poll's own quorum is a share
            // of the room, and members not at the meeting cannot vote from home.
            let attending = Set(record.meeting.attendance.map(\.member))
            let memberships = try await governance.electorateMemberships(sql: sql).filter { attending.contains($0.memberID) }
            let room = try Electorate(memberships: memberships, rule: rule, at: now)
            try await polls.insert(PollRecord(poll: poll, body: text, electorate: room, rule: rule, createdAt: now), sql: sql)
            try await store.link(id, MeetingPollLink(pollID: poll.id, position: position, purpose: .vote), at: now, sql: sql)
            // Each member represented by proxy is represented in the vote too: their meeting proxy is filed for the poll.
            var register = ProxyRegister()
            for attendance in record.meeting.attendance {
                guard case .byProxy(let holder, _) = attendance.mode else { continue }
                let proxy = Proxy(giver: attendance.member, holder: holder, scope: .poll(poll.id), grantedAt: now)
                try register.grant(proxy, rule: rule.proxies, electorate: room)
                try await ProxyStore().insert(proxy, sql: sql)
            }
            try await audit.append(
                AuditEvent(
                    actor: author.rawValue, action: .create, resourceType: "poll", resourceID: poll.id.rawValue, outcome: .success,
                    detail: "meeting=\(id.rawValue) item=\(position) present=\(quorum.participating) proxies=\(register.proxies.count)"
                ),
                origin: origin, at: now, sql: sql
            )
            return poll.id
        }
    }
}
