import Foundation

/// Identifies a series of group meetings (a weekly peer circle, a fortnightly therapy group).
public typealias GroupSeriesID = EntityID<GroupSeriesPlan>

/// Why a recurring group, a change to a session or a cancellation was refused; each has a clear message.
public enum GroupSeriesError: Error, Equatable, Sendable {
    /// "Repeats" is not once, every week or every two weeks.
    case invalidRepeat
    /// The number of meetings is not a whole number in `minimum`…`maximum`.
    case invalidCount(minimum: Int, maximum: Int)
    /// Fewer seats than people already confirmed.
    case seatsBelowConfirmed(seats: Int, confirmed: Int)
    /// The session was called off: it cannot be joined, registered for or changed.
    case sessionCancelled
    /// The session was already cancelled.
    case alreadyCancelled
    /// A cancellation reason longer than `maximum` characters.
    case reasonTooLong(maximum: Int)
    /// "This and all following" is not one of the offered scopes.
    case invalidScope
    /// The session has already started: it can no longer be changed or cancelled.
    case alreadyStarted
}

/// How often a group meets.
public enum GroupRepeat: String, Sendable, Hashable, CaseIterable {
    case once
    case weekly
    case everyTwoWeeks = "every-two-weeks"

    /// Days between two meetings (0 for a single meeting).
    public var intervalDays: Int {
        switch self {
        case .once: 0
        case .weekly: 7
        case .everyTwoWeeks: 14
        }
    }

    /// Reads the form value; an empty value means once. Throws `.invalidRepeat` for anything else.
    public static func parse(_ text: String) throws(GroupSeriesError) -> GroupRepeat {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .once }
        guard let value = GroupRepeat(rawValue: trimmed) else { throw .invalidRepeat }
        return value
    }
}

/// Which sessions of a series a change, a cancellation, joining or leaving applies to.
public enum GroupScope: String, Sendable, Hashable, CaseIterable {
    /// This meeting only.
    case this
    /// This meeting and every later one of its series.
    case following

    /// Reads the form value; an empty value means this meeting only.
    public static func parse(_ text: String) throws(GroupSeriesError) -> GroupScope {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .this }
        guard let value = GroupScope(rawValue: trimmed) else { throw .invalidScope }
        return value
    }
}

/// The meetings of a recurring group: the same wall-clock time in the co-op's zone on every meeting day, so an
/// 18:00 group stays at 18:00 when daylight saving time begins or ends.
public struct GroupSeriesPlan: Sendable, Hashable {
    /// The fewest and most meetings a repeating group may have.
    public static let countRange = 2...12

    /// How often it meets.
    public let repeats: GroupRepeat
    /// The first meeting's local date in `zone`.
    public let firstDate: LocalDate
    /// The local start time in `zone`.
    public let startTime: LocalTime
    /// The co-op's zone.
    public let zone: IANATimeZone
    /// How many meetings (1 when it does not repeat).
    public let count: Int

    /// Plans meetings from the first start `start` (an instant), read in `zone`. Throws `.invalidCount` when a
    /// repeating group asks for a count outside 2–12; a group that meets once has one meeting whatever `count` says.
    public init(repeats: GroupRepeat, firstStart start: Date, zone: IANATimeZone, count: Int) throws(GroupSeriesError) {
        if repeats != .once {
            guard Self.countRange.contains(count) else {
                throw .invalidCount(minimum: Self.countRange.lowerBound, maximum: Self.countRange.upperBound)
            }
        }
        let local = zone.local(at: start)
        self.repeats = repeats
        self.firstDate = local.date
        self.startTime = LocalTime(uncheckedMinutes: local.secondOfDay / 60)
        self.zone = zone
        self.count = repeats == .once ? 1 : count
    }

    /// Reads the count field: empty means two for a repeating group (the form's default) and one otherwise.
    public static func parseCount(_ text: String, repeats: GroupRepeat) throws(GroupSeriesError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if repeats == .once { return 1 }
        guard let value = Int(trimmed), countRange.contains(value) else {
            throw .invalidCount(minimum: countRange.lowerBound, maximum: countRange.upperBound)
        }
        return value
    }

    /// The start of every meeting, in order. A time that the clocks skip is read with the offset before the jump
    /// (RFC 5545), and a repeated time is its first occurrence.
    public var starts: [Date] {
        (0..<count).map { index in
            zone.resolve(firstDate.adding(days: repeats.intervalDays * index), startTime).rfc5545Instant
        }
    }

    /// Moves a meeting that started at `oldStart` the way one meeting moved from `from` to `to`: the same number of
    /// local days later or earlier, at the new local time, in `zone` (so the wall clock holds across DST).
    public static func shifted(_ oldStart: Date, from: Date, to: Date, zone: IANATimeZone) -> Date {
        let before = zone.local(at: from)
        let after = zone.local(at: to)
        let days = before.date.days(until: after.date)
        let target = zone.local(at: oldStart).date.adding(days: days)
        return zone.resolve(target, LocalTime(uncheckedMinutes: after.secondOfDay / 60)).rfc5545Instant
    }
}

/// A facilitator's change to a session: what it will be after the change.
public struct GroupSessionEdit: Sendable, Equatable {
    public var title: String
    public var description: String
    public var start: Date
    public var durationMinutes: Int
    public var seats: Int
    public var online: Bool

    public init(title: String, description: String, start: Date, durationMinutes: Int, seats: Int, online: Bool) {
        self.title = title
        self.description = description
        self.start = start
        self.durationMinutes = durationMinutes
        self.seats = seats
        self.online = online
    }

    /// The parts of a session an edit can change, to tell participants what changed.
    public enum Field: String, Sendable, Hashable, CaseIterable, Comparable {
        case title, description, time, duration, seats, place

        public static func < (lhs: Field, rhs: Field) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Checks the seats against the people already confirmed: fewer seats than confirmed would drop someone who
    /// holds a seat, so it is refused with `.seatsBelowConfirmed`.
    public static func checkSeats(_ seats: Int, confirmed: Int) throws(GroupSeriesError) {
        guard seats >= confirmed else { throw .seatsBelowConfirmed(seats: seats, confirmed: confirmed) }
    }

    /// Checks a cancellation reason: at most `maximum` characters after trimming.
    public static func checkReason(_ reason: String, maximum: Int = 500) throws(GroupSeriesError) -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= maximum else { throw .reasonTooLong(maximum: maximum) }
        return trimmed
    }
}
