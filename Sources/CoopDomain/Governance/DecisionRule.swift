import Foundation

/// Whether members may vote through a proxy for a decision type, and how many proxies one member may hold.
public struct ProxyRule: Hashable, Sendable, Codable {
    /// The most proxies a bylaw may let one holder carry.
    public static let largestLimit = 20

    /// Whether proxies are accepted at all.
    public var allowed: Bool
    /// The most proxies one member may hold for one poll or meeting (ignored when not allowed).
    public var maximumPerHolder: Int

    /// Creates a rule.
    public init(allowed: Bool, maximumPerHolder: Int) {
        self.allowed = allowed
        self.maximumPerHolder = maximumPerHolder
    }

    /// No proxies.
    public static let notAllowed = ProxyRule(allowed: false, maximumPerHolder: 0)

    /// Proxies allowed, at most `limit` per holder.
    public static func upTo(_ limit: Int) -> ProxyRule { ProxyRule(allowed: true, maximumPerHolder: limit) }
}

/// How much one ballot weighs: one member, one vote (ICA principle 2, DOMAIN.md §9.5), unless the bylaws weight a
/// decision type by class. Weights count toward thresholds and option scores; quorum always counts heads.
public enum VoteWeighting: Hashable, Sendable {
    /// Every ballot weighs 1.
    case onePerMember
    /// Each class's ballots weigh the given whole number; a class not listed weighs 1.
    case perClass([MemberClassID: Int])

    /// The weight of a ballot from a member of `memberClass`.
    public func weight(for memberClass: MemberClassID) -> Int {
        switch self {
        case .onePerMember: 1
        case .perClass(let weights): weights[memberClass] ?? 1
        }
    }
}

/// The bylaws' rule for one decision type (DOMAIN.md §9.1: "make quorum %, threshold, proxy allowed and max proxies per
/// holder into per-decision-type settings").
public struct DecisionRule: Hashable, Sendable {
    /// The shortest voting period accepted, in seconds (one hour).
    public static let shortestVotingPeriod: TimeInterval = 3600
    /// The longest voting period accepted, in seconds (90 days).
    public static let longestVotingPeriod: TimeInterval = 90 * 86400
    /// The largest weight a class may be given.
    public static let largestWeight = 100

    /// The member classes whose active members may vote.
    public var voterClasses: Set<MemberClassID>
    /// Quorum as a whole percent (0...100) of eligible members who must cast a ballot, in person or by proxy.
    public var quorumPercent: Int
    /// What it takes to pass.
    public var threshold: PassingThreshold
    /// What the threshold is a share of.
    public var thresholdBase: ThresholdBase
    /// Whether proxies may be used, and how many per holder.
    public var proxies: ProxyRule
    /// How long a poll of this type stays open unless its author says otherwise, in seconds.
    public var votingPeriod: TimeInterval
    /// One member, one vote, or weights per class.
    public var weighting: VoteWeighting
    /// Whether members still on probation are kept out of the vote.
    public var excludesProbationers: Bool

    /// Creates a rule; call ``validate(as:knownClasses:)`` before storing it.
    public init(
        voterClasses: Set<MemberClassID>,
        quorumPercent: Int,
        threshold: PassingThreshold,
        thresholdBase: ThresholdBase = .votesCast,
        proxies: ProxyRule = .notAllowed,
        votingPeriod: TimeInterval = 7 * 86400,
        weighting: VoteWeighting = .onePerMember,
        excludesProbationers: Bool = false
    ) {
        self.voterClasses = voterClasses
        self.quorumPercent = quorumPercent
        self.threshold = threshold
        self.thresholdBase = thresholdBase
        self.proxies = proxies
        self.votingPeriod = votingPeriod
        self.weighting = weighting
        self.excludesProbationers = excludesProbationers
    }

    /// Checks the rule for decision type `type` against the classes the bylaws define; throws
    /// ``GovernanceError/invalidDecisionRule(_:_:)`` with the first problem found.
    public func validate(as type: DecisionType, knownClasses: Set<MemberClassID>) throws(GovernanceError) {
        if let problem = problem(knownClasses: knownClasses) { throw .invalidDecisionRule(type, problem) }
    }

    /// The first thing wrong with the rule, or nil.
    private func problem(knownClasses: Set<MemberClassID>) -> RuleProblem? {
        guard !voterClasses.isEmpty else { return .noVoterClasses }
        if let unknown = voterClasses.sorted().first(where: { !knownClasses.contains($0) }) { return .unknownClass(unknown) }
        guard (0...100).contains(quorumPercent) else { return .quorumOutOfRange(quorumPercent) }
        if proxies.allowed, !(1...ProxyRule.largestLimit).contains(proxies.maximumPerHolder) {
            return .proxyLimitOutOfRange(proxies.maximumPerHolder)
        }
        guard (Self.shortestVotingPeriod...Self.longestVotingPeriod).contains(votingPeriod) else {
            return .votingPeriodOutOfRange(seconds: votingPeriod)
        }
        if case .perClass(let weights) = weighting {
            for (memberClass, weight) in weights.sorted(by: { $0.key < $1.key }) {
                guard knownClasses.contains(memberClass) else { return .unknownClass(memberClass) }
                guard (1...Self.largestWeight).contains(weight) else { return .weightOutOfRange(memberClass, weight) }
            }
        }
        return nil
    }
}

/// Why a decision rule was refused.
public enum RuleProblem: Hashable, Sendable {
    /// Nobody could vote.
    case noVoterClasses
    /// The rule names a class the bylaws do not define.
    case unknownClass(MemberClassID)
    /// Quorum must be a whole percent from 0 to 100.
    case quorumOutOfRange(Int)
    /// With proxies allowed, each holder may carry 1...``ProxyRule/largestLimit``.
    case proxyLimitOutOfRange(Int)
    /// The voting period must be from one hour to 90 days.
    case votingPeriodOutOfRange(seconds: TimeInterval)
    /// Class weights must be 1...``DecisionRule/largestWeight``.
    case weightOutOfRange(MemberClassID, Int)
}
