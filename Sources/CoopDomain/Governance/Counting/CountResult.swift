import Foundation

/// Where a candidate stands at the end of a stage.
public enum CandidateState: String, Sendable, Codable, Equatable {
    /// Still in the count.
    case hopeful
    /// Elected (by reaching the quota, a majority, or as one of the last vacancies).
    case elected
    /// Excluded during the count; their ballots have moved on.
    case excluded
    /// Left over when every seat was filled; their votes stay where they are.
    case notElected = "not-elected"
    /// Withdrawn before the count; ballots skip over them.
    case withdrawn
}

/// What happened at one stage of a count.
public enum StageKind: String, Sendable, Codable, Equatable {
    /// Ballots counted for their first preferences.
    case firstPreferences = "first-preferences"
    /// An elected candidate's surplus moved on (Scottish STV).
    case surplus
    /// The lowest candidate excluded and their ballots moved on.
    case exclusion
    /// Meek STV iterated keep values until a candidate reached the quota.
    case election
    /// The continuing candidates equalled the vacancies left, so they were elected without further transfers.
    case lastVacancies = "last-vacancies"
    /// Points totalled in one go (Borda).
    case tally
}

/// The outcome of a count: who was elected, in order, and the whole stage-by-stage table.
public struct CountResult: Sendable, Equatable {
    /// An elected candidate with their votes when the count ended.
    public struct ElectedCandidate: Sendable, Equatable {
        /// 0-based index in ``CountResult/candidates``.
        public let index: Int
        /// The name, byte for byte as in the ballot file.
        public let name: String
        /// Votes held when the count ended (points, for Borda).
        public let votes: VoteTotal
        /// The stage at the end of which the candidate was elected.
        public let stage: Int
    }

    /// One row of the count table: the votes after an action, and who was elected or excluded by it.
    public struct Stage: Sendable, Equatable {
        /// 1-based stage number.
        public let number: Int
        /// What kind of step this was.
        public let kind: StageKind
        /// The candidate whose surplus or ballots moved, if any.
        public let subject: Int?
        /// A one-line English account of the stage.
        public internal(set) var description: String
        /// Each candidate's votes at the end of the stage, in ``CountResult/candidates`` order.
        public let votes: [VoteTotal]
        /// Each candidate's state at the end of the stage.
        public internal(set) var states: [CandidateState]
        /// Votes on ballots with no further usable preference, cumulative.
        public let nonTransferable: VoteTotal
        /// Votes lost by truncating transfer values (Scottish STV), cumulative.
        public let residue: VoteTotal
        /// The quota in force at this stage (Meek recomputes it), or nil when the rule has none.
        public let quota: VoteTotal?
        /// Candidates elected at the end of this stage, in order of election.
        public internal(set) var electedHere: [Int]
        /// Candidates excluded, or left not elected, at this stage.
        public internal(set) var excludedHere: [Int]

        /// Candidates' votes plus non-transferable votes plus residue; equals the valid vote at every stage.
        public var total: VoteTotal { votes.reduce(nonTransferable + residue, +) }

        /// The sum of the votes of candidates in `state` at the end of this stage.
        public func votes(in state: CandidateState) -> VoteTotal {
            zip(votes, states).reduce(.zero) { $1.1 == state ? $0 + $1.0 : $0 }
        }
    }

    /// The rule that produced this result.
    public let rule: CountRule
    /// The election's title.
    public let title: String
    /// Candidate names in ballot-file order.
    public let candidates: [String]
    /// Seats to fill.
    public let seats: Int
    /// Total weight of the ballots that rank a standing candidate.
    public let validVotes: VoteTotal
    /// Ballots that rank nobody standing (not counted).
    public let blankBallots: Int64
    /// The quota at the first stage (nil for rules without one).
    public let quota: VoteTotal?
    /// Elected candidates in order of election.
    public let elected: [ElectedCandidate]
    /// The count, stage by stage.
    public let stages: [Stage]
    /// Ties broken (and how) and other remarks, in count order.
    public let notes: [String]

    /// The names of the elected candidates, in order of election.
    public var electedNames: [String] { elected.map(\.name) }
}

/// Records stages for an engine that keeps votes as integers in 10⁻`decimals` units.
struct StageRecorder {
    /// Decimal places of the engine's integer units.
    let decimals: Int
    /// Candidate names, for descriptions.
    let names: [String]
    /// The stages so far.
    private(set) var stages: [CountResult.Stage] = []
    /// Votes per candidate at each recorded stage, oldest first (for tie-breaking).
    private(set) var history: [[Int64]] = []

    /// Converts engine units to a ``VoteTotal``.
    func total(_ units: Int64) -> VoteTotal { VoteTotal(units: units, decimals: decimals) }

    /// Appends a stage built from the engine's integer state.
    mutating func record(
        kind: StageKind,
        subject: Int?,
        description: String,
        votes: [Int64],
        states: [CandidateState],
        nonTransferable: Int64,
        residue: Int64,
        quota: Int64?,
        elected: [Int] = [],
        excluded: [Int] = []
    ) {
        history.append(votes)
        stages.append(
            CountResult.Stage(
                number: stages.count + 1,
                kind: kind,
                subject: subject,
                description: description,
                votes: votes.map(total),
                states: states,
                nonTransferable: total(nonTransferable),
                residue: total(residue),
                quota: quota.map(total),
                electedHere: elected,
                excludedHere: excluded
            )
        )
    }

    /// Marks candidates elected at the end of the latest stage (their state and the description).
    mutating func markElected(_ candidates: [Int], how: String) {
        guard !candidates.isEmpty, !stages.isEmpty else { return }
        let last = stages.count - 1
        for candidate in candidates { stages[last].states[candidate] = .elected }
        stages[last].electedHere += candidates
        stages[last].description += "; \(how): " + candidates.map { names[$0] }.joined(separator: ", ")
    }

    /// Marks the candidates still hopeful when the count ends as not elected, on the latest stage.
    mutating func closeCount() {
        guard let last = stages.indices.last else { return }
        let leftOver = stages[last].states.indices.filter { stages[last].states[$0] == .hopeful }
        guard !leftOver.isEmpty else { return }
        for candidate in leftOver { stages[last].states[candidate] = .notElected }
        stages[last].excludedHere += leftOver
        stages[last].description += "; not elected: " + leftOver.map { names[$0] }.joined(separator: ", ")
    }
}
