import Foundation

/// Instant-runoff voting for one seat (DOMAIN.md §9.1): count first preferences; while nobody holds more than half
/// of the continuing (non-exhausted) ballots, exclude the lowest candidate and move each of their ballots to its
/// next continuing preference. Exhausted ballots leave the denominator. Ties for exclusion go by the most recent
/// round with unequal votes, then lot. Whole ballots only; no fractions arise.
struct InstantRunoffCount {
    private let file: BallotFile
    private let groups: GroupedBallots
    private var position: [Int32]
    private var piles: [[Int32]]
    private var votes: [Int64]
    private var states: [CandidateState]
    private var isHopeful: [Bool]
    private var exhausted: Int64 = 0
    private var winner: (candidate: Int, stage: Int)?
    private var recorder: StageRecorder
    private var ties: TieBreaker

    /// Prepares a count; `seed` is asked for only if a lot must be drawn.
    init(file: BallotFile, groups: GroupedBallots, seed: @escaping () -> UInt64) {
        self.file = file
        self.groups = groups
        position = [Int32](repeating: 0, count: groups.count)
        piles = [[Int32]](repeating: [], count: file.candidates.count)
        votes = [Int64](repeating: 0, count: file.candidates.count)
        states = [CandidateState](repeating: .hopeful, count: file.candidates.count)
        for index in file.withdrawn { states[index] = .withdrawn }
        isHopeful = states.map { $0 == .hopeful }
        recorder = StageRecorder(decimals: 0, names: file.candidates)
        ties = TieBreaker(names: file.candidates, seed: seed)
    }

    /// Runs rounds until one candidate holds a majority of the continuing ballots (or stands alone).
    mutating func run() -> CountResult {
        for group in 0..<groups.count {
            let start = groups.starts[group]
            position[group] = start
            let candidate = Int(groups.preferences[Int(start)])
            piles[candidate].append(Int32(group))
            votes[candidate] += groups.weights[group]
        }
        record(kind: .firstPreferences, subject: nil, description: "First preferences")
        while winner == nil {
            let hopefuls = states.indices.filter { isHopeful[$0] }
            let continuing = hopefuls.reduce(0) { $0 + votes[$1] }
            if let leader = hopefuls.first(where: { 2 * votes[$0] > continuing }) {
                declare(leader, how: "majority of \(continuing) continuing ballots")
            } else if hopefuls.count == 1 {
                declare(hopefuls[0], how: "last candidate standing")
            } else {
                let fewest = hopefuls.map { votes[$0] }.min()!
                let tied = hopefuls.filter { votes[$0] == fewest }
                exclude(ties.choose(among: tied, want: .lowest, history: recorder.history, purpose: "Exclusion"))
            }
        }
        recorder.closeCount()
        return CountResult(
            rule: .irv,
            title: file.title,
            candidates: file.candidates,
            seats: 1,
            validVotes: VoteTotal(votes: groups.validWeight),
            blankBallots: groups.blankWeight,
            quota: nil,
            elected: winner.map {
                [
                    CountResult.ElectedCandidate(
                        index: $0.candidate,
                        name: file.candidates[$0.candidate],
                        votes: VoteTotal(votes: votes[$0.candidate]),
                        stage: $0.stage
                    )
                ]
            } ?? [],
            stages: recorder.stages,
            notes: ties.notes
        )
    }

    /// Elects `candidate` at the end of the latest round.
    private mutating func declare(_ candidate: Int, how: String) {
        states[candidate] = .elected
        isHopeful[candidate] = false
        winner = (candidate, recorder.stages.count)
        recorder.markElected([candidate], how: "elected (\(how))")
    }

    /// Excludes `candidate` and moves each of their ballots to its next continuing preference.
    private mutating func exclude(_ candidate: Int) {
        states[candidate] = .excluded
        isHopeful[candidate] = false
        let moved = votes[candidate]
        let pile = piles[candidate]
        piles[candidate] = []
        votes[candidate] = 0
        for group in pile {
            let index = Int(group)
            let end = groups.starts[index + 1]
            var next = position[index] + 1
            while next < end, !isHopeful[Int(groups.preferences[Int(next)])] { next += 1 }
            position[index] = next
            if next < end {
                let receiver = Int(groups.preferences[Int(next)])
                piles[receiver].append(group)
                votes[receiver] += groups.weights[index]
            } else {
                exhausted += groups.weights[index]
            }
        }
        record(
            kind: .exclusion,
            subject: candidate,
            description: "\(file.candidates[candidate]) excluded; \(moved) ballots transferred",
            excluded: [candidate]
        )
    }

    /// Records the current round.
    private mutating func record(kind: StageKind, subject: Int?, description: String, excluded: [Int] = []) {
        recorder.record(
            kind: kind,
            subject: subject,
            description: description,
            votes: votes,
            states: states,
            nonTransferable: exhausted,
            residue: 0,
            quota: nil,
            excluded: excluded
        )
    }
}
