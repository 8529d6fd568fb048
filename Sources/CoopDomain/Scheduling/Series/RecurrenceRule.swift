import Foundation

/// How often a series repeats and when it stops.
public struct RecurrenceRule: Hashable, Sendable, Codable {
    /// The repeat interval.
    public enum Frequency: String, Hashable, Sendable, Codable, CaseIterable {
        case weekly
        case everyTwoWeeks = "every-two-weeks"

        /// Weeks between occurrences (the RRULE INTERVAL with FREQ=WEEKLY).
        public var intervalWeeks: Int { self == .weekly ? 1 : 2 }
    }

    /// When the series stops.
    public enum End: Hashable, Sendable, Codable {
        /// After this many occurrences.
        case count(Int)
        /// After the last occurrence on or before this local date.
        case until(LocalDate)
    }

    /// The most occurrences one series may have (five years of weekly sessions).
    public static let maximumOccurrences = 260

    /// The repeat interval.
    public let frequency: Frequency
    /// When it stops.
    public let end: End

    /// Creates a rule.
    public init(_ frequency: Frequency, end: End) {
        self.frequency = frequency
        self.end = end
    }
}

/// A change to one occurrence of a series.
public enum OccurrenceChange: Hashable, Sendable, Codable {
    /// Moved to another time (the others stay).
    case moved(Slot)
    /// Called off (the others stay).
    case cancelled
}

/// One occurrence of a series, after changes.
public struct SeriesOccurrence: Hashable, Sendable {
    /// Position in the series, from 0.
    public let index: Int
    /// The local date the rule gives it, in the therapist's zone.
    public let ruleDate: LocalDate
    /// The start the rule gives it (the iCalendar RECURRENCE-ID), before any move.
    public let originalStart: Date
    /// When it takes place.
    public let slot: Slot
    /// Whether it was moved away from the rule's time.
    public let isMoved: Bool
    /// Whether it was called off.
    public let isCancelled: Bool
}
