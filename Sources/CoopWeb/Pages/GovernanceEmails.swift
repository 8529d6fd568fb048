import CoopApp
import CoopDomain
import Foundation

/// Governance notification emails worded from the catalogues, in the recipient's language.
struct GovernanceEmails: GovernanceMessages {
    let catalog: Catalog
    let configuration: WebConfiguration

    func email(_ notice: GovernanceNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String) {
        let zone = zone?.timeZone ?? configuration.timeZone
        let base = configuration.publicURL
        switch notice {
        case .opened(let title, let id, let closes):
            let values = ["title": title, "link": "\(base)/proposals/\(id.rawValue)", "closes": time(closes, language, zone)]
            return (catalog.text("gov.email.opened_subject", language, values), catalog.text("gov.email.opened_body", language, values))
        case .closingSoon(let title, let id, let closes):
            let values = ["title": title, "link": "\(base)/proposals/\(id.rawValue)", "closes": time(closes, language, zone)]
            return (catalog.text("gov.email.closing_subject", language, values), catalog.text("gov.email.closing_body", language, values))
        case .closed(let title, let id, let status):
            let values = [
                "title": title, "link": "\(base)/decisions#poll-\(id.rawValue)", "status": catalog.text("gov.status.\(status.rawValue)", language),
            ]
            return (catalog.text("gov.email.closed_subject", language, values), catalog.text("gov.email.closed_body", language, values))
        }
    }

    /// A closing time in `zone` (the member's, else the co-op's), with the zone named.
    private func time(_ date: Date, _ language: Language, _ zone: TimeZone) -> String {
        ZonedTime.text(date, zone: zone, language: language, date: .abbreviated)
    }
}
