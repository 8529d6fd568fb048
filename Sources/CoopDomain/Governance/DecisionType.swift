import Foundation

/// The kinds of decision the bylaws give their own rules (who votes, quorum, threshold, proxies, voting period).
/// Raw values are the stored names.
public enum DecisionType: String, CaseIterable, Sendable, Codable, Comparable {
    /// Day-to-day business.
    case ordinary
    /// Adopting or changing a budget.
    case budget
    /// Changing the bylaws, including the decision rules themselves.
    case bylawsAmendment = "bylaws-amendment"
    /// Admitting an applicant as a member.
    case admission
    /// Changing a governed setting (cancellation window, sliding scale) or another policy.
    case policyChange = "policy-change"
    /// Electing people to seats (board, committee).
    case election

    /// Orders types as `allCases` lists them.
    public static func < (lhs: DecisionType, rhs: DecisionType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a proposal needs to pass. The fractions are compared exactly in integers, never in floating point.
///
/// - `simpleMajority`: strictly more than half of the base (5 of 10 fails, 6 of 10 passes).
/// - `twoThirds`, `threeQuarters`: at least that fraction (2/3 of 9 is 6, so 6 agree of 9 passes; 3/4 of 8 is 6).
///   "At least" is how Robert's Rules and the co-op statutes read a two-thirds vote.
/// - `consent`: no block stands and at least one member agreed (sociocracy's "no paramount objection", DOMAIN.md §9.1;
///   Loomio's "no valid objections remain"). Disagreement is recorded but does not stop it.
/// - `unanimous`: every vote in the base agrees and nobody blocks ("full consensus", as Phoenix admits owners,
///   DOMAIN.md §9.5). With the base `votesCast`, abstaining counts as standing aside.
public enum PassingThreshold: String, CaseIterable, Sendable, Codable {
    /// More than half.
    case simpleMajority = "simple-majority"
    /// At least two thirds.
    case twoThirds = "two-thirds"
    /// At least three quarters.
    case threeQuarters = "three-quarters"
    /// No block, and somebody agrees.
    case consent
    /// Everyone in the base agrees.
    case unanimous

    /// The fraction of the base that must agree, and whether reaching it exactly is enough; nil for `consent`.
    public var fraction: (numerator: Int64, denominator: Int64, exactIsEnough: Bool)? {
        switch self {
        case .simpleMajority: (1, 2, false)
        case .twoThirds: (2, 3, true)
        case .threeQuarters: (3, 4, true)
        case .unanimous: (1, 1, true)
        case .consent: nil
        }
    }

    /// Whether a block is a veto under this threshold (consent and unanimity) rather than one vote against.
    public var blockIsVeto: Bool { self == .consent || self == .unanimous }
}

/// What a threshold is a share of. The reading, and the default, is `votesCast`: abstentions are left out.
///
/// The bylaw examples in DOMAIN.md §9.1 use the other two bases, so a co-op can choose them per decision type:
/// - "decisions need a majority of those present" (a sample co-op bylaw) counts abstainers in: `ballotsCast`;
/// - "bylaw amendments … by 2/3 of the membership" (riversidecrossing.org) counts every eligible voter: `eligibleVoters`.
public enum ThresholdBase: String, CaseIterable, Sendable, Codable {
    /// Agree + disagree + block; abstentions and unreadable ballots are left out.
    case votesCast = "votes-cast"
    /// Every readable ballot, abstentions included ("a majority of those present").
    case ballotsCast = "ballots-cast"
    /// Everyone eligible to vote, whether they voted or not ("two thirds of the membership").
    case eligibleVoters = "eligible-voters"
}
