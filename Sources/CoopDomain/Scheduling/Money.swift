import Foundation

/// An amount of US dollars in whole cents. Fees are never floating point.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in cents (may be negative for refunds).
    public let cents: Int

    /// Creates an amount from cents.
    public init(cents: Int) { self.cents = cents }

    /// Nothing.
    public static let zero = Money(cents: 0)

    /// Reads an amount typed in dollars: "25", "25.5", "25.50" or "$25.50" (spaces around are ignored); nil for
    /// anything else, a negative amount or more than $1,000,000.
    public init?(dollars text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.first == "$" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, (1...7).contains(whole.count), whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            let dollars = Int(whole)
        else { return nil }
        var cents = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(fraction) else { return nil }
            cents = fraction.count == 1 ? value * 10 : value
        }
        guard dollars * 100 + cents <= 100_000_000 else { return nil }
        self.init(cents: dollars * 100 + cents)
    }

    /// `percent` per cent of this amount, rounded half up to the cent (for non-negative amounts).
    public func percent(_ percent: Int) -> Money { Money(cents: (cents * percent + 50) / 100) }

    /// `$12.34` (negative amounts `-$12.34`).
    public var description: String {
        let sign = cents < 0 ? "-" : ""
        return "\(sign)$\(abs(cents) / 100)." + (abs(cents) % 100).zeroPadded(2)
    }

    /// The sum.
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    /// The difference.
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    /// Orders amounts by value.
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
}
