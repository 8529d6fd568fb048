import Foundation

/// The STV counting method of an election poll (Loomio's `stv_method`); the quota is Droop, as the engine counts.
public enum STVMethod: String, CaseIterable, Sendable, Codable {
    /// Scottish STV (weighted inclusive Gregory), the default, as Loomio and OpaVote default.
    case scottish
    /// Meek STV.
    case meek

    /// The counting engine's rule for this method.
    public var countRule: CountRule {
        switch self {
        case .scottish: .scottishSTV
        case .meek: .meekSTV
        }
    }
}

/// The settings of an STV election poll.
public struct STVSettings: Hashable, Sendable {
    /// Seats to fill; at least 1 and fewer than the candidates (Loomio's validation).
    public var seats: Int
    /// How the ballots are counted.
    public var method: STVMethod
    /// The classes candidates must belong to (a class's own board seats), or nil for any class.
    public var candidateClasses: Set<MemberClassID>?

    /// Creates settings; the default is one seat, Scottish rules, any class.
    public init(seats: Int = 1, method: STVMethod = .scottish, candidateClasses: Set<MemberClassID>? = nil) {
        self.seats = seats
        self.method = method
        self.candidateClasses = candidateClasses
    }
}

/// The kind of poll and its ballot settings (DOMAIN.md §9.2, Loomio's `poll_types.yml`).
public enum PollKind: Hashable, Sendable {
    /// A proposal: agree, abstain, disagree or block (a block needs a reason). Consent rounds use it too: a block is
    /// an objection.
    case proposal
    /// Choose exactly one option.
    case singleChoice
    /// Approve between `minimum` and `maximum` options (an approval vote when `maximum` > 1).
    case multipleChoice(minimum: Int, maximum: Int)
    /// Give every option a score from 0 to `maximum`.
    case score(maximum: Int)
    /// Spread up to `dotsPerPerson` dots over the options.
    case dotVote(dotsPerPerson: Int)
    /// Rank at least `minimumRanked` options; the IRV winner is the result and Borda points are shown beside it.
    case rankedChoice(minimumRanked: Int)
    /// Say yes, maybe (when `allowsMaybe`) or no to each proposed meeting time.
    case meetingTime(allowsMaybe: Bool)
    /// Rank candidates for `settings.seats` seats, counted by STV.
    case stv(STVSettings)

    /// The stored name of the kind.
    public var name: String {
        switch self {
        case .proposal: "proposal"
        case .singleChoice: "single-choice"
        case .multipleChoice: "multiple-choice"
        case .score: "score"
        case .dotVote: "dot-vote"
        case .rankedChoice: "ranked-choice"
        case .meetingTime: "meeting-time"
        case .stv: "stv"
        }
    }

    /// Whether the poll lists its own options (every kind but proposals, whose four stances are fixed).
    public var hasOptions: Bool { self != .proposal }

    /// Whether ballots rank options.
    public var isRanked: Bool {
        switch self {
        case .rankedChoice, .stv: true
        default: false
        }
    }
}

/// One option of a poll: a name, plus the candidate's member id in an election or the time slot in a meeting poll.
public struct PollOption: Hashable, Sendable {
    /// The longest option name accepted.
    public static let maximumNameLength = 200

    /// The name shown on the ballot.
    public var name: String
    /// The member standing, in an STV election (required there).
    public var candidate: MemberID?
    /// The proposed time, in a meeting-time poll (required there).
    public var slot: DateInterval?

    /// Creates an option.
    public init(_ name: String, candidate: MemberID? = nil, slot: DateInterval? = nil) {
        self.name = name
        self.candidate = candidate
        self.slot = slot
    }
}
