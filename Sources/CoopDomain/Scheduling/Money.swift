import Foundation

/// An amount of US dollars in whole cents. Fees are never floating point.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in cents (may be negative for refunds).
    public let cents: Int

    /// Creates an amount from cents.
    public init(cents: Int) { self.cents = cents }

    /// Nothing.
    public static let zero = Money(cents: 0)

    /// `percent` per cent of this amount, rounded half up to the cent (for non-negative amounts).
    public func percent(_ percent: Int) -> Money { Money(cents: (cents * percent + 50) / 100) }

    /// `$12.34` (negative amounts `-$12.34`).
    public var description: String {
        let sign = cents < 0 ? "-" : ""
        return "\(sign)$\(abs(cents) / 100)." + String(format: "%02d", abs(cents) % 100)
    }

    /// The sum.
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    /// The difference.
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    /// Orders amounts by value.
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
}
