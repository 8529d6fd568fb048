import Foundation

/// A fee rule the co-op votes on.
public enum FeeRule: Hashable, Sendable, Codable {
    /// No fee.
    case none
    /// A fixed amount.
    case fixed(Money)
    /// A share of the client's own session fee (so a sliding-scale client pays a share of their rate).
    case percentOfSessionFee(Int)

    /// The amount for a session whose fee is `sessionFee` (nil while the client's fee is not known: a share of an
    /// unknown fee is nothing).
    public func amount(sessionFee: Money?) -> Money {
        switch self {
        case .none: .zero
        case .fixed(let money): money
        case .percentOfSessionFee(let percent): sessionFee?.percent(percent) ?? .zero
        }
    }
}

/// Whether a cancellation or reschedule came early enough.
public enum CancellationTiming: String, Hashable, Sendable, Codable {
    /// At least the window before the start.
    case onTime = "on-time"
    /// Inside the window (or after the start).
    case late
}

/// Who called the session off; only a client's late cancellation or no-show can carry a fee.
public enum CancelledBy: String, Hashable, Sendable, Codable {
    case client
    case therapist
    case coop
}

/// The cancellation and no-show rules, a governed setting (USERS.md: "a must for ANY booking system").
public struct CancellationPolicy: Hashable, Sendable, Codable {
    /// How long before the start a client may cancel or reschedule without a fee, in seconds (86400 = 24 h); the
    /// governed cancellation-window setting, stored in seconds.
    public let windowSeconds: Int
    /// Fee for a late cancellation by the client.
    public let lateCancellationFee: FeeRule
    /// Fee for a no-show.
    public let noShowFee: FeeRule
    /// Whether a late reschedule by the client is charged like a late cancellation.
    public let lateRescheduleIsCharged: Bool
    /// Whether a fee is capped at the client's own session fee (so a $30 sliding-scale client never owes $100).
    public let capAtSessionFee: Bool

    /// Creates a policy; throws `SchedulingError.invalidSetting` for a negative window or a percentage outside 0…100.
    public init(
        windowSeconds: Int,
        lateCancellationFee: FeeRule,
        noShowFee: FeeRule,
        lateRescheduleIsCharged: Bool = false,
        capAtSessionFee: Bool = true
    ) throws(SchedulingError) {
        guard windowSeconds >= 0 else { throw .invalidSetting(name: "windowSeconds", value: windowSeconds) }
        for rule in [lateCancellationFee, noShowFee] {
            if case .percentOfSessionFee(let percent) = rule, !(0...100).contains(percent) {
                throw .invalidSetting(name: "percentOfSessionFee", value: percent)
            }
            if case .fixed(let money) = rule, money < .zero { throw .invalidSetting(name: "fixedFee", value: money.cents) }
        }
        self.windowSeconds = windowSeconds
        self.lateCancellationFee = lateCancellationFee
        self.noShowFee = noShowFee
        self.lateRescheduleIsCharged = lateRescheduleIsCharged
        self.capAtSessionFee = capAtSessionFee
    }

    /// On time when at least the window remains before `start` at `actionAt` (exactly the window counts as on time).
    public func timing(start: Date, actionAt: Date) -> CancellationTiming {
        start.timeIntervalSince(actionAt) >= TimeInterval(windowSeconds) ? .onTime : .late
    }

    /// The fee for a cancellation (or, with `reschedule`, a reschedule) by `by` with `timing`; `sessionFee` is the
    /// client's own session fee, nil while it is not known (then a fixed fee is not capped).
    public func cancellationFee(timing: CancellationTiming, by: CancelledBy, sessionFee: Money?, reschedule: Bool = false) -> Money {
        guard by == .client, timing == .late, !reschedule || lateRescheduleIsCharged else { return .zero }
        return capped(lateCancellationFee.amount(sessionFee: sessionFee), sessionFee: sessionFee)
    }

    /// The fee for a no-show.
    public func noShowFee(sessionFee: Money?) -> Money { capped(noShowFee.amount(sessionFee: sessionFee), sessionFee: sessionFee) }

    private func capped(_ fee: Money, sessionFee: Money?) -> Money {
        guard capAtSessionFee, let sessionFee else { return fee }
        return min(fee, sessionFee)
    }
}

/// How an appointment was cancelled.
public struct CancellationRecord: Hashable, Sendable, Codable {
    /// When.
    public let at: Date
    /// By whom.
    public let by: CancelledBy
    /// On time or late.
    public let timing: CancellationTiming
    /// The fee charged (zero when none).
    public let fee: Money

    /// Creates a record (normally made by `Appointment.cancelled`; public so stores can load one).
    public init(at: Date, by: CancelledBy, timing: CancellationTiming, fee: Money) {
        self.at = at
        self.by = by
        self.timing = timing
        self.fee = fee
    }
}
