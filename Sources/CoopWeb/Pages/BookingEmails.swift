import CoopApp
import CoopDomain
import Foundation

/// Booking, move and cancellation emails, and the client's calendar invitation title, worded from the catalogues in
/// the recipient's language with times in their zone. The therapist's copy holds the time and a link only.
struct BookingEmails: BookingMessages {
    let catalog: Catalog
    let configuration: WebConfiguration

    func email(_ notice: BookingNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String) {
        let zone = zone?.timeZone ?? configuration.timeZone
        let many = notice.starts.count > 1
        let key = (notice.forClinician ? "clinician_" : "") + notice.change.rawValue + (many ? "_many" : "")
        var values = [
            "when": notice.starts.first.map { time($0, zone, language) } ?? "",
            "dates": notice.starts.map { "- " + time($0, zone, language) }.joined(separator: "\n"),
            "count": String(notice.starts.count), "minutes": String(notice.minutes),
            "link": "\(configuration.publicURL)/appointments",
            "therapist": notice.therapistName ?? "",
            "from": notice.previousStart.map { time($0, zone, language) } ?? "",
            "fee": "",
        ]
        if notice.fee > .zero { values["fee"] = " " + catalog.text("notice.fee", language, ["fee": notice.fee.description]) }
        return (catalog.text("notice.\(key)_subject", language, values), catalog.text("notice.\(key)_body", language, values))
    }

    func calendarSummary(therapistName: String, language: Language) -> String {
        catalog.text("notice.calendar_summary", language, ["therapist": therapistName])
    }

    /// A time with its weekday and zone named ("Tuesday, January 6, 2026 at 10:00 AM PST").
    private func time(_ date: Date, _ zone: TimeZone, _ language: Language) -> String {
        ZonedTime.text(date, zone: zone, language: language, date: .complete)
    }
}
