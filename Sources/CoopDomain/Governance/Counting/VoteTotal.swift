import Foundation

/// A number of votes held exactly, as a whole number of billionths (10⁻⁹) of a vote; counts never use floating point.
///
/// Scottish STV works in 10⁻⁵ and converts to this without loss; Meek STV works in 10⁻⁹ natively. Text forms are
/// truncated toward zero, never rounded, so "1736.42172" is exactly what a 5-place count holds.
public struct VoteTotal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Billionths in one whole vote.
    public static let unitsPerVote: Int64 = 1_000_000_000
    /// No votes.
    public static let zero = VoteTotal(billionths: 0)

    /// The value in billionths of a vote.
    public let billionths: Int64

    /// Creates a total from a count of billionths of a vote.
    public init(billionths: Int64) {
        self.billionths = billionths
    }

    /// Creates a total of whole votes.
    public init(votes: Int64) {
        self.billionths = votes * Self.unitsPerVote
    }

    /// Creates a total from `units` of 10⁻`decimals` of a vote (`decimals` from 0 to 9).
    init(units: Int64, decimals: Int) {
        precondition((0...9).contains(decimals), "decimals must be 0...9")
        self.billionths = units * Self.power(9 - decimals)
    }

    /// Parses a plain decimal such as "1300", "1300.5" or "1300.00000"; nil for anything else or more than 9 places.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.allSatisfy(\.isASCIIDigit),
            let whole = Int64(wholeText)
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit), let value = Int64(digits) else {
                return nil
            }
            fraction = value * Self.power(9 - digits.count)
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: Self.unitsPerVote)
        guard !overflow else { return nil }
        self.billionths = scaled + fraction
    }

    /// The whole votes, truncated toward zero.
    public var wholeVotes: Int64 { billionths / Self.unitsPerVote }

    /// The value with exactly `decimals` places (0 to 9), truncated toward zero: `formatted(decimals: 5)` → "1300.00000".
    public func formatted(decimals: Int = 5) -> String {
        precondition((0...9).contains(decimals), "decimals must be 0...9")
        let sign = billionths < 0 ? "-" : ""
        let magnitude = billionths.magnitude
        let whole = magnitude / UInt64(Self.unitsPerVote)
        guard decimals > 0 else { return sign + String(whole) }
        let fraction = (magnitude % UInt64(Self.unitsPerVote)) / UInt64(Self.power(9 - decimals))
        var digits = String(fraction)
        if digits.count < decimals {
            digits = String(repeating: "0", count: decimals - digits.count) + digits
        }
        return sign + String(whole) + "." + digits
    }

    /// Five decimal places, as election reports print them.
    public var description: String { formatted(decimals: 5) }

    /// Orders totals by value.
    public static func < (lhs: VoteTotal, rhs: VoteTotal) -> Bool { lhs.billionths < rhs.billionths }

    /// The sum of two totals.
    public static func + (lhs: VoteTotal, rhs: VoteTotal) -> VoteTotal {
        VoteTotal(billionths: lhs.billionths + rhs.billionths)
    }

    /// The difference of two totals.
    public static func - (lhs: VoteTotal, rhs: VoteTotal) -> VoteTotal {
        VoteTotal(billionths: lhs.billionths - rhs.billionths)
    }

    /// 10^exponent for exponent 0...18.
    static func power(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}

extension VoteTotal: Codable {
    /// Decodes the five-decimal string form (any plain decimal is accepted).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = VoteTotal(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal vote total: \(text)")
        }
        self = value
    }

    /// Encodes as a string with five decimals, e.g. "1300.00000", so JSON readers never round it through a double.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formatted(decimals: 5))
    }
}

extension Character {
    /// True for the ten ASCII digits only (not other Unicode digits).
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
