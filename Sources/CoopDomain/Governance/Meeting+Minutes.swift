import Foundation

/// Where a meeting's minutes stand. The text itself is stored by the caller; this is the sign-off state machine:
///
/// ```
/// notStarted ─start─▶ draft ─submit─▶ awaitingSignOff ─signOff─▶ signedOff (final)
///                        ▲───────reopen───────┘
/// ```
public enum MinutesState: Hashable, Sendable {
    /// Nobody has started them.
    case notStarted
    /// Being written by `author`.
    case draft(author: MemberID)
    /// Submitted by `author`, waiting for someone else who attended to sign them off.
    case awaitingSignOff(author: MemberID, submittedAt: Date)
    /// Signed off; no more changes.
    case signedOff(author: MemberID, signedBy: MemberID, at: Date)

    /// Whether the minutes are final.
    public var isSignedOff: Bool {
        if case .signedOff = self { return true }
        return false
    }
}

extension Meeting {
    /// Starts the minutes, written by `author`.
    public mutating func startMinutes(author: MemberID) throws(GovernanceError) {
        guard minutes == .notStarted else { throw .invalidMinutesTransition(minutes) }
        minutes = .draft(author: author)
    }

    /// Submits the draft for sign-off; only its author may.
    public mutating func submitMinutes(by member: MemberID, at date: Date) throws(GovernanceError) {
        guard case .draft(let author) = minutes else { throw .invalidMinutesTransition(minutes) }
        guard author == member else { throw .notMinutesAuthor(member) }
        minutes = .awaitingSignOff(author: author, submittedAt: date)
    }

    /// Sends submitted minutes back to their author for corrections.
    public mutating func reopenMinutes() throws(GovernanceError) {
        guard case .awaitingSignOff(let author, _) = minutes else { throw .invalidMinutesTransition(minutes) }
        minutes = .draft(author: author)
    }

    /// Signs the minutes off: by someone other than their author who attended in person or online.
    public mutating func signOffMinutes(by member: MemberID, at date: Date) throws(GovernanceError) {
        guard case .awaitingSignOff(let author, _) = minutes else { throw .invalidMinutesTransition(minutes) }
        guard member != author else { throw .signerIsAuthor }
        guard attendance(of: member)?.mode.isPresent == true else { throw .signerDidNotAttend(member) }
        minutes = .signedOff(author: author, signedBy: member, at: date)
    }
}
