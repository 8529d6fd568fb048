import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

extension GroupsController {
    func addGroupRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: URLs.groups)) { request, context in
            try await groupsPage(zone: try zone(request.uri.queryParameters, context: context), context: context)
        }
        router.post(RouterPath(stringLiteral: URLs.groups)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let zone = (try? IANATimeZone(form["zone"])) ?? defaultZone(context)
            do {
                let draft = try Self.draft(form, zone: zone)
                let repeats = try GroupRepeat.parse(form["repeats"])
                let count = try GroupSeriesPlan.parseCount(form["count"], repeats: repeats)
                let ids = try await schedule.create(draft, repeats: repeats, count: count, actor: context.actor, origin: context.origin)
                guard let id = ids.first else { throw GroupsError.sessionNotFound }
                return Response.redirect(to: URLs.group(id) + "?done=created&zone=" + zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await groupsPage(zone: zone, context: context, form: form, error: error)
            }
        }
        router.get("/groups/:id") { request, context in
            let parameters = request.uri.queryParameters
            let done = parameters["done"].map(String.init).flatMap {
                ["created", "joined", "waitlisted", "left", "attendance", "changed", "cancelled"].contains($0) ? $0 : nil
            }
            return try await groupPage(try sessionID(context), zone: try zone(parameters, context: context), done: done, context: context)
        }
        router.post("/groups/:id/join") { request, context in
            var request = request
            let id = try sessionID(context)
            let form = try await FormFields.read(&request, context: context)
            let zone = (try? IANATimeZone(form["zone"])) ?? defaultZone(context)
            do {
                let outcome = try await schedule.join(
                    id, chosenName: form["chosen_name"], allFollowing: form["all_following"] == "yes", actor: context.actor, origin: context.origin)
                let done = outcome == .confirmed ? "joined" : "waitlisted"
                return Response.redirect(to: URLs.group(id) + "?done=\(done)&zone=" + zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await groupPage(id, zone: zone, done: nil, context: context, form: form, error: error)
            }
        }
        router.post("/groups/:id/leave") { request, context in
            var request = request
            let id = try sessionID(context)
            let form = try await FormFields.read(&request, context: context)
            let zone = (try? IANATimeZone(form["zone"])) ?? defaultZone(context)
            do {
                try await schedule.leave(id, allFollowing: form["all_following"] == "yes", actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.group(id) + "?done=left&zone=" + zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await groupPage(id, zone: zone, done: nil, context: context, error: error)
            }
        }
        router.post("/groups/:id/attendance") { request, context in
            var request = request
            let id = try sessionID(context)
            let form = try await FormFields.read(&request, context: context)
            let zone = (try? IANATimeZone(form["zone"])) ?? defaultZone(context)
            do {
                let attended = Set(form.all("attended").compactMap(RegistrationID.init(rawValue:)))
                try await groups.recordAttendance(id, attended: attended, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.group(id) + "?done=attendance&zone=" + zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await groupPage(id, zone: zone, done: nil, context: context, error: error)
            }
        }
    }

    /// The creation form's fields: kind, title, description, start (a local date and time in `zone`), minutes, seats,
    /// online or in person.
    static func draft(_ form: FormFields, zone: IANATimeZone) throws -> GroupDraft {
        guard let kind = GroupKind(rawValue: form["kind"]) else { throw HTTPError(.badRequest) }
        // The fields a session's change form has too, read the same way.
        let fields = try edit(form, zone: zone)
        return GroupDraft(
            kind: kind, title: fields.title, description: fields.description, start: fields.start, durationMinutes: fields.durationMinutes,
            seats: fields.seats, online: fields.online
        )
    }

    func groupsPage(zone: IANATimeZone, context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil) async throws -> Response {
        let language = context.language
        let (joinable, mine) = try await groups.list(actor: context.actor, origin: context.origin)
        var model: [String: Any] = [
            "open": joinable.map { summary($0, zone: zone, language: language) }, "hasOpen": !joinable.isEmpty,
            "mine": mine.map { summary($0, zone: zone, language: language) }, "hasMine": !mine.isEmpty,
            "zone": zone.identifier, "zones": zoneChoices(zone),
            "zoneNote": renderer.catalog.text("therapists.times_in_zone", language, ["zone": zone.identifier]),
        ]
        let kinds = GroupKind.allCases.filter { GroupPolicy.decide(context.actor, .create($0)).isAllowed }
        model["canCreate"] = !kinds.isEmpty
        let chosenKind = form.flatMap { GroupKind(rawValue: $0["kind"]) } ?? kinds.first
        model["kinds"] = kinds.map { ["value": $0.rawValue, "name": renderer.catalog.text("groups.kind.\($0.rawValue)", language), "selected": $0 == chosenKind] }
        model["title_value"] = form?["title"] ?? ""
        model["description_value"] = form?["description"] ?? ""
        model["start_value"] = form?["start"] ?? ""
        model["minutes_value"] = form?["minutes"] ?? "90"
        model["seats_value"] = form?["seats"] ?? "12"
        model["inPerson"] = form?["where"] == "in-person"
        addRepeatFields(to: &model, form: form, language: language)
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("groups", title: "groups.title", model: model, status: status, context: context)
    }

    func groupPage(
        _ id: GroupSessionID, zone: IANATimeZone, done: String?, context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil
    ) async throws -> Response {
        let language = context.language
        let view = try await groups.group(id, actor: context.actor, origin: context.origin)
        let session = view.session
        var model = summary(session, zone: zone, language: language)
        model["zone"] = zone.identifier
        model["zoneNote"] = renderer.catalog.text("therapists.times_in_zone", language, ["zone": zone.identifier])
        model["isWorkshop"] = session.kind == .workshop
        model["isClinical"] = session.kind.isClinical
        model["allowsChosenNames"] = session.kind.allowsChosenNames
        let started = groups.now >= session.start
        if let mine = view.mine {
            model["mine"] = [
                "status": renderer.catalog.text("groups.status.\(mine.status.rawValue)", language), "name": mine.name,
            ]
        } else if view.canJoin && !started {
            model["canJoin"] = true
            model["chosen_value"] = form?["chosen_name"] ?? ""
        }
        if let roster = view.roster {
            model["runs"] = true
            model["started"] = started
            model["roster"] = roster.map { registration -> [String: Any] in
                [
                    "id": registration.id.rawValue, "name": registration.name, "chosen": registration.chosen,
                    "status": renderer.catalog.text("groups.status.\(registration.status.rawValue)", language),
                    "confirmed": registration.status == .confirmed, "attended": registration.attendance == .attended,
                    "attendance": renderer.catalog.text("groups.attendance.\(registration.attendance.rawValue)", language),
                ]
            }
            model["hasRoster"] = !roster.isEmpty
        }
        if let done { model["done"] = renderer.catalog.text(done == "changed" || done == "cancelled" ? "gseries.done.\(done)" : "groups.done.\(done)", language) }
        try await addSeriesDetails(to: &model, session: session, runs: view.roster != nil, zone: zone, language: language)
        let status = renderer.note(error, in: &model, context: context)
        var response = renderer.render("group", title: session.title, model: model, status: status, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
