import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// Founding memberships, one open proposal, two passed policy changes (with their setting history) and one closed,
    /// anonymous STV board election, written in the demo's own transaction through the stores and the domain rules.
    func addGovernanceDemo(members: [Member], now: Date, sql: any SQLDatabase) async throws {
        let day: TimeInterval = 86400
        let founded = now.addingTimeInterval(-365 * day)
        let memberships = members.map { Membership.founder($0.id, of: Governance.defaultClass(for: $0.roles), since: founded) }
        for membership in memberships { try await MembershipStore().save(membership, sql: sql) }
        let bylaws = try await GovernedSettingStore().load(sql: sql).bylaws
        let ids = members.map(\.id)

        // Open: a proposal with a few votes in.
        let hours = Poll(
            author: ids[0], title: "Open until 8 pm on Thursdays", decisionType: .ordinary, kind: .proposal,
            opensAt: now.addingTimeInterval(-day), closesAt: now.addingTimeInterval(6 * day)
        )
        try await demoPoll(
            hours, body: "Several clients can only come after work. Casey and Dana would cover Thursday evenings in turn.",
            votes: [(1, .stance(.agree)), (2, .stance(.agree)), (7, .stance(.abstain))], memberships: memberships, bylaws: bylaws, ids: ids,
            settleAt: nil, sql: sql
        )

        // Closed: a policy change that passed and set the cancellation window.
        let window = Poll(
            author: ids[0], title: "A 48-hour cancellation window", decisionType: .policyChange, kind: .proposal,
            subject: .settingChange(.cancellationWindow(.hours(48))), opensAt: now.addingTimeInterval(-10 * day),
            closesAt: now.addingTimeInterval(-3 * day)
        )
        let agreeing = [0, 1, 2, 3, 5, 6, 9, 11].map { ($0, BallotChoice.stance(.agree)) }
        try await demoPoll(
            window, body: "Clinicians lose income when sessions are cancelled the same day. Clients on the lowest tier are never charged.",
            votes: agreeing + [(8, .stance(.disagree))], memberships: memberships, bylaws: bylaws, ids: ids, settleAt: window.closesAt, sql: sql
        )
        try await PollStore().setOutcome(
            window.id,
            OutcomeStatement(author: ids[0], text: "From next month, cancel at least 48 hours ahead to avoid the fee.", writtenAt: window.closesAt),
            sql: sql
        )

        // Closed: a policy change that passed and set the late-cancellation and no-show fees.
        let fees = Poll(
            author: ids[1], title: "Late-cancellation and no-show fees", decisionType: .policyChange, kind: .proposal,
            subject: .settingChange(.cancellationFees(CancellationFees(lateCancellation: Money(cents: 2_500), noShow: Money(cents: 4_000)))),
            opensAt: now.addingTimeInterval(-9 * day), closesAt: now.addingTimeInterval(-2 * day)
        )
        try await demoPoll(
            fees,
            body: "$25 for a cancellation inside the window and $40 for a missed session, so a clinician is not left with nothing. "
                + "The therapist waives it for a client on the lowest tier, or after an emergency.",
            votes: agreeing + [(8, .stance(.abstain))], memberships: memberships, bylaws: bylaws, ids: ids, settleAt: fees.closesAt, sql: sql
        )

        // Closed: an anonymous board election by Scottish STV, two seats.
        let standing = [2, 5, 9, 10]
        let board = Poll(
            author: ids[0], title: "Board election 2026 (2 seats)", decisionType: .election, kind: .stv(STVSettings(seats: 2)),
            options: standing.map { PollOption(members[$0].displayName.value, candidate: ids[$0]) },
            opensAt: now.addingTimeInterval(-20 * day), closesAt: now.addingTimeInterval(-6 * day), isAnonymous: true,
            resultsVisibility: .untilClosed, allowsVoteChange: false
        )
        let rankings: [[Int]] = [
            [0, 1], [0, 2], [1, 0, 3], [1, 3], [2, 3, 1], [3, 2], [0, 1, 2], [2, 0], [3, 1], [1, 2], [0, 3], [2, 1, 0],
        ]
        try await demoPoll(
            board, body: "Two seats for two years. Candidates stood at the spring meeting.",
            votes: rankings.enumerated().map { ($0.offset, BallotChoice.ranking($0.element)) }, memberships: memberships, bylaws: bylaws, ids: ids,
            settleAt: board.closesAt, sql: sql
        )
    }

    /// Stores one poll with its ballots cast through the ballot box (so the demo obeys the same rules as members), and
    /// settles it (applying a setting change that passed) when `settleAt` is given.
    private func demoPoll(
        _ poll: Poll, body: String, votes: [(Int, BallotChoice)], memberships: [Membership], bylaws: Bylaws, ids: [MemberID], settleAt: Date?,
        sql: any SQLDatabase
    ) async throws {
        let rule = try bylaws.rule(for: poll.decisionType)
        let electorate = try Electorate(for: poll, rule: rule, memberships: memberships)
        try await PollStore().insert(PollRecord(poll: poll, body: body, electorate: electorate, rule: rule, createdAt: poll.opensAt), sql: sql)
        var box = BallotBox(pollID: poll.id)
        for (step, (voter, choice)) in votes.enumerated() {
            let at = poll.opensAt.addingTimeInterval(TimeInterval(3600 * (step + 1)))
            let cast = try box.cast(
                BallotSubmission(submittedBy: ids[voter], choice: choice), poll: poll, rule: rule, electorate: electorate, proxies: ProxyRegister(),
                at: at
            )
            try await BallotStore().record(cast.ballot, in: poll, sql: sql)
            try await BallotStore().recordReceipt(cast.receipt, sql: sql)
        }
        guard let settleAt else { return }
        let result = try PollResult.evaluate(poll: poll, rule: rule, ballots: box.ballots, electorate: electorate)
        try await PollStore().settle(poll.id, closedEarlyAt: nil, result: result.status, sql: sql)
        if case .settingChange(let setting) = poll.subject, result.status == .passed {
            try await GovernedSettingStore().record(setting, decidedBy: poll.id, at: settleAt, sql: sql)
        }
    }
}
