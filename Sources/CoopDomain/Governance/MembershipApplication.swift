import Foundation

/// Where an application to join a member class stands.
public enum ApplicationStatus: String, Sendable, Codable, CaseIterable {
    /// The admission vote is open (or closed and not yet counted).
    case pending
    /// The vote passed: the applicant is an active member of the class.
    case admitted
    /// The vote did not pass.
    case declined
}

/// Why an application, or a resignation, was refused.
public enum AdmissionError: Error, Equatable, Sendable {
    /// The bylaws define no such class.
    case unknownClass(MemberClassID)
    /// The person is already an active member of that class.
    case alreadyMember(MemberClassID)
    /// The person already has an application waiting for its vote.
    case applicationPending
    /// The statement is empty or longer than the limit.
    case invalidStatement(maximumLength: Int)
    /// Nobody may vote on the admission (no active, eligible member of the classes the bylaws name).
    case noVoters
    /// Only an active member can resign.
    case notActiveMember
    /// A resignation must be confirmed.
    case resignationNotConfirmed
}

/// One person's application to join a member class, decided by the admission poll it opened.
///
/// A person holds one membership at a time (``Membership``). Applying to another class than the one they hold (a
/// service user who became a peer facilitator applying as worker-owner) leaves the current membership in force until
/// the vote passes; admission then replaces it.
public struct MembershipApplication: Sendable, Equatable {
    /// The longest statement accepted, in characters.
    public static let longestStatement = 2_000

    /// Who applies.
    public let applicant: MemberID
    /// The class applied to.
    public let memberClass: MemberClassID
    /// Why they want to join, in their words.
    public let statement: String
    /// The admission poll.
    public let pollID: PollID
    /// When they applied.
    public let appliedAt: Date
    /// Where it stands.
    public var status: ApplicationStatus
    /// When the vote decided it.
    public var decidedAt: Date?

    /// Creates an application record.
    public init(
        applicant: MemberID, memberClass: MemberClassID, statement: String, pollID: PollID, appliedAt: Date, status: ApplicationStatus = .pending,
        decidedAt: Date? = nil
    ) {
        self.applicant = applicant
        self.memberClass = memberClass
        self.statement = statement
        self.pollID = pollID
        self.appliedAt = appliedAt
        self.status = status
        self.decidedAt = decidedAt
    }

    /// Checks a new application and returns the trimmed statement: the class must exist in `bylaws`, the person must
    /// not already be an active member of it (`current` is their membership, if any), must have no application
    /// pending among `earlier`, and the statement must be 1...``longestStatement`` characters.
    public static func check(
        class memberClass: MemberClassID, statement: String, current: Membership?, earlier: [MembershipApplication], bylaws: Bylaws, at date: Date
    ) throws(AdmissionError) -> String {
        guard bylaws.memberClass(memberClass) != nil else { throw .unknownClass(memberClass) }
        if let current, current.memberClass == memberClass, current.isActive(at: date) { throw .alreadyMember(memberClass) }
        guard !earlier.contains(where: { $0.status == .pending }) else { throw .applicationPending }
        let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= longestStatement else { throw .invalidStatement(maximumLength: longestStatement) }
        return text
    }

    /// The membership the applicant holds after `decision` (the closed admission poll): admitted into the class (with
    /// the class's probation) when it passed; nil when it did not (their current membership, if any, stays).
    public func outcome(of decision: DecisionRecord, at date: Date, bylaws: Bylaws) throws(GovernanceError) -> Membership? {
        guard decision.status == .passed else {
            var membership = Membership.application(of: applicant, to: memberClass, at: appliedAt)
            try membership.decline(by: decision, at: date)
            return nil
        }
        var membership = Membership.application(of: applicant, to: memberClass, at: appliedAt)
        try membership.admit(by: decision, at: date, bylaws: bylaws)
        return membership
    }
}
