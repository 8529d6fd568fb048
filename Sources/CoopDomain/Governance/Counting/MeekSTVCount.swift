import Foundation

/// Meek STV as the Proportional Representation Foundation's reference rule states it (Hill, Wichmann & Woodall's
/// Algorithm 123 with fixed 9-decimal arithmetic), which is Droop's `meek-prf` rule.
///
/// - Each candidate has a keep value: 1 for hopeful, 0 for excluded, and for elected the share of each vote
///   reaching them that they keep. A ballot of weight w gives each candidate in turn w × keep (rounded up to
///   10⁻⁹) and passes the rest on; what is left after the last preference is excess (non-transferable).
/// - Quota = (total votes − excess) / (seats + 1), truncated to 10⁻⁹, plus 10⁻⁹; recomputed every iteration.
/// - Hopefuls at or above the quota are elected. Otherwise keep values become keep × quota / votes (each step
///   rounded up to 10⁻⁹, never above 1) until the total surplus is below omega (10⁻⁶) or stops falling; then the lowest hopeful is
///   excluded, any hopeful within that total surplus of the lowest counting as tied with it (ties: earlier
///   stages, then lot).
/// - When the elected and hopeful candidates no more than fill the seats, the hopefuls are elected; the last
///   exclusion is then not redistributed (rule C), so that candidate's votes stay in their column.
///
/// Votes are `Int64` in 10⁻⁹. Between two events a ballot's path is fixed: the elected candidates it meets in
/// order (a node of a trie of such prefixes), then its first hopeful (its terminal). Ballots sharing both are
/// summed into one aggregate, so an iteration costs one pass over the trie and the aggregates, not the ballots;
/// each ballot is still valued exactly as if counted on its own.
struct MeekSTVCount {
    /// One vote in 10⁻⁹ units.
    static let one: Int64 = 1_000_000_000

    private let file: BallotFile
    private let groups: GroupedBallots
    private let omega: Int64
    private var keep: [Int64]
    private var votes: [Int64]
    private var excess: Int64 = 0
    private var quota: Int64 = 0
    private var states: [CandidateState]
    private var isHopeful: [Bool]
    private var isElected: [Bool]
    /// Per group: index into `groups.preferences` of its terminal (or its end), its trie node and its aggregate.
    private var terminalPosition: [Int32]
    private var groupNode: [Int32]
    private var groupAggregate: [Int32]
    /// Per candidate: the groups whose terminal they are.
    private var piles: [[Int32]]
    /// The trie of elected prefixes; node 0 is the empty prefix, a parent always precedes its children.
    private var nodeParent: [Int32] = [-1]
    private var nodeCandidate: [Int32] = [-1]
    /// Child and aggregate look-ups: a dense row per node (children by candidate, aggregates by terminal + 1) for
    /// the first `denseNodes` nodes, a dictionary beyond, so even a pathological trie stays within memory.
    private let denseNodes: Int
    private var childSlots: [Int32]
    private var aggregateSlots: [Int32]
    private var nodeChildren: [UInt64: Int32] = [:]
    private var nodeWeight: [Int64] = [0]
    private var nodeRemainder: [Int64] = [0]
    /// Aggregates: ballots with the same trie node and terminal (−1 for none).
    private var aggregateIndex: [UInt64: Int32] = [:]
    private var aggregateNode: [Int32] = []
    private var aggregateTerminal: [Int32] = []
    private var aggregateWeight: [Int64] = []
    private var elected: [(candidate: Int, stage: Int)] = []
    private var recorder: StageRecorder
    private var ties: TieBreaker

    /// Prepares a count; omega is 10^−`omegaDigits`; `seed` is asked for only if a lot must be drawn.
    init(file: BallotFile, groups: GroupedBallots, omegaDigits: Int, seed: @escaping () -> UInt64) {
        self.file = file
        self.groups = groups
        self.omega = Self.one / VoteTotal.power(omegaDigits)
        let candidates = file.candidates.count
        states = [CandidateState](repeating: .hopeful, count: candidates)
        for index in file.withdrawn { states[index] = .withdrawn }
        isHopeful = states.map { $0 == .hopeful }
        isElected = [Bool](repeating: false, count: candidates)
        keep = isHopeful.map { $0 ? Self.one : 0 }
        votes = [Int64](repeating: 0, count: candidates)
        terminalPosition = [Int32](repeating: 0, count: groups.count)
        groupNode = [Int32](repeating: 0, count: groups.count)
        groupAggregate = [Int32](repeating: 0, count: groups.count)
        piles = [[Int32]](repeating: [], count: candidates)
        denseNodes = max(1, (1 << 22) / (candidates + 1))
        childSlots = [Int32](repeating: -1, count: candidates)
        aggregateSlots = [Int32](repeating: -1, count: candidates + 1)
        recorder = StageRecorder(decimals: 9, names: file.candidates)
        ties = TieBreaker(names: file.candidates, seed: seed)
    }

    /// Runs the count to the end.
    mutating func run() -> CountResult {
        let firstAggregates = states.indices.map { aggregate(node: 0, terminal: Int32($0)) }
        for group in 0..<groups.count {
            let start = groups.starts[group]
            let candidate = Int(groups.preferences[Int(start)])
            terminalPosition[group] = start
            piles[candidate].append(Int32(group))
            aggregateWeight[Int(firstAggregates[candidate])] += groups.weights[group]
            groupAggregate[group] = firstAggregates[candidate]
        }
        rebuildNodeWeights()
        distribute()
        record(kind: .firstPreferences, subject: nil, description: "First preferences")
        var iterations = 0
        var previousSurplus: Int64?
        while true {
            let hopefuls = states.indices.filter { isHopeful[$0] }
            if elected.count == file.seats { break }
            if elected.count + hopefuls.count <= file.seats {
                fillLastVacancies(hopefuls)
                break
            }
            let reached = hopefuls.filter { votes[$0] >= quota }
            if !reached.isEmpty {
                elect(reached, iterations: iterations)
                iterations = 0
                previousSurplus = nil
                continue
            }
            let surplus = max(0, states.indices.filter { isElected[$0] }.reduce(0) { $0 + votes[$1] - quota })
            if surplus < omega || previousSurplus.map({ surplus >= $0 }) == true {
                let stalled = surplus >= omega
                exclude(lowest(among: hopefuls, surplus: surplus), iterations: iterations, surplus: surplus, stalled: stalled)
                iterations = 0
                previousSurplus = nil
                continue
            }
            for candidate in states.indices where isElected[candidate] {
                // B.2.f: keep × quota rounded up to 10⁻⁹, then ÷ votes rounded up to 10⁻⁹.
                let one = Int128(Self.one)
                let product = (Int128(keep[candidate]) * Int128(quota) + one - 1) / one
                let held = Int128(votes[candidate])
                keep[candidate] = min(Self.one, Int64((product * one + held - 1) / held))
            }
            previousSurplus = surplus
            iterations += 1
            distribute()
        }
        recorder.closeCount()
        return result()
    }

    /// One pass of B.2.a and B.2.b: every ballot's weight handed down its path, then the quota.
    private mutating func distribute() {
        for index in votes.indices { votes[index] = 0 }
        excess = 0
        nodeRemainder[0] = Self.one
        for node in 1..<nodeParent.count {
            let carried = nodeRemainder[Int(nodeParent[node])]
            let candidate = Int(nodeCandidate[node])
            let share = (carried * keep[candidate] + Self.one - 1) / Self.one
            nodeRemainder[node] = carried - share
            votes[candidate] += share * nodeWeight[node]
        }
        for aggregate in aggregateNode.indices {
            let amount = nodeRemainder[Int(aggregateNode[aggregate])] * aggregateWeight[aggregate]
            let terminal = aggregateTerminal[aggregate]
            if terminal >= 0 {
                votes[Int(terminal)] += amount
            } else {
                excess += amount
            }
        }
        let counted = groups.validWeight * Self.one - excess
        quota = counted / Int64(file.seats + 1) + 1
    }

    /// Elects the hopefuls at or above the quota, most votes first, and extends their ballots' paths.
    private mutating func elect(_ reached: [Int], iterations: Int) {
        let order = ties.ordered(reached, by: votes, want: .highest, history: recorder.history, purpose: "Order of election")
        if iterations > 0 {
            record(kind: .election, subject: nil, description: "Keep values iterated \(iterations) times")
        }
        let stage = recorder.stages.count
        for candidate in order {
            states[candidate] = .elected
            isHopeful[candidate] = false
            isElected[candidate] = true
            elected.append((candidate, stage))
        }
        recorder.markElected(order, how: "reached the quota")
        for candidate in order { advance(pastCandidate: candidate) }
        rebuildNodeWeights()
        distribute()
    }

    /// Excludes `candidate`; unless that ends the count, redistributes and records the result as the stage.
    private mutating func exclude(_ candidate: Int, iterations: Int, surplus: Int64, stalled: Bool) {
        states[candidate] = .excluded
        isHopeful[candidate] = false
        keep[candidate] = 0
        let why = stalled ? "the surplus stopped falling" : "surplus \(recorder.total(surplus).formatted(decimals: 9)) < omega"
        let name = file.candidates[candidate]
        let hopefuls = states.indices.filter { isHopeful[$0] }.count
        if elected.count + hopefuls <= file.seats {
            record(
                kind: .exclusion,
                subject: candidate,
                description: "\(name) excluded (\(why), after \(iterations) iterations); not redistributed as the count is complete",
                excluded: [candidate]
            )
            return
        }
        let held = votes[candidate]
        advance(pastCandidate: candidate)
        rebuildNodeWeights()
        distribute()
        record(
            kind: .exclusion,
            subject: candidate,
            description: "\(name) excluded (\(why), after \(iterations) iterations); \(recorder.total(held)) redistributed",
            excluded: [candidate]
        )
    }

    /// The hopeful with the fewest votes. As in the reference rule (B.3), every hopeful within the unsettled total
    /// `surplus` of the lowest counts as tied, since further iterations could reorder them; ties are broken by
    /// earlier stages, then lot.
    private mutating func lowest(among hopefuls: [Int], surplus: Int64) -> Int {
        let fewest = hopefuls.map { votes[$0] }.min()!
        let tied = hopefuls.filter { votes[$0] <= fewest + surplus }
        return ties.choose(among: tied, want: .lowest, history: recorder.history, purpose: "Exclusion")
    }

    /// Elects the remaining hopefuls with the votes they hold (rule C), as a stage of its own.
    private mutating func fillLastVacancies(_ hopefuls: [Int]) {
        let order = ties.ordered(hopefuls, by: votes, want: .highest, history: recorder.history, purpose: "Order of election")
        let stage = recorder.stages.count + 1
        for candidate in order {
            states[candidate] = .elected
            isHopeful[candidate] = false
            isElected[candidate] = true
            elected.append((candidate, stage))
        }
        record(
            kind: .lastVacancies,
            subject: nil,
            description: "Continuing candidates equal the vacancies left; elected: "
                + order.map { file.candidates[$0] }.joined(separator: ", "),
            elected: order
        )
    }

    /// Moves the groups whose terminal is `candidate` (just elected or excluded) on to their next hopeful.
    private mutating func advance(pastCandidate candidate: Int) {
        let pile = piles[candidate]
        piles[candidate] = []
        var cachedNode: Int32 = -1
        var cachedChild: Int32 = -1
        for group in pile {
            let index = Int(group)
            let weight = groups.weights[index]
            aggregateWeight[Int(groupAggregate[index])] -= weight
            var node = groupNode[index]
            if isElected[candidate] {
                if node != cachedNode {
                    cachedNode = node
                    cachedChild = child(of: node, candidate: candidate)
                }
                node = cachedChild
            }
            let end = groups.starts[index + 1]
            var position = terminalPosition[index] + 1
            var terminal: Int32 = -1
            while position < end {
                let next = Int(groups.preferences[Int(position)])
                if isHopeful[next] {
                    terminal = Int32(next)
                    piles[next].append(group)
                    break
                }
                if isElected[next] { node = child(of: node, candidate: next) }
                position += 1
            }
            terminalPosition[index] = position
            groupNode[index] = node
            let aggregate = aggregate(node: node, terminal: terminal)
            aggregateWeight[Int(aggregate)] += weight
            groupAggregate[index] = aggregate
        }
    }

    /// The trie node for `node`'s prefix followed by `candidate`, created if new.
    private mutating func child(of node: Int32, candidate: Int) -> Int32 {
        let width = piles.count
        let dense = Int(node) < denseNodes
        let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(candidate)
        if dense {
            let existing = childSlots[Int(node) * width + candidate]
            if existing >= 0 { return existing }
        } else if let existing = nodeChildren[key] {
            return existing
        }
        let created = Int32(nodeParent.count)
        nodeParent.append(node)
        nodeCandidate.append(Int32(candidate))
        nodeWeight.append(0)
        nodeRemainder.append(0)
        if Int(created) < denseNodes {
            childSlots.append(contentsOf: repeatElement(-1, count: width))
            aggregateSlots.append(contentsOf: repeatElement(-1, count: width + 1))
        }
        if dense {
            childSlots[Int(node) * width + candidate] = created
        } else {
            nodeChildren[key] = created
        }
        return created
    }

    /// The aggregate for (`node`, `terminal`), created if new.
    private mutating func aggregate(node: Int32, terminal: Int32) -> Int32 {
        let dense = Int(node) < denseNodes
        let slot = Int(node) * (piles.count + 1) + Int(terminal) + 1
        let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: terminal))
        if dense {
            let existing = aggregateSlots[slot]
            if existing >= 0 { return existing }
        } else if let existing = aggregateIndex[key] {
            return existing
        }
        let created = Int32(aggregateNode.count)
        aggregateNode.append(node)
        aggregateTerminal.append(terminal)
        aggregateWeight.append(0)
        if dense {
            aggregateSlots[slot] = created
        } else {
            aggregateIndex[key] = created
        }
        return created
    }

    /// Recomputes how many ballots pass through each trie node.
    private mutating func rebuildNodeWeights() {
        for node in nodeWeight.indices { nodeWeight[node] = 0 }
        for aggregate in aggregateNode.indices {
            nodeWeight[Int(aggregateNode[aggregate])] += aggregateWeight[aggregate]
        }
        for node in stride(from: nodeParent.count - 1, to: 0, by: -1) {
            nodeWeight[Int(nodeParent[node])] += nodeWeight[node]
        }
    }

    /// Records the current distribution as a stage.
    private mutating func record(
        kind: StageKind,
        subject: Int?,
        description: String,
        elected: [Int] = [],
        excluded: [Int] = []
    ) {
        recorder.record(
            kind: kind,
            subject: subject,
            description: description,
            votes: votes,
            states: states,
            nonTransferable: excess,
            residue: 0,
            quota: quota,
            elected: elected,
            excluded: excluded
        )
    }

    /// The finished result.
    private func result() -> CountResult {
        CountResult(
            rule: .meekSTV,
            title: file.title,
            candidates: file.candidates,
            seats: file.seats,
            validVotes: VoteTotal(votes: groups.validWeight),
            blankBallots: groups.blankWeight,
            quota: recorder.stages.first?.quota,
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
