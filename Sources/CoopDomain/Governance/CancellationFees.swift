import Foundation

/// What a client owes for a late cancellation and for a missed session (USERS.md: late-cancel fees). Members govern it
/// through a policy change; until a decision sets it there are no fees. Each fee is a fixed amount: a share of the
/// client's own session fee needs the client's fee tier, which the finance area will record.
public struct CancellationFees: Hashable, Sendable {
    /// The largest fee accepted: $500.
    public static let largest = Money(cents: 50_000)
    /// No fees: the value in force until a decision sets another.
    public static let standard = CancellationFees(lateCancellation: .zero, noShow: .zero)

    /// The fee for a cancellation by the client inside the cancellation window.
    public let lateCancellation: Money
    /// The fee for a session the client missed without cancelling.
    public let noShow: Money

    /// Creates the value; check ``problem`` before using it.
    public init(lateCancellation: Money, noShow: Money) {
        self.lateCancellation = lateCancellation
        self.noShow = noShow
    }

    /// The first problem with the value, or nil: each fee must be 0…``largest``.
    public var problem: SettingProblem? {
        for fee in [lateCancellation, noShow] where !(Money.zero...Self.largest).contains(fee) {
            return .cancellationFeeOutOfRange(cents: fee.cents)
        }
        return nil
    }

    /// The late-cancellation fee as a rule (`.none` when zero).
    public var lateCancellationRule: FeeRule { lateCancellation == .zero ? .none : .fixed(lateCancellation) }
    /// The no-show fee as a rule (`.none` when zero).
    public var noShowRule: FeeRule { noShow == .zero ? .none : .fixed(noShow) }
}
