import CoopApp
import CoopDomain
import Foundation

/// Group and workshop emails worded from the catalogues, with links to the public address.
struct GroupEmails: GroupMessages {
    let catalog: Catalog
    let configuration: WebConfiguration

    func email(_ notice: GroupNotice, language: Language) -> (subject: String, body: String) {
        let base = configuration.publicURL
        switch notice {
        case .confirmed(let title, let start, let session, let token):
            let values = ["title": title, "when": time(start, language), "link": link(session, token: token)]
            return (catalog.text("workshops.email.confirmed_subject", language, values), catalog.text("workshops.email.confirmed_body", language, values))
        case .waitlisted(let title, let start, let session, let position, let token):
            let values = ["title": title, "when": time(start, language), "position": String(position), "link": link(session, token: token)]
            return (catalog.text("workshops.email.waitlisted_subject", language, values), catalog.text("workshops.email.waitlisted_body", language, values))
        case .promoted(let title, let start, let session, let workshop):
            let values = ["title": title, "when": time(start, language), "link": "\(base)/\(workshop ? "workshops" : "groups")/\(session.rawValue)"]
            return (catalog.text("workshops.email.promoted_subject", language, values), catalog.text("workshops.email.promoted_body", language, values))
        case .cancelled(let title, _):
            let values = ["title": title]
            return (catalog.text("workshops.email.cancelled_subject", language, values), catalog.text("workshops.email.cancelled_body", language, values))
        }
    }

    /// The cancel link for a guest, or the group's page for a member.
    private func link(_ session: GroupSessionID, token: String?) -> String {
        if let token { return "\(configuration.publicURL)/workshop-registrations/\(token)/cancel" }
        return "\(configuration.publicURL)/groups/\(session.rawValue)"
    }

    private func time(_ date: Date, _ language: Language) -> String {
        ZonedTime.text(date, zone: configuration.timeZone, language: language, date: .abbreviated)
    }
}
