import Foundation

/// How an objection was dealt with before the proposal was put again.
public enum ObjectionResolution: String, Sendable, Codable {
    /// The amended proposal takes the objection in.
    case integrated
    /// The objector withdrew it.
    case withdrawn
}

/// An objection raised in a consent round: a block with its reason.
public struct Objection: Hashable, Sendable {
    /// The round it was raised in, from 1.
    public let round: Int
    /// Who raised it; nil in an anonymous poll.
    public let objector: MemberID?
    /// The reason given (a block always has one).
    public let reason: String
    /// How it was dealt with, once it has been.
    public internal(set) var resolution: ObjectionResolution?

    /// Creates an objection.
    public init(round: Int, objector: MemberID?, reason: String, resolution: ObjectionResolution? = nil) {
        self.round = round
        self.objector = objector
        self.reason = reason
        self.resolution = resolution
    }
}

/// One round of a consent process: one version of the proposal put to one poll.
public struct ConsentRound: Hashable, Sendable {
    /// The round number, from 1.
    public let number: Int
    /// The poll the version was put to.
    public let pollID: PollID
    /// The proposal's text in this round.
    public let proposal: String
    /// How the round's poll ended, once it has.
    public internal(set) var status: DecisionStatus?

    /// Creates a round.
    public init(number: Int, pollID: PollID, proposal: String, status: DecisionStatus? = nil) {
        self.number = number
        self.pollID = pollID
        self.proposal = proposal
        self.status = status
    }
}

/// Where a consent process stands.
public enum ConsentStage: Hashable, Sendable {
    /// The current round's poll is open.
    case voting
    /// The round did not reach consent: objections must be resolved, then an amended proposal put again.
    case amendmentNeeded
    /// Consent reached in this round.
    case consented(round: Int)
    /// Given up.
    case abandoned
}

/// A sociocratic consent process (DOMAIN.md §9.1): a proposal passes when no reasoned objection stands; objections are
/// integrated into an amended proposal, which is put again in a new round.
///
/// Each round is a proposal poll whose rule has a block-vetoing threshold (``PassingThreshold/consent`` or
/// ``PassingThreshold/unanimous``); a block is an objection. A round without quorum, or with nobody agreeing, also
/// needs a new round (the same text may be put again).
public struct ConsentProcess: Sendable, Equatable {
    /// The rounds so far, oldest first.
    public private(set) var rounds: [ConsentRound]
    /// Every objection raised, oldest first.
    public private(set) var objections: [Objection]
    /// Where the process stands.
    public private(set) var stage: ConsentStage

    /// Starts a process with the first version of the proposal, put to poll `pollID`.
    public init(proposal: String, pollID: PollID) {
        self.init(rounds: [ConsentRound(number: 1, pollID: pollID, proposal: proposal)], objections: [], stage: .voting)
    }

    /// Restores a stored process.
    public init(rounds: [ConsentRound], objections: [Objection], stage: ConsentStage) {
        precondition(!rounds.isEmpty, "a consent process has at least one round")
        self.rounds = rounds
        self.objections = objections
        self.stage = stage
    }

    /// The latest round.
    public var currentRound: ConsentRound { rounds[rounds.count - 1] }

    /// Objections not yet integrated or withdrawn.
    public var standingObjections: [Objection] { objections.filter { $0.resolution == nil } }

    /// Records how the current round's poll ended; its block ballots (from `ballots`) become objections.
    public mutating func record(_ result: PollResult, ballots: [Ballot]) throws(GovernanceError) {
        guard stage == .voting else { throw .consentRoundNotOpen }
        guard result.record.pollID == currentRound.pollID else { throw .decisionSubjectMismatch(result.record.pollID) }
        guard let threshold = result.threshold, threshold.threshold.blockIsVeto else { throw .consentNeedsBlockingThreshold }
        let round = currentRound.number
        rounds[rounds.count - 1].status = result.status
        if result.status == .passed {
            stage = .consented(round: round)
            return
        }
        for ballot in ballots where ballot.choice == .stance(.block) {
            objections.append(Objection(round: round, objector: ballot.voter, reason: ballot.reason ?? ""))
        }
        stage = .amendmentNeeded
    }

    /// Marks the objection at `index` in ``objections`` as integrated or withdrawn.
    public mutating func resolve(objectionAt index: Int, as resolution: ObjectionResolution) throws(GovernanceError) {
        guard stage == .amendmentNeeded else { throw .consentRoundNotOpen }
        guard objections.indices.contains(index), objections[index].resolution == nil else { throw .objectionNotFound(index) }
        objections[index].resolution = resolution
    }

    /// Puts `proposal` (amended, or the same text after a round without quorum) to poll `pollID` as the next round;
    /// every objection must be resolved first.
    public mutating func putAgain(_ proposal: String, pollID: PollID) throws(GovernanceError) {
        guard stage == .amendmentNeeded else { throw .consentRoundNotOpen }
        let standing = standingObjections.count
        guard standing == 0 else { throw .objectionsUnresolved(count: standing) }
        rounds.append(ConsentRound(number: rounds.count + 1, pollID: pollID, proposal: proposal))
        stage = .voting
    }

    /// Gives the process up; a process that reached consent cannot be abandoned.
    public mutating func abandon() throws(GovernanceError) {
        if case .consented = stage { throw .consentAlreadyReached }
        stage = .abandoned
    }
}
