import CoopApp
import CoopDomain
import Foundation

/// Change and cancellation emails for group sessions and workshops, worded from the catalogues. The time is in the
/// co-op's zone with the zone named, as group reminders show it (participants' own zones are not stored). A therapy
/// group's email names no title or description: only "your group session".
struct GroupSeriesEmails: GroupChangeMessages {
    let catalog: Catalog
    let configuration: WebConfiguration

    func email(_ notice: GroupChangeNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String) {
        let zone = zone?.timeZone ?? configuration.timeZone
        func time(_ date: Date, _ language: Language) -> String { self.time(date, language, zone) }
        switch notice {
        case .changed(let name, let title, let start, let minutes, let online, let fields, let session, let kind):
            var values = [
                "name": name, "when": time(start, language), "minutes": String(minutes),
                "place": catalog.text(online ? "workshops.online" : "workshops.in_person", language),
                "changes": fields.map { catalog.text("gseries.field.\($0.rawValue)", language) }.joined(separator: ", "),
                "link": link(session, kind: kind),
            ]
            if let title, !kind.isClinical {
                values["title"] = title
                return (catalog.text("gseries.email.changed_titled_subject", language, values), catalog.text("gseries.email.changed_titled_body", language, values))
            }
            return (catalog.text("gseries.email.changed_subject", language, values), catalog.text("gseries.email.changed_body", language, values))
        case .cancelled(let name, let title, let start, let reason, let session, let kind):
            var values = ["name": name, "when": time(start, language), "link": link(session, kind: kind)]
            values["reason"] = reason.isEmpty ? "" : catalog.text("gseries.email.reason_line", language, ["reason": reason])
            if let title, !kind.isClinical {
                values["title"] = title
                return (
                    catalog.text("gseries.email.cancelled_titled_subject", language, values), catalog.text("gseries.email.cancelled_titled_body", language, values)
                )
            }
            return (catalog.text("gseries.email.cancelled_subject", language, values), catalog.text("gseries.email.cancelled_body", language, values))
        case .seatGiven(let name, let start, let session):
            let values = ["name": name, "when": time(start, language), "link": link(session, kind: .therapyGroup)]
            return (catalog.text("gseries.email.seat_subject", language, values), catalog.text("gseries.email.seat_body", language, values))
        }
    }

    private func link(_ session: GroupSessionID, kind: GroupKind) -> String {
        "\(configuration.publicURL)/\(kind == .workshop ? "workshops" : "groups")/\(session.rawValue)"
    }

    /// A time in `zone` (the member's, else the co-op's), with the zone named.
    private func time(_ date: Date, _ language: Language, _ zone: TimeZone) -> String {
        ZonedTime.text(date, zone: zone, language: language, date: .complete, namingZone: true)
    }
}
