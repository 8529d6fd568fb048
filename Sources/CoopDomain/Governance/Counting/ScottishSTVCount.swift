import Foundation

/// Scottish STV, as the Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1, counts it.
///
/// - Rule 46: quota = floor(valid ballots / (seats + 1)) + 1.
/// - Rule 47: a candidate whose votes reach the quota at the end of a stage is elected.
/// - Rule 48: an elected candidate's surplus moves *all* the ballots they hold (first preferences and transfers)
///   to the next continuing preference, each at (surplus × value when received) / candidate's total, truncated to
///   5 decimals; ballots with no further preference are set aside as non-transferable at that value, and what the
///   truncation loses is the residue. The candidate keeps exactly the quota.
/// - Rule 49: the largest surplus goes first; equal surpluses by the most recent stage with unequal votes, then lot.
/// - Rule 50: with no surplus left, the lowest candidate is excluded and their ballots move at the value they
///   carry; ties as for surpluses.
/// - Rule 52: once the continuing candidates equal the vacancies left, they are elected and nothing more moves.
///
/// Votes are `Int64` in units of 10⁻⁵. Ballot groups (identical rankings) always travel together, so each group
/// has one value and one holder; a candidate's pile is the list of groups they hold.
struct ScottishSTVCount {
    /// One vote in 10⁻⁵ units.
    static let one: Int64 = 100_000

    private let file: BallotFile
    private let groups: GroupedBallots
    private let quota: Int64
    /// Per group: index into `groups.preferences` of the candidate who holds it now.
    private var position: [Int32]
    /// Per group: the value of each of its ballots, in 10⁻⁵ units.
    private var value: [Int64]
    /// Per candidate: the groups they hold, in the order received.
    private var piles: [[Int32]]
    private var votes: [Int64]
    private var states: [CandidateState]
    private var isHopeful: [Bool]
    private var surplusPending: [Bool]
    private var nonTransferable: Int64 = 0
    private var residue: Int64 = 0
    private var elected: [(candidate: Int, stage: Int)] = []
    private var recorder: StageRecorder
    private var ties: TieBreaker

    /// Prepares a count of `groups` (built from `file`); `seed` is asked for only if a lot must be drawn.
    init(file: BallotFile, groups: GroupedBallots, seed: @escaping () -> UInt64) {
        self.file = file
        self.groups = groups
        self.quota = Quota.droop(validVotes: groups.validWeight, seats: file.seats) * Self.one
        let candidates = file.candidates.count
        position = [Int32](repeating: 0, count: groups.count)
        value = [Int64](repeating: Self.one, count: groups.count)
        piles = [[Int32]](repeating: [], count: candidates)
        votes = [Int64](repeating: 0, count: candidates)
        states = [CandidateState](repeating: .hopeful, count: candidates)
        for index in file.withdrawn { states[index] = .withdrawn }
        isHopeful = states.map { $0 == .hopeful }
        surplusPending = [Bool](repeating: false, count: candidates)
        recorder = StageRecorder(decimals: 5, names: file.candidates)
        ties = TieBreaker(names: file.candidates, seed: seed)
    }

    /// Runs the count to the end.
    mutating func run() -> CountResult {
        for group in 0..<groups.count {
            let start = groups.starts[group]
            position[group] = start
            let candidate = Int(groups.preferences[Int(start)])
            piles[candidate].append(Int32(group))
            votes[candidate] += groups.weights[group] * Self.one
        }
        finishStage(kind: .firstPreferences, subject: nil, description: "First preferences")
        while elected.count < file.seats {
            let hopefuls = states.indices.filter { isHopeful[$0] }
            if hopefuls.count <= file.seats - elected.count {
                fillLastVacancies(hopefuls)
                break
            }
            if let candidate = largestSurplus() {
                transferSurplus(of: candidate)
            } else {
                exclude(lowest(among: hopefuls))
            }
        }
        recorder.closeCount()
        return result()
    }

    /// The elected candidate whose surplus goes next (rule 49), or nil when none is waiting.
    private mutating func largestSurplus() -> Int? {
        let waiting = states.indices.filter { surplusPending[$0] }
        guard let most = waiting.map({ votes[$0] }).max() else { return nil }
        let tied = waiting.filter { votes[$0] == most }
        return ties.choose(among: tied, want: .highest, history: recorder.history, purpose: "Surplus to transfer first")
    }

    /// The hopeful candidate to exclude (rule 50).
    private mutating func lowest(among hopefuls: [Int]) -> Int {
        let fewest = hopefuls.map { votes[$0] }.min()!
        let tied = hopefuls.filter { votes[$0] == fewest }
        return ties.choose(among: tied, want: .lowest, history: recorder.history, purpose: "Exclusion")
    }

    /// Moves every ballot held by `candidate` at its transfer value and leaves them the quota (rule 48).
    private mutating func transferSurplus(of candidate: Int) {
        let surplus = votes[candidate] - quota
        let held = votes[candidate]
        let pile = piles[candidate]
        piles[candidate] = []
        var moved: Int64 = 0
        var lastValue: Int64 = -1
        var transferValue: Int64 = 0
        var transferValues: [Int64] = []
        for group in pile {
            let index = Int(group)
            if value[index] != lastValue {
                lastValue = value[index]
                // (surplus × value) / total, remainder ignored; 128 bits so huge weighted files cannot overflow.
                transferValue = Int64(Int128(surplus) * Int128(lastValue) / Int128(held))
                if !transferValues.contains(transferValue) { transferValues.append(transferValue) }
            }
            value[index] = transferValue
            let amount = groups.weights[index] * transferValue
            moved += amount
            pass(group: index, amount: amount)
        }
        votes[candidate] = quota
        residue += surplus - moved
        surplusPending[candidate] = false
        let values = transferValues.count == 1 ? " at \(recorder.total(transferValues[0]))" : " at \(transferValues.count) transfer values"
        finishStage(
            kind: .surplus,
            subject: candidate,
            description: "Surplus of \(file.candidates[candidate]) (\(recorder.total(surplus))) transferred\(values)"
        )
    }

    /// Excludes `candidate` and moves their ballots at the value each carries (rule 50).
    private mutating func exclude(_ candidate: Int) {
        states[candidate] = .excluded
        isHopeful[candidate] = false
        let held = votes[candidate]
        let pile = piles[candidate]
        piles[candidate] = []
        for group in pile {
            let index = Int(group)
            pass(group: index, amount: groups.weights[index] * value[index])
        }
        votes[candidate] = 0
        finishStage(
            kind: .exclusion,
            subject: candidate,
            description: "\(file.candidates[candidate]) excluded; \(recorder.total(held)) transferred",
            excluded: [candidate]
        )
    }

    /// Hands a group on to its next continuing preference, or sets it aside as non-transferable.
    @inline(__always)
    private mutating func pass(group: Int, amount: Int64) {
        let end = groups.starts[group + 1]
        var next = position[group] + 1
        while next < end {
            let candidate = Int(groups.preferences[Int(next)])
            if isHopeful[candidate] {
                position[group] = next
                piles[candidate].append(Int32(group))
                votes[candidate] += amount
                return
            }
            next += 1
        }
        position[group] = end
        nonTransferable += amount
    }

    /// Records the stage, then elects everyone who reached the quota, most votes first (rule 47).
    private mutating func finishStage(kind: StageKind, subject: Int?, description: String, excluded: [Int] = []) {
        recorder.record(
            kind: kind,
            subject: subject,
            description: description,
            votes: votes,
            states: states,
            nonTransferable: nonTransferable,
            residue: residue,
            quota: quota,
            excluded: excluded
        )
        let reached = states.indices.filter { isHopeful[$0] && votes[$0] >= quota }
        // Fewer than the seats left can reach a Droop quota, so everyone who reaches it is elected.
        let order = ties.ordered(reached, by: votes, want: .highest, history: recorder.history, purpose: "Order of election")
        for candidate in order {
            states[candidate] = .elected
            isHopeful[candidate] = false
            surplusPending[candidate] = votes[candidate] > quota
            elected.append((candidate, recorder.stages.count))
        }
        recorder.markElected(order, how: "elected")
    }

    /// Elects the remaining hopefuls without further transfers (rule 52), recorded as a stage of its own.
    private mutating func fillLastVacancies(_ hopefuls: [Int]) {
        let order = ties.ordered(hopefuls, by: votes, want: .highest, history: recorder.history, purpose: "Order of election")
        for candidate in order {
            states[candidate] = .elected
            isHopeful[candidate] = false
            surplusPending[candidate] = false
        }
        let stage = recorder.stages.count + 1
        for candidate in order { elected.append((candidate, stage)) }
        recorder.record(
            kind: .lastVacancies,
            subject: nil,
            description: "Continuing candidates equal the vacancies left; elected: "
                + order.map { file.candidates[$0] }.joined(separator: ", "),
            votes: votes,
            states: states,
            nonTransferable: nonTransferable,
            residue: residue,
            quota: quota,
            elected: order
        )
    }

    /// The finished result.
    private func result() -> CountResult {
        CountResult(
            rule: .scottishSTV,
            title: file.title,
            candidates: file.candidates,
            seats: file.seats,
            validVotes: VoteTotal(votes: groups.validWeight),
            blankBallots: groups.blankWeight,
            quota: recorder.total(quota),
            elected: elected.map {
                CountResult.ElectedCandidate(
                    index: $0.candidate,
                    name: file.candidates[$0.candidate],
                    votes: recorder.total(votes[$0.candidate]),
                    stage: $0.stage
                )
            },
            stages: recorder.stages,
            notes: ties.notes
        )
    }
}
