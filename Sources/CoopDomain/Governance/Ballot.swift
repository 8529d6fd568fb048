import Foundation

/// A position on a proposal (Loomio's proposal options). In a consent round a block is an objection.
public enum Stance: String, CaseIterable, Sendable, Codable {
    /// For the proposal.
    case agree
    /// Takes part without taking a side: counts toward quorum, not toward a majority of votes cast.
    case abstain
    /// Against the proposal; recorded, but no veto.
    case disagree
    /// Stops a consent or unanimous decision; counts as one vote against under a majority threshold. Needs a reason.
    case block
}

/// An answer to one proposed meeting time; yes scores 2, maybe 1, no 0 (Loomio's meeting poll).
public enum Availability: String, CaseIterable, Sendable, Codable {
    /// Can come.
    case yes
    /// Might come (only where the poll offers it).
    case maybe
    /// Cannot come.
    case no

    /// The points the answer adds to the time slot.
    public var points: Int {
        switch self {
        case .yes: 2
        case .maybe: 1
        case .no: 0
        }
    }
}

/// What a ballot says; which case fits depends on the poll's kind. Option numbers are 0-based positions in
/// ``Poll/options``.
public enum BallotChoice: Hashable, Sendable {
    /// Takes part without choosing: counts toward quorum, not toward any option (any kind; on a proposal it is the
    /// abstain stance).
    case abstain
    /// A proposal stance.
    case stance(Stance)
    /// Single or multiple choice: the options chosen.
    case selection(Set<Int>)
    /// Score or dot vote: one number per option, in option order.
    case scores([Int])
    /// Ranked choice or STV: options, most preferred first, each at most once.
    case ranking([Int])
    /// Meeting time: one answer per time slot, in option order.
    case availability([Availability])

    /// Whether the ballot takes part without choosing: ``abstain``, the abstain stance, or an empty selection.
    public var isAbstention: Bool { self == .abstain || self == .stance(.abstain) || self == .selection([]) }

    /// A text key that orders ballots by content alone, used to shuffle identity out of anonymous ballot order.
    var sortKey: String {
        switch self {
        case .abstain: "a"
        case .stance(let stance): "b:" + stance.rawValue
        case .selection(let chosen): "c:" + chosen.sorted().map(String.init).joined(separator: ",")
        case .scores(let scores): "d:" + scores.map(String.init).joined(separator: ",")
        case .ranking(let ranking): "e:" + ranking.map(String.init).joined(separator: ",")
        case .availability(let answers): "f:" + answers.map(\.rawValue).joined(separator: ",")
        }
    }
}

/// A ballot as recorded: whose vote it is, who cast it, what it says and how much it weighs.
///
/// For an anonymous poll the identity fields are cleared when it closes (``BallotBox/sealedBallots()``), and the
/// voters keep only their ``VoteReceipt``.
public struct Ballot: Hashable, Sendable {
    /// Whose vote this is (the proxy giver when cast by proxy); nil once sealed.
    public var voter: MemberID?
    /// Who cast it: the voter, or the proxy holder; nil once sealed.
    public var castBy: MemberID?
    /// The proxy it was cast under, if any; nil once sealed.
    public var proxy: ProxyID?
    /// What it says.
    public var choice: BallotChoice
    /// The voter's reason, if given (kept with the ballot, not the voter, in anonymous polls).
    public var reason: String?
    /// What it weighs (1 unless the rule weights classes).
    public var weight: Int
    /// When it was cast; nil once sealed.
    public var castAt: Date?

    /// Creates a ballot.
    public init(
        voter: MemberID?,
        castBy: MemberID?,
        proxy: ProxyID? = nil,
        choice: BallotChoice,
        reason: String? = nil,
        weight: Int = 1,
        castAt: Date?
    ) {
        self.voter = voter
        self.castBy = castBy
        self.proxy = proxy
        self.choice = choice
        self.reason = reason
        self.weight = weight
        self.castAt = castAt
    }

    /// Whether a proxy holder cast it for the voter.
    public var isByProxy: Bool { proxy != nil }

    /// The ballot without anything that says who cast it or when.
    public func sealed() -> Ballot {
        Ballot(voter: nil, castBy: nil, proxy: nil, choice: choice, reason: reason, weight: weight, castAt: nil)
    }
}

/// A ballot as submitted, before it is checked.
public struct BallotSubmission: Hashable, Sendable {
    /// The signed-in member submitting it.
    public var submittedBy: MemberID
    /// The proxy giver, when the submitter votes as their proxy; nil for one's own vote.
    public var onBehalfOf: MemberID?
    /// What the ballot says.
    public var choice: BallotChoice
    /// The reason given, if any.
    public var reason: String?

    /// Creates a submission.
    public init(submittedBy: MemberID, onBehalfOf: MemberID? = nil, choice: BallotChoice, reason: String? = nil) {
        self.submittedBy = submittedBy
        self.onBehalfOf = onBehalfOf
        self.choice = choice
        self.reason = reason
    }

    /// Whose vote it is.
    public var voter: MemberID { onBehalfOf ?? submittedBy }
}

/// Proof that a member's vote was cast, without what it said (Loomio's "verify participants" receipt).
public struct VoteReceipt: Hashable, Sendable {
    /// The poll.
    public var pollID: PollID
    /// Whose vote was cast.
    public var voter: MemberID
    /// The proxy holder who cast it, if not the voter.
    public var castByProxyHolder: MemberID?
    /// When it was (last) cast.
    public var castAt: Date

    /// Creates a receipt.
    public init(pollID: PollID, voter: MemberID, castByProxyHolder: MemberID?, castAt: Date) {
        self.pollID = pollID
        self.voter = voter
        self.castByProxyHolder = castByProxyHolder
        self.castAt = castAt
    }
}
