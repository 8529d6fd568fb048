import CoopDomain
import Foundation

/// Test data for the governance rules: members with readable ids, memberships in classes, and polls with defaults.
enum GovernanceFixture {
    /// 2026-01-01T00:00:00Z, the day the test co-op's polls open.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    /// One hour, one day.
    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 86400

    /// Member number `n`, as a UUID whose last digits are `n` (so id order is number order).
    static func member(_ n: Int) -> MemberID {
        MemberID(rawValue: "00000000-0000-4000-8000-" + String(format: "%012d", n))!
    }

    /// Members `range`, each a founder of `memberClass` a year before ``start``.
    static func founders(_ range: ClosedRange<Int>, of memberClass: MemberClassID = .workerOwner) -> [Membership] {
        range.map { Membership.founder(member($0), of: memberClass, since: start - 365 * day) }
    }

    /// A rule for worker-owners (or `classes`) with the given quorum and threshold, proxies up to `proxies`.
    static func rule(
        quorum: Int = 0,
        threshold: PassingThreshold = .simpleMajority,
        base: ThresholdBase = .votesCast,
        proxies: Int = 0,
        classes: Set<MemberClassID> = [.workerOwner],
        weighting: VoteWeighting = .onePerMember,
        excludesProbationers: Bool = false
    ) -> DecisionRule {
        DecisionRule(
            voterClasses: classes,
            quorumPercent: quorum,
            threshold: threshold,
            thresholdBase: base,
            proxies: proxies > 0 ? .upTo(proxies) : .notAllowed,
            weighting: weighting,
            excludesProbationers: excludesProbationers
        )
    }

    /// A poll open for seven days from ``start``, by member 1, with `options` named as given.
    static func poll(
        _ kind: PollKind = .proposal,
        options: [String] = [],
        type: DecisionType = .ordinary,
        subject: DecisionSubject = .general,
        anonymous: Bool = false,
        allowsVoteChange: Bool = true,
        reasonPolicy: ReasonPolicy = .optional,
        voterClasses: Set<MemberClassID>? = nil,
        meeting: MeetingID? = nil
    ) -> Poll {
        Poll(
            author: member(1),
            title: "Test poll",
            decisionType: type,
            kind: kind,
            options: options.map { PollOption($0) },
            subject: subject,
            opensAt: start,
            closesAt: start + 7 * day,
            isAnonymous: anonymous,
            resultsVisibility: anonymous ? .untilClosed : .shown,
            allowsVoteChange: allowsVoteChange,
            reasonPolicy: reasonPolicy,
            voterClasses: voterClasses,
            meetingID: meeting
        )
    }

    /// A box holding one ballot per `(member number, choice)`, each weighing 1, cast an hour after opening.
    static func ballots(_ votes: [(Int, BallotChoice)], reasons: [Int: String] = [:]) -> [Ballot] {
        votes.map { number, choice in
            Ballot(voter: member(number), castBy: member(number), choice: choice, reason: reasons[number], castAt: start + hour)
        }
    }

    /// Stance ballots: `agree` members agree, then `abstain`, `disagree` and `block` members, numbered from 1.
    static func stances(agree: Int = 0, abstain: Int = 0, disagree: Int = 0, block: Int = 0) -> [Ballot] {
        var votes: [(Int, BallotChoice)] = []
        for (stance, count) in [(Stance.agree, agree), (.abstain, abstain), (.disagree, disagree), (.block, block)] {
            for _ in 0..<count { votes.append((votes.count + 1, .stance(stance))) }
        }
        return ballots(votes, reasons: Dictionary(uniqueKeysWithValues: votes.filter { $0.1 == .stance(.block) }.map { ($0.0, "Unsafe") }))
    }

    /// The electorate of `poll` under `rule`, from `memberships`.
    static func electorate(_ poll: Poll, _ rule: DecisionRule, _ memberships: [Membership]) throws -> Electorate {
        try Electorate(for: poll, rule: rule, memberships: memberships)
    }
}
