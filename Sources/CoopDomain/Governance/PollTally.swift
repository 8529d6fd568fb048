import Foundation

/// An exact share, `part` of `whole`, for showing as a percentage. Decisions never go through it: quorum and
/// thresholds compare whole numbers.
public struct Share: Hashable, Sendable {
    /// The part.
    public let part: Int64
    /// The whole (0 gives 0%).
    public let whole: Int64

    /// Creates a share.
    public init(_ part: Int64, of whole: Int64) {
        self.part = part
        self.whole = whole
    }

    /// The share as a percentage, 0 when the whole is 0.
    public var percent: Double { whole == 0 ? 0 : Double(part) * 100 / Double(whole) }
}

/// Where every ballot went, counted in ballots (not weights): `cast == counted + abstained + invalid` always holds.
public struct BallotAccounting: Hashable, Sendable {
    /// Ballots in the box.
    public let cast: Int
    /// Ballots that chose something and were counted.
    public let counted: Int
    /// Ballots that abstained: they count toward quorum but choose nothing.
    public let abstained: Int
    /// Ballots that could not be counted (a choice that does not fit the poll, a voter outside the electorate, a
    /// weight below 1); they count toward nothing. The ballot box never records one; stored data might hold one.
    public let invalid: Int
    /// Valid ballots cast by a proxy holder (included in `counted` and `abstained`).
    public let byProxy: Int

    /// Creates an account of ballots.
    public init(cast: Int, counted: Int, abstained: Int, invalid: Int, byProxy: Int) {
        self.cast = cast
        self.counted = counted
        self.abstained = abstained
        self.invalid = invalid
        self.byProxy = byProxy
    }

    /// Ballots that count toward quorum: the readable ones, abstentions and proxies included.
    public var participating: Int { counted + abstained }
}

/// One row of a poll's results, as Loomio's `PollService.calculate_results` gives it (DOMAIN.md §9.2).
public struct OptionResult: Hashable, Sendable {
    /// The option's position in ``Poll/options`` (for a proposal, the stance's position in ``Stance/allCases``).
    public let index: Int
    /// The option's name (for a proposal, the stance's raw value).
    public let name: String
    /// 1 for the highest score; equal scores share a rank (1, 2, 2, 4).
    public let rank: Int
    /// Weighted votes, points or dots: what the option scored (first preferences in an STV election; yes = 2,
    /// maybe = 1 in a meeting poll, unweighted).
    public let score: Int64
    /// How many ballots chose, scored, ranked (first, in STV) or were available for the option.
    public let voterCount: Int
    /// `score_percent`: this score over the sum of all options' scores.
    public let scorePercent: Share
    /// `voter_percent`: these voters over the whole electorate (Loomio's `voters_count` is everyone invited).
    public let voterPercent: Share
    /// Who they were, in id order; nil for anonymous polls, which show totals only.
    public let voters: [MemberID]?
}

/// The weighted stance totals of a proposal.
public struct StanceCounts: Hashable, Sendable {
    /// Weighted agree votes.
    public var agree: Int64
    /// Weighted abstentions.
    public var abstain: Int64
    /// Weighted disagree votes.
    public var disagree: Int64
    /// Weighted blocks.
    public var block: Int64

    /// Creates counts (all zero by default).
    public init(agree: Int64 = 0, abstain: Int64 = 0, disagree: Int64 = 0, block: Int64 = 0) {
        self.agree = agree
        self.abstain = abstain
        self.disagree = disagree
        self.block = block
    }

    /// The total for `stance`.
    public subscript(stance: Stance) -> Int64 {
        get {
            switch stance {
            case .agree: agree
            case .abstain: abstain
            case .disagree: disagree
            case .block: block
            }
        }
        set {
            switch stance {
            case .agree: agree = newValue
            case .abstain: abstain = newValue
            case .disagree: disagree = newValue
            case .block: block = newValue
            }
        }
    }
}

/// One proposed time of a meeting poll: how many said yes, maybe and no (heads; weights do not apply).
public struct SlotResult: Hashable, Sendable {
    /// The option's position.
    public let index: Int
    /// The slot.
    public let slot: DateInterval?
    /// Yes answers.
    public let yes: Int
    /// Maybe answers.
    public let maybe: Int
    /// No answers.
    public let no: Int

    /// Yes counts 2 and maybe 1, as Loomio scores a meeting poll.
    public var score: Int { 2 * yes + maybe }
}

/// What a tally adds for its kind of poll, beside the option rows.
public enum TallyDetails: Equatable, Sendable {
    /// A proposal's weighted stances, which thresholds are judged on.
    case proposal(StanceCounts)
    /// Single choice, multiple choice, score and dot votes: the option rows say it all.
    case choices
    /// Ranked choice: the engine's Borda count (shown) and instant-runoff count (decides); nil when nothing was ranked.
    case ranked(borda: CountResult?, instantRunoff: CountResult?)
    /// An STV election's full count, stage by stage; nil when nothing was ranked.
    case election(CountResult?)
    /// A meeting poll's answers per slot.
    case meetingTime([SlotResult])
}

/// The counted result of a poll's ballots, before quorum and threshold are judged (see ``PollResult``).
public struct PollTally: Equatable, Sendable {
    /// The poll counted.
    public let pollID: PollID
    /// Where every ballot went.
    public let accounting: BallotAccounting
    /// Eligible members (heads).
    public let electorateSize: Int
    /// Eligible members who have not voted (Loomio's "undecided" row).
    public let undecided: Int
    /// One row per option in option order (per stance, for proposals).
    public let options: [OptionResult]
    /// What the kind of poll adds.
    public let details: TallyDetails
    /// The winning options: the top score (all of them when tied, none when nothing scored), the IRV winner, the STV
    /// seats in order of election, or the best meeting slots; empty for proposals, which pass or fail instead.
    public let winners: [Int]
    /// Who voted, in id order; nil for anonymous polls.
    public let voters: [MemberID]?
}
