import Foundation

/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny seedable generator that yields the same numbers for the same
/// seed on every platform and Swift version, so a lot drawn in a count can be redrawn by anyone who recounts.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `0..<bound` drawn without modulo bias; the draw is fixed by the seed, not by the standard library.
    public mutating func draw(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let value = next()
            if value >= threshold { return Int(value % limit) }
        }
    }
}

/// Breaks ties as SSI 2007/42 does: look back to the most recent earlier stage at which the tied candidates had
/// unequal votes and decide by that; if they were equal at every stage, decide by lot.
///
/// The lot is a ``SplitMix64`` draw among the tied candidates in ballot-file order. Its seed is
/// ``CountOptions/lotSeed`` or, by default, a hash of the file's BLT text, so a recount of the exported file draws
/// the same lot. Every decision is written to `notes` for the count report.
struct TieBreaker {
    /// Whether the tie is for the fewest votes (exclusion) or the most (election order, largest surplus).
    enum Want {
        case lowest, highest
    }

    private let names: [String]
    private let seed: () -> UInt64
    private var generator: SplitMix64?
    /// One line per tie that had to be broken, in count order.
    private(set) var notes: [String] = []

    /// Creates a tie breaker; `seed` is called only if a lot is needed.
    init(names: [String], seed: @escaping () -> UInt64) {
        self.names = names
        self.seed = seed
    }

    /// The candidate among `tied` (at least one) to pick for `purpose`, using the stage-by-stage `history`
    /// (votes per candidate, oldest stage first) and then lot.
    mutating func choose(among tied: [Int], want: Want, history: [[Int64]], purpose: String) -> Int {
        precondition(!tied.isEmpty, "nothing to choose from")
        guard tied.count > 1 else { return tied[0] }
        var remaining = tied.sorted()
        for (offset, votes) in history.enumerated().reversed() {
            let values = remaining.map { votes[$0] }
            guard let target = want == .lowest ? values.min() : values.max() else { continue }
            let narrowed = remaining.filter { votes[$0] == target }
            guard narrowed.count < remaining.count else { continue }
            remaining = narrowed
            if remaining.count == 1 {
                notes.append("\(purpose): tie between \(list(tied)) broken by the votes at stage \(offset + 1): \(names[remaining[0]])")
                return remaining[0]
            }
        }
        if generator == nil { generator = SplitMix64(seed: seed()) }
        let chosen = remaining[generator!.draw(below: remaining.count)]
        notes.append("\(purpose): tie between \(list(remaining)) broken by lot: \(names[chosen])")
        return chosen
    }

    /// `candidates` ordered by `votes`, most first (or fewest first), equal ones ordered by ``choose(among:want:history:purpose:)``.
    mutating func ordered(_ candidates: [Int], by votes: [Int64], want: Want, history: [[Int64]], purpose: String) -> [Int] {
        var pool = candidates
        var result: [Int] = []
        while !pool.isEmpty {
            let values = pool.map { votes[$0] }
            let target = want == .lowest ? values.min()! : values.max()!
            let tied = pool.filter { votes[$0] == target }
            let chosen = choose(among: tied, want: want, history: history, purpose: purpose)
            result.append(chosen)
            pool.removeAll { $0 == chosen }
        }
        return result
    }

    /// "A, B and C".
    private func list(_ candidates: [Int]) -> String {
        let quoted = candidates.map { names[$0] }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
    }

    /// The default lot seed: FNV-1a (64-bit) of the file's BLT text, so the same ballots always draw the same lot.
    static func defaultSeed(for file: BallotFile) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in file.bltText.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
