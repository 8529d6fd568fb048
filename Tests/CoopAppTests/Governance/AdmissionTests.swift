import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Applications decided by the admission vote the bylaws name, resignation, and proposal discussions, over a database.
@Suite struct AdmissionTests {
    let origin = RequestOrigin(sourceAddress: "192.0.2.30", requestID: "req-admit")

    func actor(_ services: CoopServices, _ roles: Set<Role> = [.peerFacilitator]) async throws -> Actor {
        let (member, _) = try await TestServices.member(services, roles: roles)
        return Actor(memberID: member.id, roles: roles, mfaSatisfied: true)
    }

    func applications(_ services: CoopServices) async throws -> [MembershipApplication] {
        try await services.database.read { sql in try await ApplicationStore().all(sql: sql) }
    }

    /// (worker-owner votes; nil = does not vote) → how the application ends. Sample bylaws: every worker-owner out of
    /// probation votes, quorum 100%, unanimous.
    @Test(arguments: [
        ([Stance.agree, .agree, .agree], DecisionStatus.passed, ApplicationStatus.admitted),
        ([.agree, .agree, .disagree], .failed, .declined),
        ([.agree, .block, .agree], .failed, .declined),
        ([.agree, .agree], .noQuorum, .declined),
    ])
    func theClassVoteDecides(votes: [Stance], status: DecisionStatus, outcome: ApplicationStatus) async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let workers = [try await actor(services), try await actor(services), try await actor(services)]
            let coordinator = try await actor(services, [.coordinator])
            let client = try await actor(services, [.client])
            let poll = try await governance.apply(actor: client, to: .workerOwner, statement: "I trained as a peer supporter.", origin: origin)
            let record = try #require(try await services.database.read { sql in try await PollStore().find(poll, sql: sql) })
            // The electorate is the bylaws' admission voters: the three worker-owners and the coordinator (a worker-owner too).
            #expect(record.poll.decisionType == .admission && record.electorate.count == 4)
            try await governance.vote(actor: coordinator, poll: poll, choice: .stance(.agree), reason: nil, origin: origin)
            for (worker, stance) in zip(workers, votes) {
                try await governance.vote(
                    actor: worker, poll: poll, choice: .stance(stance), reason: stance == .block ? "Not yet" : nil, origin: origin)
            }
            #expect(try await governance.close(actor: coordinator, poll: poll, origin: origin) == status)
            #expect(try await applications(services).map(\.status) == [outcome])
            let overview = try await governance.membershipOverview(actor: client, origin: origin)
            let membership = try #require(overview.membership)
            if outcome == .admitted {
                #expect(membership.memberClass == .workerOwner && membership.status == .active && membership.admittedBy == poll)
                #expect(membership.probationEndsAt != nil)
            } else {
                // Declined: the service-user membership the client held stays.
                #expect(membership.memberClass == .serviceUser && membership.status == .active)
            }
            let register = try await governance.register(actor: coordinator, origin: origin)
            #expect(register.contains { $0.memberClass == .workerOwner && $0.status == (outcome == .admitted ? .active : .declined) })
        }
    }

    @Test func aVoterOfAnotherClassIsRefusedAndASecondApplicationWaits() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            _ = try await actor(services)
            let applicant = try await actor(services, [.communityMember])
            let client = try await actor(services, [.client])
            let poll = try await governance.apply(actor: applicant, to: .serviceUser, statement: "I use the groups.", origin: origin)
            await #expect(throws: GovernanceError.notEligible(client.memberID!, .wrongClass(.serviceUser))) {
                try await governance.vote(actor: client, poll: poll, choice: .stance(.agree), reason: nil, origin: origin)
            }
            await #expect(throws: AccessDenied(.missingRole)) { try await governance.close(actor: applicant, poll: poll, origin: origin) }
            #expect(!(try await governance.proposal(actor: applicant, id: poll, origin: origin)).mayClose)
            await #expect(throws: AdmissionError.applicationPending) {
                try await governance.apply(actor: applicant, to: .familyCarer, statement: "Or this one.", origin: origin)
            }
            await #expect(throws: AdmissionError.alreadyMember(.serviceUser)) {
                try await governance.apply(actor: client, to: .serviceUser, statement: "Me too.", origin: origin)
            }
            #expect(try await applications(services).count == 1)
        }
    }

    @Test func aMemberResignsAndStopsVoting() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let leaver = try await actor(services)
            let stayer = try await actor(services)
            try await governance.resign(actor: leaver, origin: origin)
            let overview = try await governance.membershipOverview(actor: leaver, origin: origin)
            #expect(overview.membership?.status == .former)
            await #expect(throws: AdmissionError.notActiveMember) { try await governance.resign(actor: leaver, origin: origin) }
            let poll = try await governance.open(actor: stayer, draft: ProposalDraft(title: "After the resignation"), origin: origin)
            await #expect(throws: GovernanceError.self) {
                try await governance.vote(actor: leaver, poll: poll, choice: .stance(.agree), reason: nil, origin: origin)
            }
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 20, sql: sql) }
            #expect(audit.contains { $0.resourceType == "membership" && $0.detail?.hasPrefix("resigned") == true })
        }
    }

    @Test func discussionsAcceptEligibleMembersInOrderAndCloseWithTheProposal() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let author = try await actor(services)
            let voter = try await actor(services)
            let client = try await actor(services, [.client])
            let poll = try await governance.open(
                actor: author, draft: ProposalDraft(title: "Workers decide", voterClasses: [.workerOwner]), origin: origin
            )
            try await governance.comment(actor: voter, poll: poll, body: "First question", replyTo: nil, origin: origin)
            let first = try #require(try await governance.discussion(actor: voter, poll: poll, origin: origin).threads.first?.comment)
            try await governance.comment(actor: author, poll: poll, body: "An answer", replyTo: first.id, origin: origin)
            await #expect(throws: CommentError.notAParticipant) {
                try await governance.comment(actor: client, poll: poll, body: "Can I?", replyTo: nil, origin: origin)
            }
            await #expect(throws: CommentError.invalidLength(maximumLength: 2_000)) {
                try await governance.comment(actor: voter, poll: poll, body: String(repeating: "x", count: 2_001), replyTo: nil, origin: origin)
            }
            let discussion = try await governance.discussion(actor: client, poll: poll, origin: origin)
            #expect(discussion.threads.count == 1 && discussion.threads[0].replies.map(\.body) == ["An answer"] && !discussion.mayPost)
            try await governance.close(actor: author, poll: poll, origin: origin)
            await #expect(throws: CommentError.closed) {
                try await governance.comment(actor: voter, poll: poll, body: "Afterwards", replyTo: nil, origin: origin)
            }
            #expect(!(try await governance.discussion(actor: voter, poll: poll, origin: origin).mayPost))
        }
    }
}
