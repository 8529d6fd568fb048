import Foundation

/// What a wall-clock date and time means as an instant in one zone.
public enum LocalResolution: Hashable, Sendable {
    /// The normal case: exactly one instant.
    case unique(Date)
    /// The time falls in a repeated hour (fall-back): it happens at `earlier` (daylight time) and `later`.
    case repeated(earlier: Date, later: Date)
    /// The time falls in a gap (spring-forward) and never happens. `transition` is the instant the clocks jump;
    /// `shiftedForward` reads the time with the offset in force before the gap (02:30 PST → 03:30 PDT).
    case skipped(transition: Date, shiftedForward: Date)

    /// The instant if the time happens, its first occurrence if repeated, nil if skipped.
    /// Availability uses this: a slot is offered once, and never at a time that does not exist.
    public var firstOccurrence: Date? {
        switch self {
        case .unique(let instant): instant
        case .repeated(let earlier, _): earlier
        case .skipped: nil
        }
    }

    /// The instant RFC 5545 §3.3.5 assigns: the first occurrence of a repeated time, and a skipped time read with the
    /// offset before the gap. Recurring series use this, so a weekly 02:30 session moves to 03:30 rather than vanish.
    public var rfc5545Instant: Date {
        switch self {
        case .unique(let instant): instant
        case .repeated(let earlier, _): earlier
        case .skipped(_, let shifted): shifted
        }
    }

    /// Where a range that starts at this time begins: the first occurrence, or the jump for a skipped time.
    var rangeStart: Date {
        switch self {
        case .unique(let instant): instant
        case .repeated(let earlier, _): earlier
        case .skipped(let transition, _): transition
        }
    }

    /// Where a range that ends at this time ends: the last occurrence, or the jump for a skipped time.
    var rangeEnd: Date {
        switch self {
        case .unique(let instant): instant
        case .repeated(_, let later): later
        case .skipped(let transition, _): transition
        }
    }
}
