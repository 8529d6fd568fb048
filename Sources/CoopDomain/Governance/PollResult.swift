import Foundation

/// How a closed poll ended. Raw values are the stored names.
public enum DecisionStatus: String, CaseIterable, Sendable, Codable {
    /// Quorum met and the threshold met (a proposal), or a result stands (the other kinds).
    case passed
    /// Quorum met but the threshold not (a proposal), or nothing was chosen (the other kinds).
    case failed
    /// Too few eligible members cast a ballot; nothing was decided.
    case noQuorum = "no-quorum"
}

/// Whether enough of the electorate took part: ballots cast (in person or by proxy, abstentions included) against a
/// whole percent of the eligible members. Invitations and reminders do not count; only ballots do (unlike Loomio's
/// `quorum_reached?`, which compares the quorum with everyone invited, DOMAIN.md §9.2).
public struct QuorumCheck: Hashable, Sendable {
    /// The rule's quorum, a whole percent.
    public let percent: Int
    /// Eligible members (heads).
    public let eligible: Int
    /// Ballots needed: ⌈percent × eligible / 100⌉, in whole numbers.
    public let required: Int
    /// Ballots that count: cast in person or by proxy, abstentions included.
    public let participating: Int

    /// Judges `participating` against `percent` of `eligible`.
    public init(percent: Int, eligible: Int, participating: Int) {
        self.percent = percent
        self.eligible = eligible
        self.required = (percent * eligible + 99) / 100
        self.participating = participating
    }

    /// Whether the quorum was met.
    public var isMet: Bool { participating >= required }
}

/// Whether a proposal's stances meet its threshold, compared exactly: agree × denominator of the fraction against the
/// fraction's numerator × the base.
public struct ThresholdCheck: Hashable, Sendable {
    /// The threshold applied.
    public let threshold: PassingThreshold
    /// What it is a share of.
    public let base: ThresholdBase
    /// The weighted stances.
    public let stances: StanceCounts
    /// The size of the base: weighted agree + disagree + block, plus abstain for `ballotsCast`, or every eligible
    /// member's weight for `eligibleVoters`.
    public let denominator: Int64
    /// Whether the threshold was met.
    public let isMet: Bool

    /// Judges `stances` under `threshold` and `base`; `eligibleWeight` is the electorate's total weight.
    public init(threshold: PassingThreshold, base: ThresholdBase, stances: StanceCounts, eligibleWeight: Int64) {
        self.threshold = threshold
        self.base = base
        self.stances = stances
        let votes = stances.agree + stances.disagree + stances.block
        switch base {
        case .votesCast: denominator = votes
        case .ballotsCast: denominator = votes + stances.abstain
        case .eligibleVoters: denominator = eligibleWeight
        }
        if threshold.blockIsVeto, stances.block > 0 {
            isMet = false
        } else if let fraction = threshold.fraction {
            let needed = fraction.numerator * denominator
            let have = stances.agree * fraction.denominator
            isMet = denominator > 0 && (fraction.exactIsEnough ? have >= needed : have > needed)
        } else {
            isMet = stances.agree > 0
        }
    }
}

/// What a closed decision did, in the form other rules (admission, settings, ratification) accept as proof.
public struct DecisionRecord: Hashable, Sendable {
    /// The poll that decided.
    public let pollID: PollID
    /// Its decision type.
    public let decisionType: DecisionType
    /// What passing it does.
    public let subject: DecisionSubject
    /// How it ended.
    public let status: DecisionStatus
    /// When it closed.
    public let decidedAt: Date

    /// Creates a record (normally taken from ``PollResult/record``).
    public init(pollID: PollID, decisionType: DecisionType, subject: DecisionSubject, status: DecisionStatus, decidedAt: Date) {
        self.pollID = pollID
        self.decisionType = decisionType
        self.subject = subject
        self.status = status
        self.decidedAt = decidedAt
    }
}

/// A poll's tally judged against its decision rule: quorum, threshold (proposals) and the resulting status.
public struct PollResult: Equatable, Sendable {
    /// The counted ballots.
    public let tally: PollTally
    /// Whether enough members took part.
    public let quorum: QuorumCheck
    /// The threshold judgement, for proposals only.
    public let threshold: ThresholdCheck?
    /// How it ended (provisional while the poll is open).
    public let status: DecisionStatus
    /// The decision as proof for what it changes.
    public let record: DecisionRecord

    /// Counts `ballots` and judges them: no quorum first; then a proposal passes when its threshold is met, and any
    /// other poll passes when it has a winner.
    public static func evaluate(poll: Poll, rule: DecisionRule, ballots: [Ballot], electorate: Electorate) throws(GovernanceError) -> PollResult {
        let tally = try PollTally(poll: poll, ballots: ballots, electorate: electorate)
        let quorum = QuorumCheck(percent: rule.quorumPercent, eligible: electorate.count, participating: tally.accounting.participating)
        var threshold: ThresholdCheck?
        if case .proposal(let stances) = tally.details {
            threshold = ThresholdCheck(
                threshold: rule.threshold,
                base: rule.thresholdBase,
                stances: stances,
                eligibleWeight: electorate.totalWeight
            )
        }
        let status: DecisionStatus
        if !quorum.isMet {
            status = .noQuorum
        } else if let threshold {
            status = threshold.isMet ? .passed : .failed
        } else {
            status = tally.winners.isEmpty ? .failed : .passed
        }
        let record = DecisionRecord(
            pollID: poll.id,
            decisionType: poll.decisionType,
            subject: poll.subject,
            status: status,
            decidedAt: poll.closingTime
        )
        return PollResult(tally: tally, quorum: quorum, threshold: threshold, status: status, record: record)
    }
}
