import Foundation

/// The quotas the counts use (DOMAIN.md §9.1).
public enum Quota {
    /// The Droop quota of SSI 2007/42 rule 46: valid votes divided by one more than the seats, fraction
    /// ignored, plus one. Droop(100, 3) = 26.
    public static func droop(validVotes: Int64, seats: Int) -> Int64 {
        precondition(seats >= 1, "seats must be at least 1")
        return validVotes / Int64(seats + 1) + 1
    }

    /// The Hare quota: valid votes divided by the seats, truncated to 10⁻⁹. Hare(100, 3) = 33.333333333.
    public static func hare(validVotes: Int64, seats: Int) -> VoteTotal {
        precondition(seats >= 1, "seats must be at least 1")
        return VoteTotal(billionths: validVotes * VoteTotal.unitsPerVote / Int64(seats))
    }
}
