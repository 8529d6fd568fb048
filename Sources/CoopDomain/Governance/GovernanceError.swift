import Foundation

/// What can go wrong in governance: settings, memberships, polls, ballots, proxies, decisions, meetings.
/// No HTTP types: the web layer maps these to statuses and messages in one place.
public enum GovernanceError: Error, Equatable, Sendable {
    // MARK: Bylaws and settings

    /// The bylaws define no member class.
    case noMemberClasses
    /// Two member classes share an id.
    case duplicateMemberClass(MemberClassID)
    /// A member class's name is empty or longer than 100 characters.
    case invalidMemberClassName(MemberClassID)
    /// A member class's probation is outside 0...60 months and 0...366 days.
    case invalidProbation(MemberClassID)
    /// A class is named that the bylaws do not define.
    case unknownMemberClass(MemberClassID)
    /// The bylaws have no rule for this decision type.
    case missingDecisionRule(DecisionType)
    /// The rule for a decision type is not acceptable.
    case invalidDecisionRule(DecisionType, RuleProblem)
    /// A governed setting's new value is not acceptable.
    case invalidSetting(SettingProblem)

    // MARK: Memberships and eligibility

    /// One member appears twice in the memberships given.
    case duplicateMembership(MemberID)
    /// The membership cannot move from one status to the other.
    case invalidMembershipTransition(from: MembershipStatus, to: MembershipStatus)
    /// The member may not vote (or hold a proxy) in this decision.
    case notEligible(MemberID, IneligibilityReason)

    // MARK: Decisions as proof

    /// The decision is of another type than the change needs.
    case wrongDecisionType(expected: DecisionType, found: DecisionType)
    /// The decision is about something else.
    case decisionSubjectMismatch(PollID)
    /// The decision did not pass (it failed, or lacked quorum).
    case decisionNotPassed(PollID, DecisionStatus)
    /// The decision passed, so it cannot decline or reject.
    case decisionPassed(PollID)
    /// The decision's setting change has already been applied.
    case decisionAlreadyApplied(PollID)

    // MARK: Polls

    /// The poll cannot be opened as it stands.
    case invalidPoll(PollProblem)
    /// Voting has not opened yet.
    case pollNotOpenYet(opensAt: Date)
    /// Voting closed at this time.
    case pollClosed(at: Date)
    /// The poll is still open (an outcome is written after closing).
    case pollStillOpen(closesAt: Date)
    /// The outcome statement is empty or too long, or its review date is not after it.
    case invalidOutcomeStatement(maximumLength: Int)
    /// The counting engine refused the ballots.
    case countingFailed(CountingError)

    // MARK: Ballots

    /// The member's vote has been cast and the poll does not allow changes.
    case alreadyVoted(MemberID)
    /// The member's vote was cast by this proxy holder; nobody else may cast it now.
    case votedByProxy(MemberID, holder: MemberID)
    /// The proxy giver has voted themselves, so the proxy cannot be used in this poll.
    case giverVotedInPerson(MemberID)
    /// The choice does not fit the poll.
    case invalidChoice(ChoiceProblem)
    /// The reason is missing, not accepted, or too long.
    case invalidReason(ReasonProblem)

    // MARK: Proxies

    /// The decision type does not allow proxies.
    case proxiesNotAllowed
    /// A member cannot be their own proxy.
    case proxyToSelf
    /// The giver already has a standing proxy in this scope.
    case proxyAlreadyGiven(MemberID)
    /// The member is on both ends of proxies in one scope; a proxy cannot be passed on.
    case proxyChain(MemberID)
    /// The holder already carries the most proxies the rule allows.
    case proxyLimitReached(MemberID, maximum: Int)
    /// No standing proxy matches.
    case proxyNotFound
    /// A proxy holder must be present in person or online to carry a proxy at a meeting.
    case proxyHolderAbsent(MemberID)

    // MARK: Consent rounds

    /// The process is not at the step this needs (voting, or amendment after a round).
    case consentRoundNotOpen
    /// Consent rounds need a rule under which a block stops the decision (consent or unanimous).
    case consentNeedsBlockingThreshold
    /// This many objections are neither integrated nor withdrawn.
    case objectionsUnresolved(count: Int)
    /// No unresolved objection at this position.
    case objectionNotFound(Int)
    /// Consent was reached; the process is over.
    case consentAlreadyReached

    // MARK: Emergency changes

    /// An emergency change to this setting is already in force.
    case emergencyAlreadyInForce(GovernedSettingKey)
    /// An emergency change must last more than 0 and at most this many seconds.
    case emergencyDurationOutOfRange(maximum: TimeInterval)
    /// An emergency change needs a reason of at most this many characters.
    case emergencyReasonRequired(maximumLength: Int)
    /// No emergency change has this id.
    case emergencyNotFound(EmergencyChangeID)
    /// The emergency change has already been ratified or reverted.
    case emergencyNotInForce(EmergencyChangeID)
    /// The ratification was decided after the change expired (or before it was made).
    case ratificationTooLate(expiredAt: Date)

    // MARK: Meetings

    /// The meeting has no title, or an agenda item (at this position) has no title or a length outside 1...480 minutes.
    case invalidMeeting(agendaItem: Int?)
    /// The member's attendance is already recorded.
    case alreadyAttending(MemberID)
    /// The minutes cannot take this step from where they stand.
    case invalidMinutesTransition(MinutesState)
    /// Only the minutes' author may submit them.
    case notMinutesAuthor(MemberID)
    /// The author cannot sign off their own minutes.
    case signerIsAuthor
    /// Only someone who attended in person or online may sign the minutes off.
    case signerDidNotAttend(MemberID)
}
