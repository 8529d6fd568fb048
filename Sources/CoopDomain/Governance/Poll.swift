import Foundation

/// When voters may see the results (Loomio's `hide_results`).
public enum ResultsVisibility: String, CaseIterable, Sendable, Codable {
    /// Always visible.
    case shown
    /// Visible to a member once they have voted, and to everyone after closing.
    case untilVoted = "until-voted"
    /// Hidden from everyone until the poll closes; required for anonymous polls.
    case untilClosed = "until-closed"
}

/// Whether a ballot takes a written reason (Loomio's `stance_reason_required`). A block always needs one.
public enum ReasonPolicy: String, CaseIterable, Sendable, Codable {
    /// No reasons, except the one a block needs.
    case disabled
    /// A reason may be given.
    case optional
    /// Every ballot needs a reason.
    case required
    /// Disagree and block need a reason.
    case requiredForDisagreeOrBlock = "required-for-disagree-or-block"
    /// Only a block needs a reason.
    case requiredForBlock = "required-for-block"
}

/// What passing a proposal does, so the decision can be applied without reading its text.
public enum DecisionSubject: Hashable, Sendable {
    /// Nothing automatic: the outcome is recorded and people act on it.
    case general
    /// Admits this applicant.
    case admission(MemberID)
    /// Sets a governed setting to this value.
    case settingChange(GovernedSetting)
    /// Ratifies this emergency change, so it stays in force after its expiry.
    case ratification(EmergencyChangeID)
}

/// The outcome statement the author writes after a poll closes (Loomio's Outcome).
public struct OutcomeStatement: Hashable, Sendable {
    /// The longest statement accepted, in characters.
    public static let maximumLength = 10_000

    /// Who wrote it.
    public var author: MemberID
    /// What was decided, in words.
    public var text: String
    /// When it was written.
    public var writtenAt: Date
    /// When the decision should be reviewed, if set.
    public var reviewAt: Date?

    /// Creates a statement.
    public init(author: MemberID, text: String, writtenAt: Date, reviewAt: Date? = nil) {
        self.author = author
        self.text = text
        self.writtenAt = writtenAt
        self.reviewAt = reviewAt
    }
}

/// A poll: a question put to an electorate between two times, with its ballot rules (DOMAIN.md §9.2).
///
/// Ballots live in a ``BallotBox``; results come from ``PollResult/evaluate(poll:rule:ballots:electorate:)``.
public struct Poll: Sendable, Equatable, Identifiable {
    /// The longest reason limit a poll may set.
    public static let longestReasonLimit = 5_000

    /// The poll's id.
    public let id: PollID
    /// Who started it.
    public var author: MemberID
    /// The question or proposal title.
    public var title: String
    /// Which bylaw rule governs it (electorate, quorum, threshold, proxies).
    public var decisionType: DecisionType
    /// The kind of poll and its ballot settings.
    public var kind: PollKind
    /// The options, for every kind but proposals.
    public var options: [PollOption]
    /// What passing it does.
    public var subject: DecisionSubject
    /// When voting opens.
    public var opensAt: Date
    /// When voting closes, unless closed earlier.
    public var closesAt: Date
    /// When it was closed early, if it was.
    public private(set) var closedEarlyAt: Date?
    /// Whether ballots are kept apart from voters (only receipts name them).
    public var isAnonymous: Bool
    /// When results may be seen.
    public var resultsVisibility: ResultsVisibility
    /// Whether a voter may change their ballot while the poll is open (the new ballot replaces the old).
    public var allowsVoteChange: Bool
    /// Whether ballots take reasons.
    public var reasonPolicy: ReasonPolicy
    /// The longest reason accepted, in characters (Loomio's optional limit is 500).
    public var reasonMaximumLength: Int
    /// Narrows the rule's voter classes (a class's own election), or nil for the rule's classes.
    public var voterClasses: Set<MemberClassID>?
    /// The meeting the poll is held at, if any (meeting proxies cover it).
    public var meetingID: MeetingID?
    /// The author's statement of the outcome, once written.
    public private(set) var outcome: OutcomeStatement?

    /// Creates a poll; call ``validate(rule:)`` before opening it.
    public init(
        id: PollID = .make(),
        author: MemberID,
        title: String,
        decisionType: DecisionType,
        kind: PollKind,
        options: [PollOption] = [],
        subject: DecisionSubject = .general,
        opensAt: Date,
        closesAt: Date,
        isAnonymous: Bool = false,
        resultsVisibility: ResultsVisibility = .shown,
        allowsVoteChange: Bool = true,
        reasonPolicy: ReasonPolicy = .optional,
        reasonMaximumLength: Int = 500,
        voterClasses: Set<MemberClassID>? = nil,
        meetingID: MeetingID? = nil,
        closedEarlyAt: Date? = nil,
        outcome: OutcomeStatement? = nil
    ) {
        self.id = id
        self.author = author
        self.title = title
        self.decisionType = decisionType
        self.kind = kind
        self.options = options
        self.subject = subject
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.isAnonymous = isAnonymous
        self.resultsVisibility = resultsVisibility
        self.allowsVoteChange = allowsVoteChange
        self.reasonPolicy = reasonPolicy
        self.reasonMaximumLength = reasonMaximumLength
        self.voterClasses = voterClasses
        self.meetingID = meetingID
        self.closedEarlyAt = closedEarlyAt
        self.outcome = outcome
    }

    /// The closing time that applies: the early close if there was one, else `closesAt`.
    public var closingTime: Date { closedEarlyAt.map { min($0, closesAt) } ?? closesAt }

    /// Whether ballots are accepted at `date`: from `opensAt` (inclusive) to the closing time (exclusive).
    public func isOpen(at date: Date) -> Bool { opensAt <= date && date < closingTime }

    /// Whether the poll has closed by `date`.
    public func isClosed(at date: Date) -> Bool { date >= closingTime }

    /// Closes the poll before its closing time; throws ``GovernanceError/pollClosed(at:)`` if it has already closed and
    /// ``GovernanceError/pollNotOpenYet(opensAt:)`` if it never opened.
    public mutating func closeEarly(at date: Date) throws(GovernanceError) {
        guard !isClosed(at: date) else { throw .pollClosed(at: closingTime) }
        guard date >= opensAt else { throw .pollNotOpenYet(opensAt: opensAt) }
        closedEarlyAt = date
    }

    /// Records the author's outcome statement; only after closing, 1–10,000 characters, reviewed (if at all) later.
    public mutating func recordOutcome(_ statement: OutcomeStatement) throws(GovernanceError) {
        guard isClosed(at: statement.writtenAt) else { throw .pollStillOpen(closesAt: closingTime) }
        let text = statement.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= OutcomeStatement.maximumLength else {
            throw .invalidOutcomeStatement(maximumLength: OutcomeStatement.maximumLength)
        }
        if let review = statement.reviewAt, review <= statement.writtenAt {
            throw .invalidOutcomeStatement(maximumLength: OutcomeStatement.maximumLength)
        }
        outcome = statement
    }

    /// Whether results may be shown at `date` to someone who has (or has not) voted.
    public func resultsVisible(hasVoted: Bool, at date: Date) -> Bool {
        switch resultsVisibility {
        case .shown: true
        case .untilVoted: hasVoted || isClosed(at: date)
        case .untilClosed: isClosed(at: date)
        }
    }

    /// The closing time the rule's default voting period gives a poll opening at `opensAt`.
    public static func defaultClosingTime(opensAt: Date, rule: DecisionRule) -> Date {
        opensAt.addingTimeInterval(rule.votingPeriod)
    }
}
