import CoopDomain
import Foundation
import Testing

/// Random polls and ballots, reproducible from a seed: every kind, named or anonymous, weighted or not, with some
/// ballots that do not fit (wrong shape, unknown options, outsiders, repeated voters, zero weights).
private struct RandomPolls {
    var generator: SplitMix64

    /// A number in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + generator.draw(below: range.count) }

    /// True about one time in `n`.
    mutating func oneIn(_ n: Int) -> Bool { generator.draw(below: n) == 0 }

    /// A poll of a random kind with 2–5 options.
    mutating func poll() -> Poll {
        let options = int(2...5)
        let kinds: [PollKind] = [
            .proposal, .singleChoice, .multipleChoice(minimum: 0, maximum: options), .score(maximum: 5), .dotVote(dotsPerPerson: 6),
            .rankedChoice(minimumRanked: 1), .meetingTime(allowsMaybe: true),
            .stv(STVSettings(seats: int(1...(options - 1)), method: oneIn(2) ? .scottish : .meek)),
        ]
        let kind = kinds[generator.draw(below: kinds.count)]
        var poll = GovernanceFixture.poll(kind, anonymous: oneIn(3))
        if kind != .proposal {
            poll.options = (0..<options).map {
                PollOption(
                    "Option \($0)",
                    candidate: GovernanceFixture.member(1000 + $0),
                    slot: DateInterval(start: GovernanceFixture.start, duration: 3600)
                )
            }
        }
        return poll
    }

    /// A random choice for `poll`: mostly one that fits, sometimes an abstention, sometimes one of the wrong shape or
    /// with an option out of range.
    mutating func choice(for poll: Poll) -> BallotChoice {
        let options = poll.options.count
        if oneIn(10) { return .abstain }
        if oneIn(10) { return [.stance(.agree), .selection([0]), .scores([1]), .ranking([0]), .availability([.yes])][int(0...4)] }
        let stray = oneIn(12) ? options : 0
        switch poll.kind {
        case .proposal:
            return .stance(Stance.allCases[generator.draw(below: 4)])
        case .singleChoice:
            return .selection([int(0...(options - 1)) + stray])
        case .multipleChoice:
            return .selection(Set((0..<options).filter { _ in oneIn(2) }.map { $0 + stray }))
        case .score(let maximum):
            return .scores((0..<options).map { _ in int(0...maximum) + stray })
        case .dotVote:
            return .scores((0..<options).map { _ in int(0...2) + stray })
        case .rankedChoice, .stv:
            return .ranking(Array(Array(0..<options).shuffled(using: &generator).prefix(int(1...options))).map { $0 + stray })
        case .meetingTime:
            return .availability((0..<options + (stray > 0 ? 1 : 0)).map { _ in Availability.allCases[generator.draw(below: 3)] })
        }
    }

    /// Ballots from members 1...`size` (and a few outsiders and repeats), weights mostly 1.
    mutating func ballots(for poll: Poll, electorate size: Int) -> [Ballot] {
        (0..<int(0...(size + 3))).map { _ in
            let voter = GovernanceFixture.member(oneIn(20) ? 500 : int(1...size))
            let reason: String? = oneIn(2) ? "Because" : nil
            let ballot = Ballot(
                voter: voter,
                castBy: voter,
                choice: choice(for: poll),
                reason: reason,
                weight: oneIn(25) ? 0 : int(1...3),
                castAt: GovernanceFixture.start
            )
            return poll.isAnonymous ? ballot.sealed() : ballot
        }
    }
}

@Suite("Tally properties")
struct TallyPropertyTests {
    @Test(arguments: 0..<200)
    func talliesNeverCreateOrLoseBallots(seed: Int) throws {
        var random = RandomPolls(generator: SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9))
        let poll = random.poll()
        let size = random.int(1...12)
        let rule = GovernanceFixture.rule(quorum: [0, 25, 50, 75][random.int(0...3)], threshold: PassingThreshold.allCases[random.int(0...4)])
        let electorate = try GovernanceFixture.electorate(poll, rule, GovernanceFixture.founders(1...size))
        let ballots = random.ballots(for: poll, electorate: size)
        let result = try PollResult.evaluate(poll: poll, rule: rule, ballots: ballots, electorate: electorate)
        let tally = result.tally
        let accounting = tally.accounting

        #expect(accounting.cast == ballots.count)
        #expect(accounting.counted + accounting.abstained + accounting.invalid == accounting.cast)
        #expect(result.quorum.participating == accounting.counted + accounting.abstained)
        #expect(tally.undecided >= 0 && tally.undecided <= electorate.count)
        #expect((tally.voters == nil) == poll.isAnonymous)
        #expect(tally.options.count == (poll.kind == .proposal ? 4 : poll.options.count))
        #expect(tally.winners.allSatisfy { tally.options.indices.contains($0) })
        if !poll.isAnonymous {
            #expect(tally.undecided + (tally.voters?.count ?? 0) == electorate.count)
        }

        switch tally.details {
        case .proposal(let stances):
            // Every readable stance is in exactly one row.
            #expect(tally.options.reduce(0) { $0 + $1.voterCount } == accounting.counted + accounting.abstained)
            #expect(stances.agree + stances.abstain + stances.disagree + stances.block == tally.options.reduce(0) { $0 + $1.score })
        case .ranked(let borda, let instantRunoff):
            #expect(borda?.validVotes == instantRunoff?.validVotes)
            if let instantRunoff { #expect(instantRunoff.stages.allSatisfy { $0.total == instantRunoff.validVotes }) }
        case .election(let count):
            if let count { #expect(count.stages.allSatisfy { $0.total == count.validVotes }) }
        case .choices, .meetingTime:
            #expect(tally.options.allSatisfy { $0.score >= 0 && $0.voterCount <= accounting.counted })
        }

        // The order ballots come in changes nothing, lots drawn in ties included.
        let reversed = try PollTally(poll: poll, ballots: ballots.reversed(), electorate: electorate)
        if ballots.compactMap(\.voter).count == Set(ballots.compactMap(\.voter)).count {
            #expect(reversed == tally)
        }
    }

    @Test(arguments: 0..<50)
    func theBallotBoxKeepsOneBallotPerVoter(seed: Int) throws {
        var random = RandomPolls(generator: SplitMix64(seed: UInt64(seed) &+ 7_000))
        var poll = random.poll()
        poll.allowsVoteChange = random.oneIn(2)
        let rule = GovernanceFixture.rule()
        let electorate = try GovernanceFixture.electorate(poll, rule, GovernanceFixture.founders(1...6))
        var box = BallotBox(pollID: poll.id)
        var accepted = Set<MemberID>()
        for attempt in 0..<30 {
            let voter = GovernanceFixture.member(random.int(1...7))
            let submission = BallotSubmission(submittedBy: voter, choice: random.choice(for: poll), reason: random.oneIn(2) ? "Why" : nil)
            let before = box
            do {
                _ = try box.cast(
                    submission,
                    poll: poll,
                    rule: rule,
                    electorate: electorate,
                    proxies: ProxyRegister(),
                    at: GovernanceFixture.start + Double(attempt)
                )
                accepted.insert(voter)
            } catch {
                #expect(box == before, "a refused ballot changed the box")
            }
            #expect(box.ballots.count == accepted.count)
            #expect(box.voters == accepted)
        }
        let tally = try PollTally(poll: poll, ballots: box.ballots, electorate: electorate)
        #expect(tally.accounting.invalid == 0)
        #expect(tally.accounting.cast == accepted.count)
    }
}
