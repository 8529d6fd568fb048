import Foundation

/// A time zone named by its IANA tz database identifier ("America/Los_Angeles"), checked when created.
///
/// Abbreviations such as "PST" and offsets such as "GMT+5" are refused: they do not follow daylight saving time,
/// so a weekly rule written in them would drift by an hour twice a year. "UTC" and "GMT" are accepted.
/// All conversions go through `TimeZone.secondsFromGMT(for:)` on instants, never through `Calendar` date
/// building, so the treatment of skipped and repeated local times is defined here (see `resolve`).
public struct IANATimeZone: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The identifier as given ("America/New_York").
    public let identifier: String
    /// The Foundation time zone for this identifier.
    public let timeZone: TimeZone
    /// Its offsets as a transition table (see `ZoneOffsetTable`).
    private let table: ZoneOffsetTable

    /// UTC.
    public static let utc = try! IANATimeZone("UTC")

    /// Looks the identifier up; throws `SchedulingError.unknownTimeZone` if it is not an IANA zone name.
    public init(_ identifier: String) throws(SchedulingError) {
        let isAreaLocation = identifier.contains("/") && !identifier.hasPrefix("/") && !identifier.hasSuffix("/")
        guard isAreaLocation || identifier == "UTC" || identifier == "GMT",
            identifier.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/_-+".contains($0)) }),
            let (zone, table) = ZoneCache.shared.zone(identifier)
        else { throw .unknownTimeZone(identifier) }
        self.identifier = identifier
        self.timeZone = zone
        self.table = table
    }

    /// Decodes from the identifier string, validating it.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    /// Encodes as the identifier string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }

    /// Zones are equal when their identifiers are.
    public static func == (lhs: IANATimeZone, rhs: IANATimeZone) -> Bool { lhs.identifier == rhs.identifier }
    /// Hashes the identifier.
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    public var description: String { identifier }

    /// Seconds east of UTC in force at `instant` (e.g. -25200 for PDT).
    public func offset(at instant: Date) -> Int {
        table.offset(at: Int(instant.timeIntervalSince1970.rounded(.down))) ?? timeZone.secondsFromGMT(for: instant)
    }

    /// The offset at `second` (whole seconds since 1970).
    private func offset(at second: Int) -> Int {
        table.offset(at: second) ?? timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second)))
    }

    /// The wall-clock date and time (to the second) at `instant` in this zone.
    public func local(at instant: Date) -> LocalDateTime {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offset(at: instant)
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        return LocalDateTime(date: LocalDate(daysSinceEpoch: days), secondOfDay: seconds - days * 86_400)
    }

    /// The local date at `instant` in this zone.
    public func localDate(at instant: Date) -> LocalDate { local(at: instant).date }

    /// The instants at which the wall clock in this zone reads `time` on `date`.
    ///
    /// Usually one. On a spring-forward day a time inside the gap never happens (`.skipped`); on a fall-back day a
    /// time inside the repeated hour happens twice (`.repeated`). `24:00` is read as 00:00 of the next day.
    public func resolve(_ date: LocalDate, _ time: LocalTime) -> LocalResolution {
        let wall = date.daysSinceEpoch * 86_400 + time.minutes * 60
        // A zone's offset is within ±14 h, so every instant that could show this wall time lies within a day of it;
        // sampling the offsets a day either side catches the ones in force before and after a transition.
        let sampled = (offset(at: wall - 86_400), offset(at: wall), offset(at: wall + 86_400))
        // Almost every day has one offset all through it: one candidate, checked once.
        if sampled.0 == sampled.1 && sampled.1 == sampled.2 && offset(at: wall - sampled.1) == sampled.1 {
            return .unique(Date(timeIntervalSince1970: Double(wall - sampled.1)))
        }
        let offsets = Set([sampled.0, sampled.1, sampled.2])
        let matches = offsets.map { wall - $0 }.filter { offset(at: $0) == wall - $0 }.sorted()
        switch matches.count {
        case 1:
            return .unique(Date(timeIntervalSince1970: Double(matches[0])))
        case 0:
            let before = offsets.min()!
            let after = offsets.max()!
            return .skipped(
                transition: transition(between: wall - after, and: wall - before),
                shiftedForward: Date(timeIntervalSince1970: Double(wall - before))
            )
        default:
            return .repeated(
                earlier: Date(timeIntervalSince1970: Double(matches.first!)),
                later: Date(timeIntervalSince1970: Double(matches.last!))
            )
        }
    }

    /// The first instant in `(low, high]` at which the offset differs from the offset at `low` (binary search).
    private func transition(between low: Int, and high: Int) -> Date {
        let start = offset(at: Date(timeIntervalSince1970: Double(low)))
        var low = low
        var high = high
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: Date(timeIntervalSince1970: Double(middle))) == start { low = middle } else { high = middle }
        }
        return Date(timeIntervalSince1970: Double(high))
    }
}

/// A wall-clock date and time in some zone, to the second.
public struct LocalDateTime: Hashable, Sendable {
    /// The local date.
    public let date: LocalDate
    /// Seconds after local midnight, 0..<86400.
    public let secondOfDay: Int

    /// The time of day, rounded down to the minute.
    public var time: LocalTime { LocalTime(uncheckedMinutes: secondOfDay / 60) }
}
