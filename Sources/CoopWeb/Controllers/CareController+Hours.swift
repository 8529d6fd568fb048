import CoopApp
import CoopDomain
import Foundation
import Hummingbird

extension CareController {
    /// Windows offered per weekday on the hours form.
    static let windowsPerDay = 2

    func addHoursRoutes(to router: Router<CoopRequestContext>) {
        addDayOffRoutes(to: router)
        addSessionRoutes(to: router)
        router.get(RouterPath(stringLiteral: URLs.hours)) { request, context in
            try await hoursPage(context: context, saved: request.uri.queryParameters["done"] == "saved")
        }
        router.post(RouterPath(stringLiteral: URLs.hours)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            guard let me = context.actor.memberID else { throw AccessDenied(.notSignedIn) }
            do {
                try await care.setWeeklyHours(try Self.weekly(form), therapist: me, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.hours + "?done=saved")
            } catch let error where Self.isFormError(error) {
                return try await hoursPage(context: context, saved: false, form: form, error: error)
            }
        }
    }

    func addDayOffRoutes(to router: Router<CoopRequestContext>) {
        router.post("/account/availability/days-off") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            guard let me = context.actor.memberID else { throw AccessDenied(.notSignedIn) }
            do {
                let day = try LocalDate(form["day"].trimmingCharacters(in: .whitespaces))
                if form["remove"] == "1" {
                    try await care.removeDayOff(day, therapist: me, actor: context.actor, origin: context.origin)
                } else {
                    try await care.addDayOff(day, therapist: me, actor: context.actor, origin: context.origin)
                }
                return Response.redirect(to: URLs.hours + "?done=saved")
            } catch let error where Self.isFormError(error) {
                return try await hoursPage(context: context, saved: false, error: error)
            }
        }
    }

    /// The weekly rules typed into the form: `start-{weekday}-{n}` and `end-{weekday}-{n}` as HH:MM; both empty skips a window.
    static func weekly(_ form: FormFields) throws -> [WeeklyRule] {
        var rules: [WeeklyRule] = []
        for weekday in Weekday.allCases {
            for window in 1...windowsPerDay {
                let start = form["start-\(weekday.rawValue)-\(window)"].trimmingCharacters(in: .whitespaces)
                let end = form["end-\(weekday.rawValue)-\(window)"].trimmingCharacters(in: .whitespaces)
                if start.isEmpty && end.isEmpty { continue }
                rules.append(WeeklyRule(weekday, try LocalTime(start), try LocalTime(end)))
            }
        }
        return rules
    }

    func hoursPage(context: CoopRequestContext, saved: Bool, form: FormFields? = nil, error: (any Error)? = nil) async throws -> Response {
        let language = context.language
        let record = try await care.ownProfile(actor: context.actor, origin: context.origin)
        var model: [String: Any] = ["hasProfile": record != nil]
        if let record {
            model.merge(Self.sessionModel(record, form: form)) { _, new in new }
            let expiring = care.expiringCredentials(of: record)
            model["hasExpiring"] = !expiring.isEmpty
            model["expiring"] = expiring.map { ReminderEmails.notice($0, catalog: renderer.catalog, language: language) }
            model["zone"] = record.zone.identifier
            model["sessionMinutes"] = record.session.sessionMinutes
            model["days"] = Weekday.allCases.map { weekday -> [String: Any] in
                let stored = record.weekly.filter { $0.weekday == weekday }
                return [
                    "name": renderer.catalog.text("care.weekday.\(weekday.rawValue)", language),
                    "windows": (1...Self.windowsPerDay).map { window -> [String: Any] in
                        let startField = "start-\(weekday.rawValue)-\(window)", endField = "end-\(weekday.rawValue)-\(window)"
                        let rule = stored.count >= window ? stored[window - 1] : nil
                        return [
                            "startField": startField, "endField": endField, "number": window,
                            "start": form?[startField] ?? rule.map { $0.start.description } ?? "",
                            "end": form?[endField] ?? rule.map { $0.end.description } ?? "",
                        ]
                    },
                ]
            }
        }
        let daysOff = (record?.exceptions ?? []).compactMap { exception -> String? in
            if case .dayOff(let day) = exception { return day.description } else { return nil }
        }.sorted()
        model["daysOff"] = daysOff.map { ["day": $0] }
        model["hasDaysOff"] = !daysOff.isEmpty
        if saved { model["done"] = renderer.catalog.text("care.hours_saved", language) }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("availability", title: "care.hours_title", model: model, status: status, context: context)
    }
}
