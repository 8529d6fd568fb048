import CoopApp
import CoopDomain
import Foundation

/// Session and credential-expiry reminder emails worded from the catalogues, in the recipient's language.
/// A session reminder holds only the time and a link: no names, no reason for the session, nothing clinical.
struct ReminderEmails: ReminderMessages {
    let catalog: Catalog
    let configuration: WebConfiguration

    func email(_ notice: ReminderNotice, language: Language) -> (subject: String, body: String) {
        let base = configuration.publicURL
        switch notice {
        case .session(let start, let minutes, let zone, let forClinician):
            let values = ["when": time(start, zone ?? configuration.timeZone, language), "minutes": String(minutes), "link": "\(base)/appointments"]
            let kind = forClinician ? "clinician" : "client"
            return (catalog.text("reminders.session_subject", language, values), catalog.text("reminders.session_body_\(kind)", language, values))
        case .credentialExpiry(let expiry):
            let values = [
                "credential": Self.describe(expiry, catalog: catalog, language: language), "date": expiry.lastValidDay.description,
                "days": String(expiry.daysLeft), "link": "\(base)/account/availability",
            ]
            return (catalog.text("reminders.credential_subject", language, values), catalog.text("reminders.credential_body", language, values))
        case .groupSession(let start, let name, let title, let kind, let session, let zone):
            return groupEmail(start: start, name: name, title: title, kind: kind, session: session, zone: zone, language: language)
        }
    }

    /// The notice shown on the therapist's availability page.
    static func notice(_ notice: ExpiryNotice, catalog: Catalog, language: Language) -> String {
        catalog.text(
            "reminders.notice", language,
            ["credential": describe(notice, catalog: catalog, language: language), "date": notice.lastValidDay.description, "days": String(notice.daysLeft)]
        )
    }

    /// What expires, in words: "LMFT licence CA 12345".
    static func describe(_ notice: ExpiryNotice, catalog: Catalog, language: Language) -> String {
        switch notice.item {
        case .license(let licence):
            catalog.text("reminders.item_license", language, ["type": licence.type.rawValue, "state": licence.state.rawValue, "number": licence.number])
        case .privilege(let privilege):
            catalog.text("reminders.item_privilege", language, ["id": privilege.identifier])
        case .temporary(let authorisation):
            catalog.text("reminders.item_temporary", language, ["state": authorisation.state.rawValue])
        case .supervisorLicense(let link):
            catalog.text("reminders.item_supervisor", language, ["state": link.supervisorLicense.state.rawValue, "number": link.supervisorLicense.number])
        }
    }

    private func time(_ date: Date, _ zone: TimeZone, _ language: Language) -> String {
        ZonedTime.text(date, zone: zone, language: language, date: .complete)
    }
}
