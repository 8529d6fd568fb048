import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// Waitlists (join, place in line, leave, staff view), offers (accept, decline) and recurring series (book, change
/// this and all following). Every decision is the use case's; this turns HTTP into its verbs.
struct WaitlistController {
    let care: CareAccess
    let renderer: PageRenderer
    var pages: CareController { CareController(care: care, renderer: renderer) }

    enum URLs {
        static let waitlist = "/waitlist"
    }

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: URLs.waitlist)) { request, context in
            try await waitlistPage(done: request.uri.queryParameters["done"].map(String.init), context: context)
        }
        router.post(RouterPath(stringLiteral: URLs.waitlist)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let therapist = form["therapist"].isEmpty ? nil : MemberID(rawValue: form["therapist"])
            if !form["therapist"].isEmpty && therapist == nil { throw CareAccessError.therapistNotFound }
            do {
                try await care.joinWaitlist(try Self.request(form, therapist: therapist, defaultZone: pages.defaultZone(context)), actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.waitlist + "?done=joined")
            } catch let error where Self.isFormError(error) {
                return try await waitlistPage(done: nil, context: context, form: form, error: error)
            }
        }
        router.post("/waitlist/:id/leave") { _, context in
            guard let id = WaitlistEntryID(rawValue: try context.parameters.require("id")) else { throw WaitlistError.entryNotFound }
            do {
                try await care.leaveWaitlist(id, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.waitlist + "?done=left")
            } catch let error where Self.isFormError(error) {
                return try await waitlistPage(done: nil, context: context, error: error)
            }
        }
        router.post("/waitlist/offers/:id/accept") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                try await care.acceptOffer(try context.parameters.require("id"), actor: context.actor, origin: context.origin)
                return Response.redirect(to: CareController.URLs.appointments + "?done=booked" + Self.zoneQuery(form))
            } catch let error where Self.isFormError(error) {
                return try await answerFailed(form, context: context, error: error)
            }
        }
        router.post("/waitlist/offers/:id/decline") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                try await care.declineOffer(try context.parameters.require("id"), actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.waitlist + "?done=declined")
            } catch let error where Self.isFormError(error) {
                return try await answerFailed(form, context: context, error: error)
            }
        }
        addSeriesRoutes(to: router)
    }

    func addSeriesRoutes(to router: Router<CoopRequestContext>) {
        router.post("/therapists/:id/series") { request, context in
            var request = request
            guard let id = MemberID(rawValue: try context.parameters.require("id")) else { throw CareAccessError.therapistNotFound }
            let form = try await FormFields.read(&request, context: context)
            let viewer = (try? Viewer(form, defaultZone: pages.defaultZone(context))) ?? Viewer(zone: pages.defaultZone(context))
            do {
                // An end date, when given, is used instead of the number of sessions.
                let untilText = form["until"].trimmingCharacters(in: .whitespaces)
                let until: LocalDate?
                do {
                    until = untilText.isEmpty ? nil : try LocalDate(untilText)
                } catch {
                    throw WaitlistError.invalidSeriesEnd(maximum: CareAccess.maximumSeriesSessions)
                }
                let count = Int(form["count"].trimmingCharacters(in: .whitespaces))
                guard until != nil || count != nil else {
                    throw WaitlistError.invalidSeriesLength(maximum: CareAccess.maximumSeriesSessions)
                }
                guard let frequency = RecurrenceRule.Frequency(rawValue: form["frequency"]) else { throw WaitlistError.unknownFrequency }
                let command = try SeriesCommand(
                    therapist: id, start: CareController.start(form["start"]), frequency: frequency, count: count ?? 0, clientState: USState(code: form["state"]),
                    clientZone: viewer.zone, delivery: Delivery(rawValue: form["delivery"]) ?? .telehealth, clientEmail: form["client_email"],
                    skipTaken: form["skip_taken"] == "1", until: until
                )
                let booked = try await care.bookSeries(command, actor: context.actor, origin: context.origin)
                let done = booked.skipped.isEmpty ? "series" : "series-partial"
                return Response.redirect(to: CareController.URLs.appointments + "?done=\(done)&zone=" + viewer.zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await pages.therapistPage(id, viewer: viewer, context: context, error: error)
            }
        }
        router.post("/appointments/:id/cancel-following") { request, context in
            var request = request
            let id = try appointmentID(context)
            let form = try await FormFields.read(&request, context: context)
            let viewer = (try? Viewer(form, defaultZone: pages.defaultZone(context))) ?? Viewer(zone: pages.defaultZone(context))
            do {
                try await care.cancelFollowing(id, actor: context.actor, origin: context.origin)
                return Response.redirect(to: CareController.URLs.appointments + "?done=cancelled&zone=" + viewer.zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await pages.appointmentsPage(viewer: viewer, done: nil, context: context, error: error)
            }
        }
        router.post("/appointments/:id/move-following") { request, context in
            var request = request
            let id = try appointmentID(context)
            let form = try await FormFields.read(&request, context: context)
            let viewer = (try? Viewer(form, defaultZone: pages.defaultZone(context))) ?? Viewer(zone: pages.defaultZone(context))
            do {
                guard let number = Int(form["weekday"]), let weekday = Weekday(rawValue: number) else { throw SchedulingError.invalidDate(form["weekday"]) }
                let time = try LocalTime(form["time"].trimmingCharacters(in: .whitespaces))
                try await care.moveFollowing(id, weekday: weekday, time: time, actor: context.actor, origin: context.origin)
                return Response.redirect(to: CareController.URLs.appointments + "?done=moved&zone=" + viewer.zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await pages.appointmentsPage(viewer: viewer, done: nil, context: context, error: error)
            }
        }
    }

    static func isFormError(_ error: any Error) -> Bool { CareController.isFormError(error) || error is WaitlistError }

    static func zoneQuery(_ form: FormFields) -> String {
        form["zone"].isEmpty ? "" : "&zone=" + form["zone"].urlQueryEscaped
    }

    /// An answer that failed is explained on the page it came from.
    private func answerFailed(_ form: FormFields, context: CoopRequestContext, error: any Error) async throws -> Response {
        if form["from"] == "appointments" {
            let viewer = (try? Viewer(form, defaultZone: pages.defaultZone(context))) ?? Viewer(zone: pages.defaultZone(context))
            return try await pages.appointmentsPage(viewer: viewer, done: nil, context: context, error: error)
        }
        return try await waitlistPage(done: nil, context: context, error: error)
    }

    private func appointmentID(_ context: CoopRequestContext) throws -> AppointmentID {
        guard let id = AppointmentID(rawValue: try context.parameters.require("id")) else { throw CareAccessError.appointmentNotFound }
        return id
    }

    /// The join form's fields as a request: state, language, windows per weekday, dates, kind of session.
    static func request(_ form: FormFields, therapist: MemberID?, defaultZone: IANATimeZone) throws -> WaitlistRequest {
        let zone = form["zone"].isEmpty ? defaultZone : try IANATimeZone(form["zone"])
        let language = form["language"].trimmingCharacters(in: .whitespaces)
        var windows: [WaitlistWindow] = []
        for weekday in Weekday.allCases {
            let from = form["from-\(weekday.rawValue)"].trimmingCharacters(in: .whitespaces)
            let to = form["to-\(weekday.rawValue)"].trimmingCharacters(in: .whitespaces)
            if from.isEmpty && to.isEmpty { continue }
            do {
                windows.append(try WaitlistWindow(weekday, LocalTime(from), LocalTime(to)))
            } catch {
                throw WaitlistError.invalidWindow
            }
        }
        func date(_ name: String) throws -> LocalDate? {
            let text = form[name].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : try LocalDate(text)
        }
        guard let modality = Modality(rawValue: form["modality"].isEmpty ? "individual" : form["modality"]),
            let delivery = Delivery(rawValue: form["delivery"].isEmpty ? "telehealth" : form["delivery"])
        else { throw HTTPError(.badRequest) }
        return WaitlistRequest(
            therapist: therapist, state: try USState(code: form["state"]), language: language.isEmpty ? nil : try LanguageCode(language),
            windows: windows, zone: zone, needsSlidingScale: form["sliding"] == "1",
            constraints: try WaitlistConstraints(earliest: date("earliest"), latest: date("latest"), modality: modality, delivery: delivery),
            clientEmail: form["client_email"]
        )
    }

    // MARK: Pages

    func waitlistPage(done: String?, context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil) async throws -> Response {
        let language = context.language
        let mine = try await care.myWaitlist(actor: context.actor, origin: context.origin)
        let zone = pages.defaultZone(context)
        var model: [String: Any] = [
            "places": mine.places.map { place(for: $0, language: language) },
            "hasPlaces": !mine.places.isEmpty,
            "offers": mine.offers.map { offer(for: $0, zone: zone, language: language, from: "waitlist") },
            "hasOffers": !mine.offers.isEmpty,
            "isClient": context.actor.has(.client),
        ]
        model.merge(joinForm(form, therapist: nil, state: "", zone: zone, context: context)) { _, new in new }
        if context.actor.has(.coordinator) {
            let all = try await care.allWaitlists(actor: context.actor, origin: context.origin)
            model["isStaff"] = true
            model["all"] = all.map { place(for: $0, language: language) }
            model["hasAll"] = !all.isEmpty
        }
        if let done, ["joined", "left", "declined"].contains(done) { model["done"] = renderer.catalog.text("waitlist.done.\(done)", language) }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("waitlist", title: "waitlist.title", model: model, status: status, context: context)
    }

    func place(for place: WaitlistPlace, language: Language) -> [String: Any] {
        let entry = place.record.entry, constraints = place.record.constraints
        let windows = entry.windows.map { renderer.catalog.text("care.weekday.\($0.weekday.rawValue)", language) + " \($0.start)–\($0.end)" }
        return [
            "id": entry.id.rawValue, "position": place.position, "waiting": place.waiting, "client": place.clientName,
            "list": place.therapistName ?? renderer.catalog.text("waitlist.coop_list", language),
            "state": entry.state.code, "language": entry.language?.tag ?? renderer.catalog.text("waitlist.any", language),
            "windows": windows.isEmpty ? renderer.catalog.text("waitlist.any_time", language) : windows.joined(separator: ", ") + " (\(entry.zone.identifier))",
            "dates": "\(constraints.earliest?.description ?? "…") – \(constraints.latest?.description ?? "…")",
            "kind": renderer.catalog.text("care.modality.\(constraints.modality.rawValue)", language) + ", "
                + renderer.catalog.text("care.delivery.\(constraints.delivery.rawValue)", language),
            "positionText": renderer.catalog.text("waitlist.position", language, ["position": String(place.position), "waiting": String(place.waiting)]),
        ]
    }

    func offer(for view: OfferView, zone: IANATimeZone, language: Language, from: String) -> [String: Any] {
        [
            "id": view.offer.id, "therapist": view.therapistName, "from": from, "zone": zone.identifier,
            "when": CareText.time(view.offer.slot.start, zone: zone, language: language),
            "expires": CareText.time(view.offer.expiresAt, zone: zone, language: language),
        ]
    }

    /// The join form's values (also on a therapist's page).
    func joinForm(_ form: FormFields?, therapist: MemberID?, state: String, zone: IANATimeZone, context: CoopRequestContext) -> [String: Any] {
        let language = context.language
        let chosenState = form?["state"] ?? state
        let chosenZone = form?["zone"] ?? zone.identifier
        return [
            "joinTherapist": therapist?.rawValue ?? "",
            "joinStates": USState.allCases.map { ["code": $0.code, "selected": $0.code == chosenState] },
            "joinZones": (CareController.zones.contains(chosenZone) ? CareController.zones : CareController.zones + [chosenZone]).map {
                ["name": $0, "selected": $0 == chosenZone]
            },
            "joinLanguage": form?["language"] ?? "",
            "joinModalities": Modality.allCases.map {
                ["value": $0.rawValue, "name": renderer.catalog.text("care.modality.\($0.rawValue)", language), "selected": $0.rawValue == (form?["modality"] ?? "individual")]
            },
            "joinDeliveries": Delivery.allCases.map {
                ["value": $0.rawValue, "name": renderer.catalog.text("care.delivery.\($0.rawValue)", language), "selected": $0.rawValue == (form?["delivery"] ?? "telehealth")]
            },
            "joinSliding": form?["sliding"] == "1",
            "joinEarliest": form?["earliest"] ?? "", "joinLatest": form?["latest"] ?? "",
            "joinDays": Weekday.allCases.map { weekday -> [String: Any] in
                [
                    "number": weekday.rawValue, "name": renderer.catalog.text("care.weekday.\(weekday.rawValue)", language),
                    "from": form?["from-\(weekday.rawValue)"] ?? "", "to": form?["to-\(weekday.rawValue)"] ?? "",
                ]
            },
            "joinIsStaff": context.actor.has(.coordinator),
        ]
    }

    /// What a therapist's page adds: the series fields of the booking form and the form to join their waitlist.
    func therapistModel(_ id: MemberID, viewer: Viewer, context: CoopRequestContext) -> [String: Any] {
        let language = context.language
        var model = joinForm(nil, therapist: id, state: viewer.state, zone: viewer.zone, context: context)
        model["seriesURL"] = "/therapists/\(id.rawValue)/series"
        model["frequencies"] = RecurrenceRule.Frequency.allCases.map {
            ["value": $0.rawValue, "name": renderer.catalog.text("series.frequency.\($0.rawValue)", language)]
        }
        model["seriesMax"] = CareAccess.maximumSeriesSessions
        // Clients join for themselves, coordinators for a client; other roles have no waitlist.
        model["canJoinWaitlist"] = context.actor.has(.client) || context.actor.has(.coordinator)
        return model
    }

    /// What the appointments page adds: open offers, and series actions on bookings that belong to a series.
    func addToAppointments(_ model: inout [String: Any], viewer: Viewer, done: String?, context: CoopRequestContext) async throws {
        let language = context.language
        if let done, ["series", "series-partial"].contains(done) { model["done"] = renderer.catalog.text("series.done.\(done)", language) }
        let mine = try await care.myWaitlist(actor: context.actor, origin: context.origin)
        model["offers"] = mine.offers.map { offer(for: $0, zone: viewer.zone, language: language, from: "appointments") }
        model["hasOffers"] = !mine.offers.isEmpty
        let places = try await care.seriesPlaces(actor: context.actor, origin: context.origin)
        guard !places.isEmpty, let bookings = model["bookings"] as? [[String: Any]] else { return }
        model["bookings"] = bookings.map { booking -> [String: Any] in
            guard let text = booking["id"] as? String, let id = AppointmentID(rawValue: text), let place = places[id] else { return booking }
            var copy = booking
            copy["inSeries"] = true
            copy["seriesText"] = renderer.catalog.text(
                "series.place", language,
                ["number": String(place.number), "total": String(place.total), "frequency": renderer.catalog.text("series.frequency.\(place.frequency.rawValue)", language)]
            )
            copy["weekdays"] = Weekday.allCases.map { ["number": $0.rawValue, "name": renderer.catalog.text("care.weekday.\($0.rawValue)", language)] }
            return copy
        }
    }
}

/// The waitlist offer email from the catalogues, in the client's language: a time is held, until when, where to answer.
struct WaitlistEmails: WaitlistMessages {
    let catalog: Catalog
    let configuration: WebConfiguration

    func offerEmail(slot: Slot, expiresAt: Date, zone: IANATimeZone, language: Language) -> (subject: String, body: String) {
        let values = [
            "when": CareText.time(slot.start, zone: zone, language: language), "expires": CareText.time(expiresAt, zone: zone, language: language),
            "link": configuration.publicURL + WaitlistController.URLs.waitlist,
        ]
        return (catalog.text("waitlist.email.offer_subject", language, values), catalog.text("waitlist.email.offer_body", language, values))
    }
}
