import Foundation

/// Where a membership stands: application → admission by a vote → active → former (or declined).
public enum MembershipStatus: String, Sendable, Codable, CaseIterable {
    /// Applied; waiting for the admission vote.
    case applicant
    /// Admitted (or a founder); may vote where the class and probation allow.
    case active
    /// The admission vote did not pass.
    case declined
    /// Resigned, removed or lapsed.
    case former
}

/// Why a member left.
public enum LeavingReason: Hashable, Sendable {
    /// The member resigned.
    case resigned
    /// The members removed them by a passed decision.
    case removed(by: PollID)
    /// Membership lapsed (dues, inactivity), as the bylaws define it.
    case lapsed
}

/// One person's membership of the co-op in one class, with its lifecycle dates.
///
/// One person holds at most one membership; a client's clinical record is not part of it. Every change returns an
/// error instead of silently doing nothing, so the caller can show why.
public struct Membership: Sendable, Equatable {
    /// Whose membership this is.
    public let memberID: MemberID
    /// The class the member belongs to.
    public let memberClass: MemberClassID
    /// Where the membership stands.
    public private(set) var status: MembershipStatus
    /// When the application was made (for founders, when the co-op was founded).
    public let appliedAt: Date
    /// When the member was admitted.
    public private(set) var admittedAt: Date?
    /// The admission decision, or nil for a founder.
    public private(set) var admittedBy: PollID?
    /// When probation ends, or nil when the class has none.
    public private(set) var probationEndsAt: Date?
    /// When the membership was declined or ended.
    public private(set) var endedAt: Date?
    /// The decision that declined the application, if any.
    public private(set) var declinedBy: PollID?
    /// Why the member left, once former.
    public private(set) var leavingReason: LeavingReason?

    /// Restores a stored membership exactly as it was saved.
    public init(
        memberID: MemberID,
        memberClass: MemberClassID,
        status: MembershipStatus,
        appliedAt: Date,
        admittedAt: Date?,
        admittedBy: PollID?,
        probationEndsAt: Date?,
        endedAt: Date?,
        declinedBy: PollID?,
        leavingReason: LeavingReason?
    ) {
        self.memberID = memberID
        self.memberClass = memberClass
        self.status = status
        self.appliedAt = appliedAt
        self.admittedAt = admittedAt
        self.admittedBy = admittedBy
        self.probationEndsAt = probationEndsAt
        self.endedAt = endedAt
        self.declinedBy = declinedBy
        self.leavingReason = leavingReason
    }

    /// A new application to join `memberClass`.
    public static func application(of member: MemberID, to memberClass: MemberClassID, at date: Date) -> Membership {
        Membership(
            memberID: member,
            memberClass: memberClass,
            status: .applicant,
            appliedAt: date,
            admittedAt: nil,
            admittedBy: nil,
            probationEndsAt: nil,
            endedAt: nil,
            declinedBy: nil,
            leavingReason: nil
        )
    }

    /// A founding member: active from `date`, admitted by no vote, with no probation.
    public static func founder(_ member: MemberID, of memberClass: MemberClassID, since date: Date) -> Membership {
        Membership(
            memberID: member,
            memberClass: memberClass,
            status: .active,
            appliedAt: date,
            admittedAt: date,
            admittedBy: nil,
            probationEndsAt: nil,
            endedAt: nil,
            declinedBy: nil,
            leavingReason: nil
        )
    }

    /// Admits the applicant on the strength of `decision`, which must be a passed admission decision about this member;
    /// probation, if the class has one in `bylaws`, runs from `date`.
    public mutating func admit(by decision: DecisionRecord, at date: Date, bylaws: Bylaws) throws(GovernanceError) {
        guard status == .applicant else { throw .invalidMembershipTransition(from: status, to: .active) }
        try Self.check(decision, isPassedAdmissionOf: memberID)
        guard let memberClassRules = bylaws.memberClass(memberClass) else { throw .unknownMemberClass(memberClass) }
        status = .active
        admittedAt = date
        admittedBy = decision.pollID
        if let probation = memberClassRules.probation, !probation.isEmpty {
            probationEndsAt = probation.end(startingAt: date)
        }
    }

    /// Declines the application; `decision` must be a closed admission decision about this member that did not pass.
    public mutating func decline(by decision: DecisionRecord, at date: Date) throws(GovernanceError) {
        guard status == .applicant else { throw .invalidMembershipTransition(from: status, to: .declined) }
        guard decision.decisionType == .admission else { throw .wrongDecisionType(expected: .admission, found: decision.decisionType) }
        guard decision.subject == .admission(memberID) else { throw .decisionSubjectMismatch(decision.pollID) }
        guard decision.status != .passed else { throw .decisionPassed(decision.pollID) }
        status = .declined
        endedAt = date
        declinedBy = decision.pollID
    }

    /// Ends an active membership.
    public mutating func leave(at date: Date, reason: LeavingReason) throws(GovernanceError) {
        guard status == .active else { throw .invalidMembershipTransition(from: status, to: .former) }
        status = .former
        endedAt = date
        leavingReason = reason
    }

    /// Whether the member is active at `date` (admitted on or before it, not yet gone).
    public func isActive(at date: Date) -> Bool {
        guard status == .active, let admittedAt else { return false }
        return admittedAt <= date
    }

    /// Whether the member is still on probation at `date`.
    public func isInProbation(at date: Date) -> Bool {
        guard let probationEndsAt else { return false }
        return date < probationEndsAt
    }

    /// Throws unless `decision` is a passed admission decision about `member`.
    static func check(_ decision: DecisionRecord, isPassedAdmissionOf member: MemberID) throws(GovernanceError) {
        guard decision.decisionType == .admission else { throw .wrongDecisionType(expected: .admission, found: decision.decisionType) }
        guard decision.subject == .admission(member) else { throw .decisionSubjectMismatch(decision.pollID) }
        guard decision.status == .passed else { throw .decisionNotPassed(decision.pollID, decision.status) }
    }
}
