import Foundation

extension PollTally {
    /// Counts `ballots` (one per voter; sealed ones for a closed anonymous poll) of `poll` against `electorate`.
    ///
    /// A ballot that does not fit the poll, comes from outside the electorate, repeats a voter or weighs less than 1 is
    /// counted as invalid, never dropped, so `cast == counted + abstained + invalid`. Ranked polls are counted by the
    /// engine (``count(_:rule:options:)``) from ballots in a fixed content order, so a lot drawn in a tie is the same
    /// however the ballots were stored. Throws ``GovernanceError/countingFailed(_:)`` only if the engine refuses the
    /// ballots for a reason other than there being none.
    public init(poll: Poll, ballots: [Ballot], electorate: Electorate) throws(GovernanceError) {
        var valid: [Ballot] = []
        var seen = Set<MemberID>()
        var invalid = 0
        for var ballot in ballots {
            ballot.choice = ballot.choice.normalised(for: poll)
            let outsider = ballot.voter.map { !electorate.contains($0) || !seen.insert($0).inserted } ?? false
            if outsider || ballot.weight < 1 || ballot.choice.problem(for: poll) != nil {
                invalid += 1
            } else {
                valid.append(ballot)
            }
        }
        let counted = valid.filter { !$0.choice.isAbstention }
        let named = !poll.isAnonymous
        let input = TallyInput(poll: poll, valid: valid, counted: counted, electorateSize: electorate.count, named: named)
        let (options, details, winners) = try input.count()
        let voted = valid.filter { $0.voter.map(electorate.contains) ?? true }.count
        self.init(
            pollID: poll.id,
            accounting: BallotAccounting(
                cast: ballots.count,
                counted: counted.count,
                abstained: valid.count - counted.count,
                invalid: invalid,
                byProxy: valid.filter(\.isByProxy).count
            ),
            electorateSize: electorate.count,
            undecided: max(0, electorate.count - voted),
            options: options,
            details: details,
            winners: winners,
            voters: named ? valid.compactMap(\.voter).sorted { $0.rawValue < $1.rawValue } : nil
        )
    }
}

/// The per-kind counting behind ``PollTally/init(poll:ballots:electorate:)``.
private struct TallyInput {
    let poll: Poll
    /// Valid ballots, abstentions included (a proposal shows its abstain row).
    let valid: [Ballot]
    /// Valid ballots that chose something.
    let counted: [Ballot]
    let electorateSize: Int
    /// Whether voters may be listed (named polls).
    let named: Bool

    /// A running total for one option.
    struct Total {
        var score: Int64 = 0
        var voters: [MemberID?] = []
    }

    /// The rows, details and winners for the poll's kind.
    func count() throws(GovernanceError) -> ([OptionResult], TallyDetails, [Int]) {
        var totals = [Total](repeating: Total(), count: poll.options.count)
        switch poll.kind {
        case .proposal:
            var stances = StanceCounts()
            totals = [Total](repeating: Total(), count: Stance.allCases.count)
            for ballot in valid {
                guard case .stance(let stance) = ballot.choice else { continue }
                stances[stance] += Int64(ballot.weight)
                add(ballot, to: &totals[Stance.allCases.firstIndex(of: stance)!], score: 1)
            }
            return (rows(names: Stance.allCases.map(\.rawValue), totals), .proposal(stances), [])
        case .singleChoice, .multipleChoice:
            for ballot in counted {
                guard case .selection(let chosen) = ballot.choice else { continue }
                for option in chosen { add(ballot, to: &totals[option], score: 1) }
            }
            return (rows(totals), .choices, topScorers(totals))
        case .score, .dotVote:
            for ballot in counted {
                guard case .scores(let scores) = ballot.choice else { continue }
                for (option, score) in scores.enumerated() where score > 0 { add(ballot, to: &totals[option], score: score) }
            }
            return (rows(totals), .choices, topScorers(totals))
        case .meetingTime:
            return meetingTime()
        case .rankedChoice:
            let file = try ballotFile(seats: 1)
            let borda = try Self.run(file, .borda)
            let instantRunoff = try Self.run(file, .irv)
            for ballot in counted {
                guard case .ranking(let ranking) = ballot.choice else { continue }
                for option in ranking { add(ballot, to: &totals[option], score: 0) }
            }
            for option in totals.indices { totals[option].score = borda?.stages.first?.votes[option].wholeVotes ?? 0 }
            return (rows(totals), .ranked(borda: borda, instantRunoff: instantRunoff), instantRunoff?.elected.map(\.index) ?? [])
        case .stv(let settings):
            let result = try Self.run(ballotFile(seats: settings.seats), settings.method.countRule)
            for ballot in counted {
                guard case .ranking(let ranking) = ballot.choice, let first = ranking.first else { continue }
                add(ballot, to: &totals[first], score: 1)
            }
            return (rows(totals), .election(result), result?.elected.map(\.index) ?? [])
        }
    }

    /// Adds `ballot` to an option: `score` points per unit of weight, and the voter.
    private func add(_ ballot: Ballot, to total: inout Total, score: Int) {
        total.score += Int64(score) * Int64(ballot.weight)
        total.voters.append(ballot.voter)
    }

    /// Yes/maybe/no per slot, heads only; the best slots win.
    private func meetingTime() -> ([OptionResult], TallyDetails, [Int]) {
        var answers = [[Availability: Int]](repeating: [:], count: poll.options.count)
        var totals = [Total](repeating: Total(), count: poll.options.count)
        for ballot in counted {
            guard case .availability(let said) = ballot.choice else { continue }
            for (slot, answer) in said.enumerated() {
                answers[slot][answer, default: 0] += 1
                totals[slot].score += Int64(answer.points)
                if answer != .no { totals[slot].voters.append(ballot.voter) }
            }
        }
        let slots = answers.enumerated().map { index, count in
            SlotResult(index: index, slot: poll.options[index].slot, yes: count[.yes] ?? 0, maybe: count[.maybe] ?? 0, no: count[.no] ?? 0)
        }
        return (rows(totals), .meetingTime(slots), topScorers(totals))
    }

    /// The options with the highest score above zero, all of them when tied.
    private func topScorers(_ totals: [Total]) -> [Int] {
        guard let best = totals.map(\.score).max(), best > 0 else { return [] }
        return totals.indices.filter { totals[$0].score == best }
    }

    /// Result rows named after the poll's options.
    private func rows(_ totals: [Total]) -> [OptionResult] {
        rows(names: poll.options.map(\.name), totals)
    }

    /// Result rows with ranks and shares.
    private func rows(names: [String], _ totals: [Total]) -> [OptionResult] {
        let sum = totals.reduce(0) { $0 + $1.score }
        return totals.enumerated().map { index, total in
            OptionResult(
                index: index,
                name: names[index],
                rank: 1 + totals.filter { $0.score > total.score }.count,
                score: total.score,
                voterCount: total.voters.count,
                scorePercent: Share(total.score, of: sum),
                voterPercent: Share(Int64(total.voters.count), of: Int64(electorateSize)),
                voters: named ? total.voters.compactMap { $0 }.sorted { $0.rawValue < $1.rawValue } : nil
            )
        }
    }

    /// The counted rankings as a ballot file, in content order so the engine's default lot seed ignores storage order.
    private func ballotFile(seats: Int) throws(GovernanceError) -> BallotFile {
        let rankings: [RankedBallot] = counted.compactMap { ballot in
            guard case .ranking(let ranking) = ballot.choice else { return nil }
            return RankedBallot(weight: ballot.weight, ranking: ranking)
        }
        let ordered = rankings.sorted { lhs, rhs in
            lhs.ranking == rhs.ranking ? lhs.weight < rhs.weight : lhs.ranking.lexicographicallyPrecedes(rhs.ranking)
        }
        // BLT names cannot hold double quotes or line breaks; the results are read back by index, so plain stand-ins do.
        let names = poll.options.indices.map { index in
            let cleaned = poll.options[index].name.map { "\"\r\n".contains($0) ? " " : String($0) }.joined()
            return cleaned.trimmingCharacters(in: .whitespaces).isEmpty ? "Option \(index + 1)" : cleaned
        }
        do throws(CountingError) {
            return try BallotFile(title: "Poll \(poll.id)", candidates: names, seats: seats, ballots: ordered)
        } catch {
            throw .countingFailed(error)
        }
    }

    /// Runs the engine; nil when no ballot ranks anyone.
    private static func run(_ file: BallotFile, _ rule: CountRule) throws(GovernanceError) -> CountResult? {
        do throws(CountingError) {
            return try CoopDomain.count(file, rule: rule)
        } catch .noValidBallots {
            return nil
        } catch {
            throw .countingFailed(error)
        }
    }
}
