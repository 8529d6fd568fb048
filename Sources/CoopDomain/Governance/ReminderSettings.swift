import Foundation

/// When session reminders go out: one or two lead times in whole hours before the start (24 by default; "48 and 2"
/// sends one two days before and another two hours before). Members govern it through a policy change.
public struct SessionReminderLeads: Hashable, Sendable {
    /// Each lead time must lie in this range of hours.
    public static let hoursRange = 1...168
    /// At most this many lead times.
    public static let maximumCount = 2
    /// The value in force until a decision sets another.
    public static let standard = SessionReminderLeads(hours: [24])

    /// The lead times in hours, longest first.
    public let hours: [Int]

    /// Creates the value; `hours` is kept as given (longest first once validated).
    public init(hours: [Int]) {
        self.hours = hours.sorted(by: >)
    }

    /// The lead times as intervals, longest first.
    public var leads: [TimeInterval] { hours.map { TimeInterval($0) * 3600 } }

    /// The first problem with the value, or nil.
    public var problem: SettingProblem? {
        guard (1...Self.maximumCount).contains(hours.count) else { return .sessionReminderLeadCount(hours.count) }
        if let bad = hours.first(where: { !Self.hoursRange.contains($0) }) { return .sessionReminderLeadOutOfRange(hours: bad) }
        guard Set(hours).count == hours.count else { return .sessionReminderLeadsRepeated(hours: hours[0]) }
        return nil
    }
}

/// How long before a group session or workshop its participants are reminded, in whole hours (24 by default).
public struct GroupReminderLead: Hashable, Sendable {
    /// The accepted range of hours.
    public static let hoursRange = 1...168
    /// The value in force until a decision sets another.
    public static let standard = GroupReminderLead(hours: 24)

    /// The lead in hours.
    public let hours: Int

    /// Creates the value.
    public init(hours: Int) {
        self.hours = hours
    }

    /// The lead as an interval.
    public var lead: TimeInterval { TimeInterval(hours) * 3600 }
}

/// How long a waitlist offer holds its time before it passes to the next person, in whole hours (2 by default).
public struct WaitlistOfferDuration: Hashable, Sendable {
    /// The accepted range of hours.
    public static let hoursRange = 1...72
    /// The value in force until a decision sets another.
    public static let standard = WaitlistOfferDuration(hours: 2)

    /// The duration in hours.
    public let hours: Int

    /// Creates the value.
    public init(hours: Int) {
        self.hours = hours
    }

    /// The duration as an interval.
    public var duration: TimeInterval { TimeInterval(hours) * 3600 }
}

extension SessionReminder {
    /// The stage (lead time, in hours) whose reminder is due for a session starting at `start`, or nil: the shortest
    /// lead whose window `now` is in, unless a reminder for this start already went out inside that window
    /// (`lastSent`). So a session first seen close to its start gets one reminder, not one per stage, and a change of
    /// the lead times does not repeat a reminder just sent.
    public static func dueStage(start: Date, leads: SessionReminderLeads, lastSent: Date?, at now: Date) -> Int? {
        guard now < start else { return nil }
        guard let stage = leads.hours.sorted().first(where: { now >= start.addingTimeInterval(-TimeInterval($0) * 3600) }) else { return nil }
        if let lastSent, lastSent >= start.addingTimeInterval(-TimeInterval(stage) * 3600) { return nil }
        return stage
    }
}
