import Foundation

/// The Borda count, shown alongside a ranked-choice result: with n standing candidates a ballot gives n−1 points
/// to its first preference, n−2 to its second, and so on; candidates it leaves unranked get 0. The `seats`
/// candidates with the most points are elected; equal totals are decided by lot (there are no earlier stages).
///
/// For the Tennessee example (DOMAIN.md §9.6) this is the 3-2-1-0 scale: Nashville 194, Chattanooga 173,
/// Memphis 126, Knoxville 107.
struct BordaCount {
    private let file: BallotFile
    private let groups: GroupedBallots
    private var ties: TieBreaker

    /// Prepares a count; `seed` is asked for only if a lot must be drawn.
    init(file: BallotFile, groups: GroupedBallots, seed: @escaping () -> UInt64) {
        self.file = file
        self.groups = groups
        self.ties = TieBreaker(names: file.candidates, seed: seed)
    }

    /// Totals the points and elects the highest.
    mutating func run() -> CountResult {
        let standing = file.candidates.count - file.withdrawn.count
        var points = [Int64](repeating: 0, count: file.candidates.count)
        for group in 0..<groups.count {
            let start = Int(groups.starts[group])
            let end = Int(groups.starts[group + 1])
            for place in start..<end {
                points[Int(groups.preferences[place])] += groups.weights[group] * Int64(standing - 1 - (place - start))
            }
        }
        var states = [CandidateState](repeating: .hopeful, count: file.candidates.count)
        for index in file.withdrawn { states[index] = .withdrawn }
        let contenders = states.indices.filter { states[$0] == .hopeful }
        let order = ties.ordered(contenders, by: points, want: .highest, history: [points], purpose: "Borda ranking")
        let winners = Array(order.prefix(file.seats))
        var recorder = StageRecorder(decimals: 0, names: file.candidates)
        recorder.record(
            kind: .tally,
            subject: nil,
            description: "Borda points: \(standing - 1) for a first preference down to 0 for last or unranked",
            votes: points,
            states: states,
            nonTransferable: 0,
            residue: 0,
            quota: nil
        )
        recorder.markElected(winners, how: "most points")
        recorder.closeCount()
        return CountResult(
            rule: .borda,
            title: file.title,
            candidates: file.candidates,
            seats: file.seats,
            validVotes: VoteTotal(votes: groups.validWeight),
            blankBallots: groups.blankWeight,
            quota: nil,
            elected: winners.map {
                CountResult.ElectedCandidate(index: $0, name: file.candidates[$0], votes: VoteTotal(votes: points[$0]), stage: 1)
            },
            stages: recorder.stages,
            notes: ties.notes
        )
    }
}
