import Foundation

/// How a therapist's sessions are laid out in their hours. Durations are whole minutes.
public struct SessionSettings: Hashable, Sendable, Codable {
    /// Length of one session (e.g. 50).
    public let sessionMinutes: Int
    /// Free time kept before each session (preparation).
    public let bufferBeforeMinutes: Int
    /// Free time kept after each session (notes). Two sessions are at least `after + before` apart.
    public let bufferAfterMinutes: Int
    /// Minutes between possible start times, counted from the start of each window (60 → 09:00, 10:00 …).
    public let startEveryMinutes: Int
    /// How far ahead of its start a slot must be booked (1440 for 24 hours).
    public let minimumNoticeMinutes: Int
    /// Most sessions on one local day, nil for no cap.
    public let maximumPerDay: Int?
    /// Most sessions in one local week, nil for no cap.
    public let maximumPerWeek: Int?
    /// The first day of the week the weekly cap counts in.
    public let weekStartsOn: Weekday

    /// Creates settings; throws `SchedulingError.invalidSetting` for a value out of range. `startEveryMinutes`
    /// defaults to session plus buffers, so back-to-back slots never clash.
    public init(
        sessionMinutes: Int,
        bufferBeforeMinutes: Int = 0,
        bufferAfterMinutes: Int = 0,
        startEveryMinutes: Int? = nil,
        minimumNoticeMinutes: Int = 0,
        maximumPerDay: Int? = nil,
        maximumPerWeek: Int? = nil,
        weekStartsOn: Weekday = .monday
    ) throws(SchedulingError) {
        let step = startEveryMinutes ?? sessionMinutes + bufferBeforeMinutes + bufferAfterMinutes
        let checks: [(String, Int, ClosedRange<Int>)] = [
            ("sessionMinutes", sessionMinutes, 5...720), ("bufferBeforeMinutes", bufferBeforeMinutes, 0...240),
            ("bufferAfterMinutes", bufferAfterMinutes, 0...240), ("startEveryMinutes", step, 5...1440),
            ("minimumNoticeMinutes", minimumNoticeMinutes, 0...(365 * 1440)),
            ("maximumPerDay", maximumPerDay ?? 1, 1...1000), ("maximumPerWeek", maximumPerWeek ?? 1, 1...10_000),
        ]
        for (name, value, range) in checks where !range.contains(value) { throw .invalidSetting(name: name, value: value) }
        self.sessionMinutes = sessionMinutes
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
        self.startEveryMinutes = step
        self.minimumNoticeMinutes = minimumNoticeMinutes
        self.maximumPerDay = maximumPerDay
        self.maximumPerWeek = maximumPerWeek
        self.weekStartsOn = weekStartsOn
    }

    /// Whether a daily or weekly cap counts the sessions (then a booking depends on the others of its day and week).
    public var isCapped: Bool { maximumPerDay != nil || maximumPerWeek != nil }
    /// The session length in seconds.
    public var sessionDuration: TimeInterval { TimeInterval(sessionMinutes * 60) }
    /// The minimum notice in seconds.
    public var minimumNotice: TimeInterval { TimeInterval(minimumNoticeMinutes * 60) }
    /// A span widened by the buffers: what a session occupies in the therapist's day.
    public func footprint(_ slot: Slot) -> Slot {
        slot.widened(before: TimeInterval(bufferBeforeMinutes * 60), after: TimeInterval(bufferAfterMinutes * 60))
    }
}
