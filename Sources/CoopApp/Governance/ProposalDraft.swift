import CoopDomain
import Foundation

/// What a member fills in to open a proposal or poll.
public struct ProposalDraft: Sendable, Equatable {
    /// The longest proposal text accepted, in characters.
    public static let longestBody = 20_000
    /// How far ahead a poll may be set to open.
    public static let latestOpening: TimeInterval = 90 * 86400

    /// The question or proposal title.
    public var title: String
    /// The proposal's text.
    public var body: String
    /// Which bylaw rule governs it.
    public var decisionType: DecisionType
    /// The kind of poll.
    public var kind: PollKind
    /// The options (candidates in an STV election), empty for proposals.
    public var options: [PollOption]
    /// The governed setting a policy change would set, if any.
    public var setting: GovernedSetting?
    /// How long voting stays open from now; nil for the rule's default voting period.
    public var votingPeriod: TimeInterval?
    /// Whether ballots are kept apart from voters (results then stay hidden until close, and votes cannot change).
    public var isAnonymous: Bool
    /// When results may be seen (anonymous polls always hide them until close).
    public var resultsVisibility: ResultsVisibility
    /// Narrows who votes to these classes (a class's own decision), or nil for the rule's classes.
    public var voterClasses: Set<MemberClassID>?
    /// When voting opens, if later than now (nil: at once); the voting period runs from then.
    public var opensAt: Date?

    /// Creates a draft; the defaults make a named proposal of ordinary business with results shown.
    public init(
        title: String, body: String = "", decisionType: DecisionType = .ordinary, kind: PollKind = .proposal, options: [PollOption] = [],
        setting: GovernedSetting? = nil, votingPeriod: TimeInterval? = nil, isAnonymous: Bool = false, resultsVisibility: ResultsVisibility = .shown,
        voterClasses: Set<MemberClassID>? = nil, opensAt: Date? = nil
    ) {
        self.opensAt = opensAt
        self.title = title
        self.body = body
        self.decisionType = decisionType
        self.kind = kind
        self.options = options
        self.setting = setting
        self.votingPeriod = votingPeriod
        self.isAnonymous = isAnonymous
        self.resultsVisibility = resultsVisibility
        self.voterClasses = voterClasses
    }
}
