import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// The catalogue keys of the session settings' messages.
enum SessionText {
    /// `SchedulingError.invalidSetting` names → the message for that field.
    static let settingErrors = [
        "sessionMinutes": "session.error.length", "bufferBeforeMinutes": "session.error.buffer", "bufferAfterMinutes": "session.error.buffer",
        "startEveryMinutes": "session.error.length", "minimumNoticeMinutes": "session.error.notice", "maximumPerDay": "session.error.per_day",
        "maximumPerWeek": "session.error.per_week",
    ]
    /// Zones offered first on the form (the co-op's states); any other IANA name can be typed.
    static let commonZones = [
        "America/Los_Angeles", "America/Denver", "America/Phoenix", "America/Chicago", "America/New_York", "America/Anchorage", "Pacific/Honolulu",
    ]
}

extension CareController {
    func addSessionRoutes(to router: Router<CoopRequestContext>) {
        router.post("/account/availability/session") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            guard let me = context.actor.memberID else { throw AccessDenied(.notSignedIn) }
            do {
                try await care.setSessionChoices(try Self.sessionChoices(form), therapist: me, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.hours + "?done=saved")
            } catch let error where Self.isFormError(error) {
                return try await hoursPage(context: context, saved: false, form: form, error: error)
            }
        }
        router.post("/account/availability/extra-hours") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            guard let me = context.actor.memberID else { throw AccessDenied(.notSignedIn) }
            do {
                let day = try LocalDate(form["day"].trimmingCharacters(in: .whitespaces))
                let start = try LocalTime(form["start"].trimmingCharacters(in: .whitespaces))
                let end = try LocalTime(form["end"].trimmingCharacters(in: .whitespaces))
                if form["remove"] == "1" {
                    try await care.removeExtraHours(day, start: start, end: end, therapist: me, actor: context.actor, origin: context.origin)
                } else {
                    try await care.addExtraHours(day, start: start, end: end, therapist: me, actor: context.actor, origin: context.origin)
                }
                return Response.redirect(to: URLs.hours + "?done=saved")
            } catch let error where Self.isFormError(error) {
                return try await hoursPage(context: context, saved: false, error: error)
            }
        }
    }

    /// The session settings typed into the form. Minutes for length and buffers, hours for notice; empty caps mean none.
    static func sessionChoices(_ form: FormFields) throws -> SessionChoices {
        func whole(_ field: String, setting: String, empty: Int? = nil) throws -> Int? {
            let text = form[field].trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return empty }
            guard let value = Int(text) else { throw SchedulingError.invalidSetting(name: setting, value: -1) }
            return value
        }
        guard let length = try whole("session_minutes", setting: "sessionMinutes") else {
            throw SchedulingError.invalidSetting(name: "sessionMinutes", value: 0)
        }
        let noticeHours = try whole("notice_hours", setting: "minimumNoticeMinutes", empty: 0) ?? 0
        guard (0...(365 * 24)).contains(noticeHours) else { throw SchedulingError.invalidSetting(name: "minimumNoticeMinutes", value: noticeHours) }
        let settings = try SessionSettings(
            sessionMinutes: length, bufferBeforeMinutes: try whole("buffer_before", setting: "bufferBeforeMinutes", empty: 0) ?? 0,
            bufferAfterMinutes: try whole("buffer_after", setting: "bufferAfterMinutes", empty: 0) ?? 0, minimumNoticeMinutes: noticeHours * 60,
            maximumPerDay: try whole("per_day", setting: "maximumPerDay"), maximumPerWeek: try whole("per_week", setting: "maximumPerWeek")
        )
        return SessionChoices(zone: try IANATimeZone(form["zone"].trimmingCharacters(in: .whitespaces)), settings: settings)
    }

    /// The session settings and extra hours for the availability page (what was typed, when the form comes back).
    static func sessionModel(_ record: TherapistRecord, form: FormFields?) -> [String: Any] {
        let session = record.session
        func value(_ field: String, _ stored: String) -> String { String((form?[field] ?? stored).prefix(60)) }
        let zone = value("zone", record.zone.identifier)
        let extras = record.exceptions.compactMap { exception -> (LocalDate, LocalTime, LocalTime)? in
            if case .extraHours(let day, let start, let end) = exception { (day, start, end) } else { nil }
        }.sorted { $0.0 == $1.0 ? $0.1.minutes < $1.1.minutes : $0.0 < $1.0 }
        let zones: [String] = SessionText.commonZones.contains(zone) ? SessionText.commonZones : [zone] + SessionText.commonZones
        var model: [String: Any] = [:]
        model["sessionZone"] = zone
        model["zones"] = zones.map { item -> [String: Any] in ["value": item, "selected": item == zone] }
        model["sessionLength"] = value("session_minutes", String(session.sessionMinutes))
        model["bufferBefore"] = value("buffer_before", String(session.bufferBeforeMinutes))
        model["bufferAfter"] = value("buffer_after", String(session.bufferAfterMinutes))
        model["noticeHours"] = value("notice_hours", String(session.minimumNoticeMinutes / 60))
        model["perDay"] = value("per_day", session.maximumPerDay.map { String($0) } ?? "")
        model["perWeek"] = value("per_week", session.maximumPerWeek.map { String($0) } ?? "")
        model["extraHours"] = extras.map { item -> [String: Any] in ["day": item.0.description, "start": item.1.description, "end": item.2.description] }
        model["hasExtraHours"] = !extras.isEmpty
        return model
    }
}
