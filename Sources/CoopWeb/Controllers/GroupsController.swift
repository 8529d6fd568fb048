import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// Community education workshops (public pages, registration without an account, cancel links) and the signed-in
/// groups pages (peer support and group therapy: join with a chosen name, leave, roster and attendance, creation).
struct GroupsController {
    let groups: Groups
    /// Recurring groups, changes and cancellations.
    let schedule: GroupSchedule
    let renderer: PageRenderer

    init(services: CoopServices, catalog: Catalog, configuration: WebConfiguration, renderer: PageRenderer) {
        self.groups = Groups(services: services, messages: GroupEmails(catalog: catalog, configuration: configuration))
        self.schedule = GroupSchedule(
            services: services, zone: (try? IANATimeZone(configuration.timeZone.identifier)) ?? .utc,
            messages: GroupEmails(catalog: catalog, configuration: configuration),
            changeMessages: GroupSeriesEmails(catalog: catalog, configuration: configuration))
        self.renderer = renderer
    }

    enum URLs {
        static let workshops = "/workshops"
        static let groups = "/groups"
        static func workshop(_ id: GroupSessionID) -> String { "/workshops/\(id.rawValue)" }
        static func group(_ id: GroupSessionID) -> String { "/groups/\(id.rawValue)" }
        static func cancel(_ token: String) -> String { "/workshop-registrations/\(token)/cancel" }
    }

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: URLs.workshops)) { request, context in
            try await workshopsPage(zone: try zone(request.uri.queryParameters, context: context), context: context)
        }
        router.get("/workshops/:id") { request, context in
            let parameters = request.uri.queryParameters
            var done: String?
            switch parameters["done"] {
            case "confirmed": done = renderer.catalog.text("workshops.done_confirmed", context.language)
            case "waitlisted":
                let position = Int(parameters["position"] ?? "") ?? 0
                done = renderer.catalog.text("workshops.done_waitlisted", context.language, ["position": String(max(1, position))])
            default: done = nil
            }
            return try await workshopPage(try sessionID(context), zone: try zone(parameters, context: context), done: done, context: context)
        }
        router.post("/workshops/:id/register") { request, context in
            var request = request
            let id = try sessionID(context)
            let form = try await FormFields.read(&request, context: context)
            let language = Language(rawValue: form["language"]) ?? context.language
            let zone = (try? IANATimeZone(form["zone"])) ?? defaultZone(context)
            do {
                let outcome = try await groups.registerForWorkshop(id, name: form["name"], email: form["email"], language: language)
                let suffix: String
                switch outcome {
                case .confirmed: suffix = "?done=confirmed"
                case .waitlisted(let position): suffix = "?done=waitlisted&position=\(position)"
                }
                return Response.redirect(to: URLs.workshop(id) + suffix + "&zone=" + zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await workshopPage(id, zone: zone, done: nil, context: context, form: form, error: error)
            }
        }
        router.get("/workshop-registrations/:token/cancel") { _, context in
            let token = try context.parameters.require("token")
            let (session, registration) = try await groups.cancelLink(token)
            var model: [String: Any] = [
                "workshopTitle": session.title, "when": CareText.time(session.start, zone: defaultZone(context), language: context.language),
                "action": URLs.cancel(token), "isCancelled": registration.status == .cancelled,
            ]
            model["isLive"] = registration.status != .cancelled
            var response = renderer.render("workshop-cancel", title: "workshops.cancel_title", model: model, context: context)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.post("/workshop-registrations/:token/cancel") { _, context in
            let token = try context.parameters.require("token")
            try await groups.cancel(token: token)
            return Response.redirect(to: URLs.cancel(token))
        }
        addGroupRoutes(to: router)
        addSeriesRoutes(to: router)
    }

    /// The zone times are shown in when a page is not asked for another: the member's own, else the co-op's.
    func defaultZone(_ context: CoopRequestContext) -> IANATimeZone { renderer.viewerZone(context) }

    /// The viewer's zone from `?zone=`, else the member's own, else the co-op's; an unknown zone is refused with a
    /// clear message.
    func zone(_ parameters: Parameters, context: CoopRequestContext) throws -> IANATimeZone {
        let text = parameters["zone"].map(String.init) ?? ""
        return text.isEmpty ? defaultZone(context) : try IANATimeZone(text)
    }

    static func isFormError(_ error: any Error) -> Bool {
        error is GroupsError || error is SchedulingError || error is MemberError || error is GroupSeriesError
    }

    func sessionID(_ context: CoopRequestContext) throws -> GroupSessionID {
        guard let id = GroupSessionID(rawValue: try context.parameters.require("id")) else { throw GroupsError.sessionNotFound }
        return id
    }

    /// What every list and page shows about a session.
    func summary(_ session: GroupSessionRecord, zone: IANATimeZone, language: Language) -> [String: Any] {
        [
            "id": session.id.rawValue, "title": session.title, "description": session.description, "hasDescription": !session.description.isEmpty,
            "when": CareText.time(session.start, zone: zone, language: language),
            "minutes": String(Int(session.end.timeIntervalSince(session.start) / 60)),
            "where": renderer.catalog.text(session.online ? "workshops.online" : "workshops.in_person", language),
            "seatsLeft": session.seatsLeft, "seats": session.seats, "isFull": session.seatsLeft == 0,
            "seatsText": renderer.catalog.text(
                session.seatsLeft == 0 ? "workshops.full" : "workshops.seats_left", language,
                ["left": String(session.seatsLeft), "seats": String(session.seats), "waiting": String(session.waitlistCount)]
            ),
            "kind": renderer.catalog.text("groups.kind.\(session.kind.rawValue)", language),
            "facilitator": session.facilitatorName, "cancelled": session.cancelled,
            "workshopURL": URLs.workshop(session.id) + "?zone=" + zone.identifier.urlQueryEscaped,
            "groupURL": URLs.group(session.id) + "?zone=" + zone.identifier.urlQueryEscaped,
        ]
    }

    func zoneChoices(_ zone: IANATimeZone) -> [[String: Any]] {
        CareController.zones.map { ["value": $0, "selected": $0 == zone.identifier] }
    }

    func workshopsPage(zone: IANATimeZone, context: CoopRequestContext) async throws -> Response {
        let list = try await groups.upcomingWorkshops()
        let model: [String: Any] = [
            "workshops": list.map { summary($0, zone: zone, language: context.language) }, "hasWorkshops": !list.isEmpty,
            "zones": zoneChoices(zone), "zoneNote": renderer.catalog.text("therapists.times_in_zone", context.language, ["zone": zone.identifier]),
        ]
        return renderer.render("workshops", title: "workshops.title", model: model, context: context)
    }

    func workshopPage(
        _ id: GroupSessionID, zone: IANATimeZone, done: String?, context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil
    ) async throws -> Response {
        let session = try await groups.workshop(id)
        var model = summary(session, zone: zone, language: context.language)
        model["action"] = "/workshops/\(id.rawValue)/register"
        model["zone"] = zone.identifier
        model["zoneNote"] = renderer.catalog.text("therapists.times_in_zone", context.language, ["zone": zone.identifier])
        model["open"] = session.start > groups.now && !session.cancelled
        model["name"] = form?["name"] ?? ""
        model["email"] = form?["email"] ?? ""
        let chosen = form.flatMap { Language(rawValue: $0["language"]) } ?? context.language
        model["languages"] = Language.allCases.map {
            ["value": $0.rawValue, "name": renderer.catalog.text("language.\($0.rawValue)", context.language), "selected": $0 == chosen]
        }
        if let done { model["done"] = done }
        let status = renderer.note(error, in: &model, context: context)
        var response = renderer.render("workshop", title: session.title, model: model, status: status, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
