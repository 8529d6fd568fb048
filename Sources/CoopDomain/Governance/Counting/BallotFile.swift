import Foundation

/// One ranked ballot, or `weight` identical ones: candidate indices (from 0, in ``BallotFile/candidates`` order),
/// most preferred first. An empty ranking is a blank ballot; it is kept but never counted as valid.
public struct RankedBallot: Sendable, Hashable {
    /// How many voters cast this exact ranking (at least 1).
    public var weight: Int
    /// Candidate indices from 0, most preferred first, each at most once.
    public var ranking: [Int]

    /// Creates `weight` ballots with the same `ranking` of 0-based candidate indices.
    public init(weight: Int = 1, ranking: [Int]) {
        self.weight = weight
        self.ranking = ranking
    }
}

/// A complete ranked-ballot election: what a BLT file holds, always valid once built.
///
/// Build it in code with the throwing initialiser, or read one with ``BLTParser``; write it back with
/// ``bltText`` so anyone can recount a closed election with their own software.
public struct BallotFile: Sendable, Equatable {
    /// The largest total of ballot weights accepted; it keeps every 10⁻⁹ sum inside `Int64`.
    public static let maximumTotalWeight: Int64 = 1_000_000_000

    /// The election's title (the last quoted string of a BLT file).
    public let title: String
    /// Candidate names in BLT order, kept byte for byte (inner and trailing spaces included).
    public let candidates: [String]
    /// Seats to fill.
    public let seats: Int
    /// 0-based indices of candidates withdrawn before the count, ascending; ballots skip over them.
    public let withdrawn: [Int]
    /// The ballots, in file order.
    public let ballots: [RankedBallot]

    /// Creates a ballot file after checking it: seats within the standing candidates, rankings of known
    /// candidates without repeats, weights of at least 1, names BLT can carry. Errors carry line 0.
    public init(
        title: String,
        candidates: [String],
        seats: Int,
        withdrawn: [Int] = [],
        ballots: [RankedBallot]
    ) throws(CountingError) {
        guard !candidates.isEmpty else { throw .noCandidates(line: 0) }
        for name in candidates where !Self.isWritable(name: name) {
            throw .invalidName(name, line: 0)
        }
        guard Self.isWritable(title: title) else { throw .invalidName(title, line: 0) }
        guard seats >= 1 else { throw .invalidSeats(seats: seats, line: 0) }
        var seen = Set<Int>()
        for index in withdrawn {
            guard candidates.indices.contains(index) else { throw .unknownCandidate(id: index + 1, line: 0) }
            guard seen.insert(index).inserted else { throw .duplicateWithdrawal(id: index + 1, line: 0) }
        }
        guard seats <= candidates.count - withdrawn.count else {
            throw .seatsExceedCandidates(seats: seats, candidates: candidates.count - withdrawn.count, line: 0)
        }
        var stamp = [Int](repeating: -1, count: candidates.count)
        var total: Int64 = 0
        for (position, ballot) in ballots.enumerated() {
            guard ballot.weight >= 1 else { throw .badWeight(String(ballot.weight), line: 0) }
            total += Int64(ballot.weight)
            guard total <= Self.maximumTotalWeight else { throw .tooManyBallots(limit: Self.maximumTotalWeight, line: 0) }
            for index in ballot.ranking {
                guard candidates.indices.contains(index) else { throw .unknownCandidate(id: index + 1, line: 0) }
                guard stamp[index] != position else { throw .duplicateRanking(id: index + 1, line: 0) }
                stamp[index] = position
            }
        }
        self.init(unchecked: title, candidates: candidates, seats: seats, withdrawn: withdrawn.sorted(), ballots: ballots)
    }

    /// Creates a file the caller has already checked (the parser checks as it reads, with line numbers).
    init(unchecked title: String, candidates: [String], seats: Int, withdrawn: [Int], ballots: [RankedBallot]) {
        self.title = title
        self.candidates = candidates
        self.seats = seats
        self.withdrawn = withdrawn
        self.ballots = ballots
    }

    /// The sum of all ballot weights, blank ballots included.
    public var totalWeight: Int64 {
        ballots.reduce(0) { $0 + Int64($1.weight) }
    }

    /// Whether `name` can be written between BLT double quotes: not empty, no quote, no line break.
    static func isWritable(name: String) -> Bool {
        !name.isEmpty && isWritable(title: name)
    }

    /// Whether `title` can be written between BLT double quotes (it may be empty).
    static func isWritable(title: String) -> Bool {
        !title.utf8.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }
}
