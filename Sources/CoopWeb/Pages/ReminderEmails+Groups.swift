import CoopApp
import CoopDomain
import Foundation

extension ReminderEmails {
    /// A group session or workshop reminder: the participant's registered (or chosen) name, the time in the member's own
    /// zone (the co-op's for guests and members who chose none) with the zone named, and a link. Workshops and peer groups are
    /// named by their title; a therapy group's reminder says only "your group session", nothing clinical, and no
    /// reminder names any other participant.
    func groupEmail(start: Date, name: String, title: String?, kind: GroupKind, session: GroupSessionID, zone: TimeZone?, language: Language) -> (
        subject: String, body: String
    ) {
        let zone = zone ?? configuration.timeZone
        let when = ZonedTime.text(start, zone: zone, language: language, date: .complete, namingZone: true)
        let path = kind == .workshop ? "workshops" : "groups"
        var values = ["name": name, "when": when, "link": "\(configuration.publicURL)/\(path)/\(session.rawValue)"]
        if let title, !kind.isClinical {
            values["title"] = title
            return (catalog.text("lead.email.titled_subject", language, values), catalog.text("lead.email.titled_body", language, values))
        }
        return (catalog.text("lead.email.group_subject", language, values), catalog.text("lead.email.group_body", language, values))
    }
}
