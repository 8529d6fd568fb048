import Foundation

/// What casting a ballot did: the ballot to store, the one it replaces (a changed vote), and the voter's receipt.
public struct CastOutcome: Hashable, Sendable {
    /// The ballot as recorded.
    public var ballot: Ballot
    /// The voter's earlier ballot, now replaced, if they changed their vote.
    public var replaced: Ballot?
    /// The receipt for the voter.
    public var receipt: VoteReceipt
}

/// The ballots of one open poll, one per voter, and the checks every new ballot must pass.
///
/// ``cast(_:poll:rule:electorate:proxies:at:)`` refuses, in this order: a ballot before opening or from closing on;
/// a voter (or proxy holder) not in the electorate; a proxy vote the rules do not allow; a second ballot when the poll
/// does not allow changes; a choice that does not fit the poll; a missing, unwanted or overlong reason.
///
/// Proxies, as chosen here:
/// - A holder casts the giver's ballot with ``BallotSubmission/onBehalfOf`` set; the ballot is the giver's and
///   weighs what the giver's would.
/// - The giver may still vote for themselves while the proxy is unused; once they have, the proxy cannot be used in
///   this poll (a vote in person overrides the proxy, as attending in person does under most bylaws).
/// - Once the holder has used the proxy, the giver cannot vote in this poll; the holder may change the ballot if the
///   poll allows changes.
/// - A holder who has given their own vote away for this poll may not use proxies in it (no chains), and may carry no
///   more than the rule's maximum, counted again here over poll and meeting proxies together.
public struct BallotBox: Sendable, Equatable {
    /// The poll these ballots belong to.
    public let pollID: PollID
    /// One ballot per voter, in the order voters first voted.
    public private(set) var ballots: [Ballot]

    /// Creates a box for `pollID` holding stored `ballots` (each naming its voter).
    public init(pollID: PollID, ballots: [Ballot] = []) {
        self.pollID = pollID
        self.ballots = ballots
    }

    /// The members whose vote has been cast, in person or by proxy.
    public var voters: Set<MemberID> { Set(ballots.compactMap(\.voter)) }

    /// The ballot cast for `voter`, if any.
    public func ballot(of voter: MemberID) -> Ballot? {
        ballots.first { $0.voter == voter }
    }

    /// Checks `submission` at `now` and records it, replacing the voter's earlier ballot when the poll allows changes.
    public mutating func cast(
        _ submission: BallotSubmission,
        poll: Poll,
        rule: DecisionRule,
        electorate: Electorate,
        proxies: ProxyRegister,
        at now: Date
    ) throws(GovernanceError) -> CastOutcome {
        precondition(poll.id == pollID, "ballot box of another poll")
        guard now >= poll.opensAt else { throw .pollNotOpenYet(opensAt: poll.opensAt) }
        guard !poll.isClosed(at: now) else { throw .pollClosed(at: poll.closingTime) }
        let voter = submission.voter
        let weight = try electorate.weight(of: voter)
        let existing = ballot(of: voter)
        var proxy: Proxy?
        if submission.onBehalfOf != nil {
            proxy = try checkProxyUse(submission, poll: poll, rule: rule, electorate: electorate, proxies: proxies, existing: existing, at: now)
        } else if let existing, existing.isByProxy, let holder = existing.castBy {
            throw .votedByProxy(voter, holder: holder)
        }
        if existing != nil, !poll.allowsVoteChange { throw .alreadyVoted(voter) }
        let choice = submission.choice.normalised(for: poll)
        if let problem = choice.problem(for: poll) { throw .invalidChoice(problem) }
        if let problem = poll.reasonProblem(submission.reason, for: choice) { throw .invalidReason(problem) }
        let reason = submission.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let ballot = Ballot(
            voter: voter,
            castBy: submission.submittedBy,
            proxy: proxy?.id,
            choice: choice,
            reason: reason?.isEmpty == false ? reason : nil,
            weight: weight,
            castAt: now
        )
        if let index = ballots.firstIndex(where: { $0.voter == voter }) {
            ballots[index] = ballot
        } else {
            ballots.append(ballot)
        }
        return CastOutcome(ballot: ballot, replaced: existing, receipt: Self.receipt(for: ballot, pollID: pollID))
    }

    /// Checks that the submitter may cast the giver's vote in `poll`; returns the proxy used.
    private func checkProxyUse(
        _ submission: BallotSubmission,
        poll: Poll,
        rule: DecisionRule,
        electorate: Electorate,
        proxies: ProxyRegister,
        existing: Ballot?,
        at now: Date
    ) throws(GovernanceError) -> Proxy {
        let holder = submission.submittedBy
        let giver = submission.voter
        guard giver != holder else { throw .proxyToSelf }
        guard rule.proxies.allowed else { throw .proxiesNotAllowed }
        _ = try electorate.weight(of: holder)
        guard let proxy = proxies.proxy(from: giver, to: holder, covering: poll, at: now) else { throw .proxyNotFound }
        if proxies.active(covering: poll, at: now).contains(where: { $0.giver == holder }) { throw .proxyChain(holder) }
        if let existing, let caster = existing.castBy, caster != holder {
            if caster == giver { throw .giverVotedInPerson(giver) }
            throw .votedByProxy(giver, holder: caster)
        }
        let carried = Set(ballots.filter { $0.isByProxy && $0.castBy == holder }.compactMap(\.voter)).subtracting([giver])
        guard carried.count < rule.proxies.maximumPerHolder else {
            throw .proxyLimitReached(holder, maximum: rule.proxies.maximumPerHolder)
        }
        return proxy
    }

    /// A receipt for every vote cast, in voter-id order; what Loomio gives each voter on close. Show each member their
    /// own: for an anonymous poll the whole list says who voted, which Loomio keeps back until enough have.
    public func receipts() -> [VoteReceipt] {
        ballots.compactMap { ballot in ballot.voter == nil ? nil : Self.receipt(for: ballot, pollID: pollID) }
            .sorted { $0.voter.rawValue < $1.voter.rawValue }
    }

    /// The ballots with voter, caster, proxy and time removed, ordered by content so their order says nothing about who
    /// cast them: what an anonymous poll keeps after closing (together with ``receipts()``).
    public func sealedBallots() -> [Ballot] {
        ballots.map { $0.sealed() }.sorted { lhs, rhs in
            (lhs.choice.sortKey, lhs.weight, lhs.reason ?? "") < (rhs.choice.sortKey, rhs.weight, rhs.reason ?? "")
        }
    }

    /// The receipt for `ballot`.
    private static func receipt(for ballot: Ballot, pollID: PollID) -> VoteReceipt {
        VoteReceipt(
            pollID: pollID,
            voter: ballot.voter!,
            castByProxyHolder: ballot.isByProxy ? ballot.castBy : nil,
            castAt: ballot.castAt ?? .distantPast
        )
    }
}
