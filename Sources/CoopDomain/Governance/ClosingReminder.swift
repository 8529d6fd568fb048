import Foundation

/// The "closing soon" reminder Loomio sends about 24 hours before a poll closes (`poll_closing_soon`, DOMAIN.md §9.2),
/// to undecided voters only, which is also the only form an anonymous poll allows.
public enum ClosingReminder {
    /// How long before closing the reminder is due: 24 hours.
    public static let lead: TimeInterval = 24 * 3600

    /// Whether the reminder is due at `date`: the poll is open and closes within ``lead``.
    public static func isDue(for poll: Poll, at date: Date) -> Bool {
        poll.isOpen(at: date) && date >= poll.closingTime.addingTimeInterval(-lead)
    }

    /// Who gets the reminder at `date`: eligible members whose vote has not been cast (in person or by proxy) and
    /// who have not had it already, in id order; empty when it is not due. Safe to call from an hourly job: record
    /// whom it went to and pass them as `alreadyReminded` next time.
    public static func recipients(
        for poll: Poll,
        electorate: Electorate,
        voted: Set<MemberID>,
        alreadyReminded: Set<MemberID> = [],
        at date: Date
    ) -> [MemberID] {
        guard isDue(for: poll, at: date) else { return [] }
        return electorate.members.filter { !voted.contains($0) && !alreadyReminded.contains($0) }
    }
}
