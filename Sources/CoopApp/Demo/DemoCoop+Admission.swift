import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// Four worker-owners who joined this year (on probation, so they do not vote on admissions), one open application
    /// (Jules, a client, applying as a family carer) with a vote in, and a short discussion on the open proposal.
    func addAdmissionDemo(members: [Member], now: Date, sql: any SQLDatabase) async throws {
        let day: TimeInterval = 86400
        let ids = members.map(\.id)
        let bylaws = try await GovernedSettingStore().load(sql: sql).bylaws
        for index in [2, 3, 4, 11] {
            let admitted = now.addingTimeInterval(-60 * day)
            let joined = Membership(
                memberID: ids[index], memberClass: .workerOwner, status: .active, appliedAt: admitted.addingTimeInterval(-14 * day),
                admittedAt: admitted, admittedBy: nil, probationEndsAt: ProbationPeriod(months: 6).end(startingAt: admitted), endedAt: nil,
                declinedBy: nil, leavingReason: nil
            )
            try await MembershipStore().save(joined, sql: sql)
        }

        // An open application: Jules applies as a family carer; Blake has voted.
        let memberships = try await MembershipStore().all(sql: sql)
        let rule = try bylaws.rule(for: .admission)
        let applied = now.addingTimeInterval(-2 * day)
        let poll = Poll(
            author: ids[9], title: "\(members[9].displayName.value): Family or carer", decisionType: .admission, kind: .proposal,
            subject: .admission(ids[9]), opensAt: applied, closesAt: Poll.defaultClosingTime(opensAt: applied, rule: rule)
        )
        let electorate = try Electorate(for: poll, rule: rule, memberships: memberships.filter { $0.memberID != ids[9] })
        let statement = "My sister has used the co-op's groups for two years and I help her get to sessions. I would like a say as a carer."
        try await PollStore().insert(PollRecord(poll: poll, body: statement, electorate: electorate, rule: rule, createdAt: applied), sql: sql)
        try await ApplicationStore().insert(
            MembershipApplication(applicant: ids[9], memberClass: .familyCarer, statement: statement, pollID: poll.id, appliedAt: applied), sql: sql
        )
        var box = BallotBox(pollID: poll.id)
        let cast = try box.cast(
            BallotSubmission(submittedBy: ids[1], choice: .stance(.agree)), poll: poll, rule: rule, electorate: electorate, proxies: ProxyRegister(),
            at: applied.addingTimeInterval(3600)
        )
        try await BallotStore().record(cast.ballot, in: poll, sql: sql)
        try await BallotStore().recordReceipt(cast.receipt, sql: sql)

        // A discussion on the open proposal about Thursday evenings.
        guard let open = try await PollStore().unsettled(sql: sql).first(where: { $0.poll.decisionType == .ordinary }) else { return }
        let question = ProposalComment(
            pollID: open.poll.id, author: ids[7], replyTo: nil, body: "Would the front desk be staffed too, or only the therapy rooms?",
            postedAt: now.addingTimeInterval(-20 * 3600)
        )
        let answer = ProposalComment(
            pollID: open.poll.id, author: ids[2], replyTo: question.id, body: "Only the rooms at first. Finley offered to greet people until 7.",
            postedAt: now.addingTimeInterval(-18 * 3600)
        )
        let another = ProposalComment(
            pollID: open.poll.id, author: ids[5], replyTo: nil, body: "Happy to cover two Thursdays a month for the first quarter.",
            postedAt: now.addingTimeInterval(-12 * 3600)
        )
        for comment in [question, answer, another] { try await CommentStore().insert(comment, sql: sql) }
    }
}
