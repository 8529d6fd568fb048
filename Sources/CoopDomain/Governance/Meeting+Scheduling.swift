import Foundation

/// What sort of meeting it is; the stored names are the raw values.
public enum MeetingKind: String, CaseIterable, Sendable, Codable {
    /// All members (annual or special general meeting).
    case generalAssembly = "general-assembly"
    /// The board or collective management.
    case board
    /// One member class's own meeting.
    case classMeeting = "class-meeting"
}

/// Limits and pure rules for scheduling a meeting and handling its proxies.
public enum MeetingSchedule {
    /// The longest meeting title.
    public static let longestTitle = 200
    /// The most agenda items.
    public static let mostAgendaItems = 30
    /// The most candidate times a time poll may offer.
    public static let mostCandidateTimes = 6
    /// The longest location or online-link text.
    public static let longestLocation = 500
    /// The longest minutes text per agenda item (notes and outcome each).
    public static let longestMinutes = 10_000
    /// How long before its scheduled start the organiser may open a meeting.
    public static let earliestOpening: TimeInterval = 24 * 3600

    /// The candidate time to hold the meeting at: most "yes" answers, then most "maybe", then the earliest; nil when
    /// there are no candidates.
    public static func pick(_ slots: [SlotResult]) -> Int? {
        slots.min { lhs, rhs in
            if lhs.yes != rhs.yes { return lhs.yes > rhs.yes }
            if lhs.maybe != rhs.maybe { return lhs.maybe > rhs.maybe }
            let left = lhs.slot?.start ?? .distantFuture
            let right = rhs.slot?.start ?? .distantFuture
            if left != right { return left < right }
            return lhs.index < rhs.index
        }?.index
    }

    /// Checks candidate times at `now`: 2...``mostCandidateTimes``, distinct, all in the future, and a time poll
    /// closing at `pollCloses`, which must be in the future and before the earliest candidate.
    public static func validateCandidates(_ starts: [Date], pollCloses: Date, at now: Date) throws(MeetingError) {
        guard (2...mostCandidateTimes).contains(starts.count), Set(starts).count == starts.count else {
            throw .candidateTimes(maximum: mostCandidateTimes)
        }
        guard starts.allSatisfy({ $0 > now }) else { throw .timeInPast }
        guard pollCloses > now, let earliest = starts.min(), pollCloses <= earliest else { throw .timePollClosesTooLate }
    }

    /// Checks a meeting proxy before it is filed (the caller checks the meeting has not started): the giver is not
    /// already recorded as attending, and the register's rules (allowed, eligible, one per giver, no chains, the limit).
    public static func validateProxy(
        _ proxy: Proxy, meeting: Meeting, register: ProxyRegister, rule: ProxyRule, electorate: Electorate
    ) throws(GovernanceError) {
        guard meeting.attendance(of: proxy.giver) == nil else { throw .alreadyAttending(proxy.giver) }
        try register.validateGrant(proxy, rule: rule, electorate: electorate)
    }
}
