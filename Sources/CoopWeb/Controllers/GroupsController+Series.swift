import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// Recurring groups on the create form, a series' dates on a group's page, and the facilitator's or coordinator's
/// change and cancel forms (`/groups/{id}/change`, `/groups/{id}/cancel`).
extension GroupsController {
    func addSeriesRoutes(to router: Router<CoopRequestContext>) {
        router.get("/groups/:id/change") { request, context in
            try await changePage(try sessionID(context), zone: try zone(request.uri.queryParameters, context: context), context: context)
        }
        router.post("/groups/:id/change") { request, context in
            var request = request
            let id = try sessionID(context)
            let form = try await FormFields.read(&request, context: context)
            let zone = (try? IANATimeZone(form["zone"])) ?? defaultZone(context)
            do {
                let edit = try Self.edit(form, zone: zone)
                let scope = try GroupScope.parse(form["scope"])
                try await schedule.change(id, edit: edit, scope: scope, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.group(id) + "?done=changed&zone=" + zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await changePage(id, zone: zone, context: context, form: form, error: error)
            }
        }
        router.get("/groups/:id/cancel") { request, context in
            try await cancelPage(try sessionID(context), zone: try zone(request.uri.queryParameters, context: context), context: context)
        }
        router.post("/groups/:id/cancel") { request, context in
            var request = request
            let id = try sessionID(context)
            let form = try await FormFields.read(&request, context: context)
            let zone = (try? IANATimeZone(form["zone"])) ?? defaultZone(context)
            do {
                let scope = try GroupScope.parse(form["scope"])
                try await schedule.cancel(id, reason: form["reason"], scope: scope, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.group(id) + "?done=cancelled&zone=" + zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await cancelPage(id, zone: zone, context: context, form: form, error: error)
            }
        }
    }

    /// The change form's fields: title, description, start (a local date and time in `zone`), minutes, seats, place.
    static func edit(_ form: FormFields, zone: IANATimeZone) throws -> GroupSessionEdit {
        let text = form["start"].trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "T")
        guard parts.count == 2, let date = try? LocalDate(String(parts[0])), let time = try? LocalTime(String(parts[1].prefix(5))),
            let start = zone.resolve(date, time).firstOccurrence
        else { throw GroupsError.invalidStart }
        guard let minutes = Int(form["minutes"].trimmingCharacters(in: .whitespaces)) else {
            throw GroupsError.invalidDuration(minimum: Groups.durationRange.lowerBound, maximum: Groups.durationRange.upperBound)
        }
        guard let seats = Int(form["seats"].trimmingCharacters(in: .whitespaces)) else {
            throw GroupsError.invalidSeats(minimum: Groups.seatRange.lowerBound, maximum: Groups.seatRange.upperBound)
        }
        return GroupSessionEdit(
            title: form["title"], description: form["description"], start: start, durationMinutes: minutes, seats: seats,
            online: form["where"] != "in-person")
    }

    /// The create form's "Repeats" and "Number of meetings" fields.
    func addRepeatFields(to model: inout [String: Any], form: FormFields?, language: Language) {
        let chosen = form.flatMap { GroupRepeat(rawValue: $0["repeats"]) } ?? .once
        model["repeatChoices"] = GroupRepeat.allCases.map {
            ["value": $0.rawValue, "name": renderer.catalog.text("gseries.repeat.\($0.rawValue)", language), "selected": $0 == chosen]
        }
        model["count_value"] = form?["count"] ?? "4"
    }

    /// A group page's series dates (in the viewer's zone), cancellation, and the facilitator's links.
    func addSeriesDetails(to model: inout [String: Any], session: GroupSessionRecord, runs: Bool, zone: IANATimeZone, language: Language) async throws {
        let view = try await schedule.view(session.id)
        model["hasSeries"] = !view.series.isEmpty
        model["series"] = view.series.map { meeting -> [String: Any] in
            [
                "when": CareText.time(meeting.start, zone: zone, language: language), "cancelled": meeting.cancelled, "current": meeting.id == session.id,
                "groupURL": URLs.group(meeting.id) + "?zone=" + zone.identifier.urlQueryEscaped,
            ]
        }
        let now = groups.now
        model["hasFollowing"] = view.series.contains { $0.start > session.start && $0.start > now && !$0.cancelled }
        model["cancelled"] = session.cancelled
        model["cancelReason"] = view.cancellation?.reason ?? ""
        model["canManage"] = runs && !session.cancelled && session.start > now
        if session.cancelled { model["started"] = false }
    }

    func changePage(_ id: GroupSessionID, zone: IANATimeZone, context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil) async throws
        -> Response
    {
        let language = context.language
        let (session, inSeries) = try await manageable(id, context: context, change: true, fresh: form == nil)
        var model = summary(session, zone: zone, language: language)
        let local = zone.local(at: session.start)
        model["title_value"] = form?["title"] ?? session.title
        model["description_value"] = form?["description"] ?? session.description
        model["start_value"] = form?["start"] ?? "\(local.date)T\(local.time)"
        model["minutes_value"] = form?["minutes"] ?? String(Int(session.end.timeIntervalSince(session.start) / 60))
        model["seats_value"] = form?["seats"] ?? String(session.seats)
        model["seatsHint"] = renderer.catalog.text("gseries.seats_hint", language, ["confirmed": String(session.confirmedCount)])
        model["inPerson"] = form.map { $0["where"] == "in-person" } ?? !session.online
        model["zones"] = zoneChoices(zone)
        model["zone"] = zone.identifier
        model["inSeries"] = inSeries
        model["following"] = form?["scope"] == GroupScope.following.rawValue
        let status = renderer.note(error, in: &model, context: context)
        var response = renderer.render("group-change", title: "gseries.change_title", model: model, status: status, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func cancelPage(_ id: GroupSessionID, zone: IANATimeZone, context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil) async throws
        -> Response
    {
        let language = context.language
        let (session, inSeries) = try await manageable(id, context: context, change: false, fresh: form == nil)
        var model = summary(session, zone: zone, language: language)
        model["zone"] = zone.identifier
        model["reason_value"] = form?["reason"] ?? ""
        model["inSeries"] = inSeries
        model["following"] = form?["scope"] == GroupScope.following.rawValue
        let status = renderer.note(error, in: &model, context: context)
        var response = renderer.render("group-cancel", title: "gseries.cancel_title", model: model, status: status, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The session behind a change or cancel form, after the policy check (a refusal is audited), and whether it
    /// belongs to a series. A `fresh` form (not one shown again with a message) is not offered for a cancelled session.
    private func manageable(_ id: GroupSessionID, context: CoopRequestContext, change: Bool, fresh: Bool) async throws -> (GroupSessionRecord, Bool) {
        let view = try await groups.group(id, actor: context.actor, origin: context.origin)
        let session = view.session
        let action: GroupAction =
            change ? .changeSession(session.kind, facilitator: session.facilitator) : .cancelSession(session.kind, facilitator: session.facilitator)
        try await schedule.authorize(context.actor, action, origin: context.origin)
        if fresh && session.cancelled { throw change ? GroupSeriesError.sessionCancelled : GroupSeriesError.alreadyCancelled }
        let details = try await schedule.view(id)
        return (session, !details.series.isEmpty)
    }
}
