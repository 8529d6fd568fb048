import Foundation

/// An amount of US money in whole cents. (A stand-in until the finance area brings its own money type.)
public struct Cents: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in cents.
    public let value: Int64

    /// Creates an amount of `value` cents.
    public init(_ value: Int64) {
        self.value = value
    }

    /// Creates an amount of whole dollars.
    public static func dollars(_ dollars: Int64) -> Cents { Cents(dollars * 100) }

    /// Dollars and cents without thousands separators, such as "$1234.56" or "-$0.50".
    public var description: String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let cents = magnitude % 100
        return "\(sign)$\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Orders amounts by value.
    public static func < (lhs: Cents, rhs: Cents) -> Bool { lhs.value < rhs.value }
}

/// One band of a sliding scale: household income from `incomeFrom` up to (not including) `incomeBelow` pays `fee`
/// per session.
public struct SlidingScaleTier: Hashable, Sendable {
    /// The tier's name ("A", "Solidarity").
    public var name: String
    /// The lowest annual income in the band.
    public var incomeFrom: Cents
    /// The first annual income above the band, or nil for the top band.
    public var incomeBelow: Cents?
    /// The fee per session in the band.
    public var fee: Cents

    /// Creates a tier.
    public init(name: String, incomeFrom: Cents, incomeBelow: Cents?, fee: Cents) {
        self.name = name
        self.incomeFrom = incomeFrom
        self.incomeBelow = incomeBelow
        self.fee = fee
    }
}

/// Why a sliding scale was refused.
public enum SlidingScaleProblem: Hashable, Sendable {
    /// There must be at least one tier.
    case noTiers
    /// A tier's name is empty, longer than 60 characters, or used twice.
    case invalidName(index: Int)
    /// The first tier must start at an income of 0, so every income falls in a tier.
    case firstTierMustStartAtZero
    /// A tier's band is empty (its top is not above its bottom).
    case emptyBand(index: Int)
    /// A tier must start exactly where the one before it ends: no gaps, no overlaps.
    case notContiguous(index: Int)
    /// Only the last tier may be open-ended, and it must be.
    case lastTierMustBeOpen
    /// Fees cannot be negative.
    case negativeFee(index: Int)
    /// A higher income band may not pay less than a lower one.
    case feeDecreases(index: Int)
}

/// The sliding scale of session fees by annual household income (DOMAIN.md §4): contiguous bands from 0 up, the top
/// one open-ended, fees never falling as income rises.
public struct SlidingScale: Hashable, Sendable {
    /// The tiers, lowest income first.
    public var tiers: [SlidingScaleTier]

    /// Creates a scale; call ``validate()`` before using it.
    public init(tiers: [SlidingScaleTier]) {
        self.tiers = tiers
    }

    /// Throws ``GovernanceError/invalidSetting(_:)`` with the first problem found.
    public func validate() throws(GovernanceError) {
        if let problem { throw .invalidSetting(.slidingScale(problem)) }
    }

    /// The first problem with the scale, or nil.
    public var problem: SlidingScaleProblem? {
        guard let first = tiers.first else { return .noTiers }
        guard first.incomeFrom == Cents(0) else { return .firstTierMustStartAtZero }
        var names = Set<String>()
        for (index, tier) in tiers.enumerated() {
            let name = tier.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 60, names.insert(name.lowercased()).inserted else { return .invalidName(index: index) }
            guard tier.fee >= Cents(0) else { return .negativeFee(index: index) }
            if index > 0 {
                let previous = tiers[index - 1]
                guard previous.incomeBelow == tier.incomeFrom else { return .notContiguous(index: index) }
                guard tier.fee >= previous.fee else { return .feeDecreases(index: index) }
            }
            if let top = tier.incomeBelow {
                guard index < tiers.count - 1 else { return .lastTierMustBeOpen }
                guard top > tier.incomeFrom else { return .emptyBand(index: index) }
            } else if index < tiers.count - 1 {
                return .lastTierMustBeOpen
            }
        }
        return nil
    }

    /// The tier an annual household income falls in; nil only for a negative income or an invalid scale.
    public func tier(forAnnualIncome income: Cents) -> SlidingScaleTier? {
        tiers.first { income >= $0.incomeFrom && ($0.incomeBelow.map { income < $0 } ?? true) }
    }
}
