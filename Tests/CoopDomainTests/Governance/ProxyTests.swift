import CoopDomain
import Foundation
import Testing

/// Worker-owners 1–6 and one supporter, 7; a poll held at a meeting; proxies filed before it opens.
private struct ProxySetup {
    static let meeting = MeetingID.make()
    let poll: Poll
    let rule: DecisionRule
    let electorate: Electorate
    var proxies = ProxyRegister()
    var box: BallotBox

    init(limit: Int = 2, allowChanges: Bool = true) throws {
        poll = GovernanceFixture.poll(allowsVoteChange: allowChanges, meeting: Self.meeting)
        rule = GovernanceFixture.rule(proxies: limit)
        let members = GovernanceFixture.founders(1...6) + GovernanceFixture.founders(7...7, of: .communitySupporter)
        electorate = try Electorate(for: poll, rule: rule, memberships: members)
        box = BallotBox(pollID: poll.id)
    }

    /// Files a proxy from `giver` to `holder` for the poll (or its meeting) a day before it opens.
    @discardableResult
    mutating func file(_ giver: Int, to holder: Int, meeting: Bool = false) throws(GovernanceError) -> Proxy {
        let proxy = Proxy(
            giver: GovernanceFixture.member(giver),
            holder: GovernanceFixture.member(holder),
            scope: meeting ? .meeting(Self.meeting) : .poll(poll.id),
            grantedAt: GovernanceFixture.start - GovernanceFixture.day
        )
        try proxies.grant(proxy, rule: rule.proxies, electorate: electorate)
        return proxy
    }

    /// Casts `stance` as `submitter`, for `giver` when given.
    @discardableResult
    mutating func vote(
        _ submitter: Int,
        for giver: Int? = nil,
        _ stance: Stance = .agree,
        rule: DecisionRule? = nil
    ) throws(GovernanceError) -> CastOutcome {
        let submission = BallotSubmission(
            submittedBy: GovernanceFixture.member(submitter),
            onBehalfOf: giver.map(GovernanceFixture.member),
            choice: .stance(stance)
        )
        return try box.cast(
            submission,
            poll: poll,
            rule: rule ?? self.rule,
            electorate: electorate,
            proxies: proxies,
            at: GovernanceFixture.start + GovernanceFixture.hour
        )
    }
}

@Suite("Proxies")
struct ProxyTests {
    /// (proxies already filed as (giver, holder), the new proxy, the holder limit, the expected refusal).
    static let grants: [([(Int, Int)], (Int, Int), Int, GovernanceError?)] = [
        ([], (1, 2), 2, nil),
        ([], (1, 2), 0, .proxiesNotAllowed),
        ([], (1, 1), 2, .proxyToSelf),
        ([], (7, 1), 2, .notEligible(GovernanceFixture.member(7), .wrongClass(.communitySupporter))),
        ([], (1, 7), 2, .notEligible(GovernanceFixture.member(7), .wrongClass(.communitySupporter))),
        ([], (1, 99), 2, .notEligible(GovernanceFixture.member(99), .notAMember)),
        ([(1, 2)], (1, 3), 2, .proxyAlreadyGiven(GovernanceFixture.member(1))),
        // No chains: member 2 gave their vote away, so cannot hold one; member 2 holds one, so cannot give theirs.
        ([(2, 3)], (1, 2), 2, .proxyChain(GovernanceFixture.member(2))),
        ([(1, 2)], (2, 3), 2, .proxyChain(GovernanceFixture.member(2))),
        ([(1, 4), (2, 4)], (3, 4), 2, .proxyLimitReached(GovernanceFixture.member(4), maximum: 2)),
        ([(1, 4)], (2, 4), 2, nil),
        ([(1, 4)], (2, 4), 1, .proxyLimitReached(GovernanceFixture.member(4), maximum: 1)),
    ]

    @Test(arguments: grants)
    func filingRules(existing: [(Int, Int)], new: (Int, Int), limit: Int, refusal: GovernanceError?) throws {
        var setup = try ProxySetup(limit: max(limit, 2))
        for (giver, holder) in existing { try setup.file(giver, to: holder) }
        let proxy = Proxy(
            giver: GovernanceFixture.member(new.0),
            holder: GovernanceFixture.member(new.1),
            scope: .poll(setup.poll.id),
            grantedAt: GovernanceFixture.start
        )
        let rule = limit == 0 ? ProxyRule.notAllowed : .upTo(limit)
        if let refusal {
            #expect(throws: refusal) { try setup.proxies.grant(proxy, rule: rule, electorate: setup.electorate) }
        } else {
            try setup.proxies.grant(proxy, rule: rule, electorate: setup.electorate)
            #expect(setup.proxies.proxies.last == proxy)
        }
    }

    @Test func proxiesForOtherPollsDoNotCount() throws {
        var setup = try ProxySetup(limit: 1)
        let elsewhere = Proxy(
            giver: GovernanceFixture.member(1),
            holder: GovernanceFixture.member(4),
            scope: .poll(.make()),
            grantedAt: GovernanceFixture.start
        )
        try setup.proxies.grant(elsewhere, rule: .upTo(1), electorate: setup.electorate)
        try setup.file(1, to: 4)
    }

    @Test func theHolderCastsTheGiversBallot() throws {
        var setup = try ProxySetup()
        try setup.file(1, to: 2)
        let outcome = try setup.vote(2, for: 1)
        #expect(outcome.ballot.voter == GovernanceFixture.member(1))
        #expect(outcome.ballot.castBy == GovernanceFixture.member(2))
        #expect(outcome.ballot.isByProxy)
        #expect(outcome.receipt.castByProxyHolder == GovernanceFixture.member(2))
        try setup.vote(2)
        #expect(setup.box.voters == [GovernanceFixture.member(1), GovernanceFixture.member(2)])
    }

    @Test func withoutAStandingProxyThereIsNoProxyVote() throws {
        var setup = try ProxySetup()
        #expect(throws: GovernanceError.proxyNotFound) { try setup.vote(2, for: 1) }
        let proxy = try setup.file(1, to: 3)
        #expect(throws: GovernanceError.proxyNotFound) { try setup.vote(2, for: 1) }
        try setup.proxies.revoke(proxy.id, at: GovernanceFixture.start)
        #expect(throws: GovernanceError.proxyNotFound) { try setup.vote(3, for: 1) }
        #expect(throws: GovernanceError.proxyNotFound) { try setup.proxies.revoke(proxy.id, at: GovernanceFixture.start) }
    }

    @Test func theGiversOwnVoteAndTheProxyExcludeEachOther() throws {
        var usedFirst = try ProxySetup()
        try usedFirst.file(1, to: 2)
        try usedFirst.vote(2, for: 1)
        #expect(throws: GovernanceError.votedByProxy(GovernanceFixture.member(1), holder: GovernanceFixture.member(2))) {
            try usedFirst.vote(1)
        }
        // The holder may change the proxied ballot while changes are allowed.
        #expect(try usedFirst.vote(2, for: 1, .disagree).replaced?.choice == .stance(.agree))

        var votedFirst = try ProxySetup()
        try votedFirst.file(1, to: 2)
        try votedFirst.vote(1)
        #expect(throws: GovernanceError.giverVotedInPerson(GovernanceFixture.member(1))) { try votedFirst.vote(2, for: 1) }
    }

    @Test func aHolderWhoGaveTheirOwnVoteAwayCannotUseProxies() throws {
        var setup = try ProxySetup()
        try setup.file(1, to: 3, meeting: true)
        // Different scopes, so filing is allowed; both cover the poll, so casting is not.
        try setup.file(3, to: 4)
        #expect(throws: GovernanceError.proxyChain(GovernanceFixture.member(3))) { try setup.vote(3, for: 1) }
    }

    @Test func theLimitIsCheckedAgainWhenPollAndMeetingProxiesMeet() throws {
        var setup = try ProxySetup(limit: 1)
        try setup.file(1, to: 3)
        try setup.file(2, to: 3, meeting: true)
        try setup.vote(3, for: 1)
        #expect(throws: GovernanceError.proxyLimitReached(GovernanceFixture.member(3), maximum: 1)) { try setup.vote(3, for: 2) }
        // Changing an already carried ballot is not a new proxy.
        try setup.vote(3, for: 1, .abstain)
    }

    @Test func aRuleWithoutProxiesRefusesProxyBallots() throws {
        var setup = try ProxySetup()
        try setup.file(1, to: 2, meeting: true)
        let noProxies = GovernanceFixture.rule()
        #expect(throws: GovernanceError.proxiesNotAllowed) { try setup.vote(2, for: 1, rule: noProxies) }
    }
}
