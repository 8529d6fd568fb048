import Foundation

/// The credential-expiry reminder schedule (DOMAIN.md §3): an email when a credential's last valid day is 60 days
/// away, again at 30 and at 7, once at each stage. A therapist first seen at 20 days gets one email (the 30-day
/// stage), not three.
public enum CredentialReminder {
    /// The stages, in days before the last valid day, widest first.
    public static let stages = [60, 30, 7]

    /// The stage a credential with `daysLeft` days is in: the narrowest stage it has reached, or nil when it is
    /// further off than the widest stage or already lapsed.
    public static func stage(daysLeft: Int) -> Int? {
        guard daysLeft >= 0 else { return nil }
        return stages.filter { daysLeft <= $0 }.min()
    }

    /// A stable name for what `notice` is about, for remembering which reminders went out. A renewed credential
    /// (a new last valid day) starts over, because the reminder record also holds the day.
    public static func subject(of notice: ExpiryNotice) -> String {
        switch notice.item {
        case .license(let licence): "license:\(licence.state.rawValue):\(licence.type.rawValue):\(licence.number)"
        case .privilege(let privilege): "privilege:\(privilege.identifier)"
        case .temporary(let authorisation): "temporary:\(authorisation.state.rawValue):\(authorisation.validFrom)"
        case .supervisorLicense(let link):
            "supervisor:\(link.supervisor.rawValue):\(link.supervisorLicense.state.rawValue):\(link.supervisorLicense.number)"
        }
    }
}
