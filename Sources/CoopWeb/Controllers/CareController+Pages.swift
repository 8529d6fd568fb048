import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

extension CareController {
    /// Zones offered in the forms; any other IANA name works in the address.
    static let zones = [
        "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
        "Pacific/Honolulu", "UTC",
    ]

    func directoryPage(request: Request, context: CoopRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let language = context.language
        var model: [String: Any] = [:]
        var viewer = Viewer(zone: defaultZone(context))
        var entries: [DirectoryEntry] = []
        var paging = Paging(offset: 0, limit: Self.directoryPageSize)
        var failure: (any Error)?
        do {
            viewer = try Viewer(parameters, defaultZone: defaultZone(context))
            if !(parameters["state"] ?? "").isEmpty {
                paging = try Paging.read(parameters, defaultLimit: Self.directoryPageSize, largestLimit: Self.apiLargestPage)
                entries = try await care.search(Self.directoryQuery(parameters), actor: context.actor, origin: context.origin)
                model["searched"] = true
            }
        } catch let error where Self.isFormError(error) {
            failure = error
        }
        model["form"] = searchForm(parameters, viewer: viewer, language: language)
        if !entries.isEmpty {
            let shown = paging.slice(entries)
            let base = Paging.queryWithoutPaging(request.uri.query)
            model["pageStatus"] = renderer.catalog.text(
                "paging.showing", language,
                ["first": String(shown.isEmpty ? 0 : paging.offset + 1), "last": String(paging.offset + shown.count), "total": String(entries.count)]
            )
            if let previous = paging.previous { model["previousURL"] = URLs.therapists + "?" + paging.query(base, offset: previous) }
            if let next = paging.next(total: entries.count) { model["nextURL"] = URLs.therapists + "?" + paging.query(base, offset: next) }
            model["hasPages"] = entries.count > paging.limit || paging.offset > 0
            model["listStart"] = paging.offset + 1
        }
        let photos = try await care.photoSummaries(paging.slice(entries).map(\.therapist.id))
        model["results"] = paging.slice(entries).map { entry -> [String: Any] in
            var item = therapistSummary(entry.therapist, disclosures: entry.disclosures, language: language)
            item["photo"] = PhotoController.image(photos[entry.therapist.id], name: entry.therapist.displayName, box: 96, catalog: renderer.catalog, language: language)
            item["rank"] = entry.match.rank
            item["reasons"] = entry.match.reasons.map { CareText.message($0.message, catalog: renderer.catalog, language: language) }
            item["concerns"] = entry.match.concerns.map { CareText.message($0, catalog: renderer.catalog, language: language) }
            item["hasConcerns"] = !entry.match.concerns.isEmpty
            item["url"] = URLs.therapist(entry.therapist.id.rawValue) + "?state=" + viewer.state.urlQueryEscaped + "&zone=" + viewer.zone.identifier.urlQueryEscaped
            item["firstOpening"] = entry.match.firstOpening.map { CareText.time($0, zone: viewer.zone, language: language) } ?? ""
            return item
        }
        model["noResults"] = model["searched"] != nil && entries.isEmpty
        let status = renderer.note(failure, in: &model, context: context)
        return renderer.render("therapists", title: "therapists.title", model: model, status: status, context: context)
    }

    func therapistPage(_ id: MemberID, viewer: Viewer, context: CoopRequestContext, error: (any Error)? = nil) async throws -> Response {
        let language = context.language
        let view = try await care.therapist(id, actor: context.actor, origin: context.origin)
        var model = therapistSummary(view.therapist, disclosures: view.disclosures, language: language)
        model["bookURL"] = URLs.book(id.rawValue)
        model["photo"] = PhotoController.image(try await care.photoSummaries([id])[id], name: view.therapist.displayName, box: 200, catalog: renderer.catalog, language: language)
        model["zone"] = viewer.zone.identifier
        model["zoneNote"] = renderer.catalog.text("therapists.times_in_zone", language, ["zone": viewer.zone.identifier])
        model["days"] = Self.days(view.openSlots, zone: viewer.zone, language: language)
        model["hasSlots"] = !view.openSlots.isEmpty
        model["states"] = USState.allCases.map { ["code": $0.code, "selected": $0.code == viewer.state] }
        model["deliveryOptions"] = view.therapist.profile.deliveries.sorted { $0.rawValue > $1.rawValue }.map {
            ["value": $0.rawValue, "name": renderer.catalog.text("care.delivery.\($0.rawValue)", language)]
        }
        model["signedIn"] = context.actor.isSignedIn
        model["isStaff"] = context.actor.has(.coordinator) || context.actor.has(.clinician)
        model["signInURL"] = SiteURL.signIn + "?next=" + URLs.therapist(id.rawValue).urlQueryEscaped
        model.merge(WaitlistController(care: care, renderer: renderer).therapistModel(id, viewer: viewer, context: context)) { _, new in new }
        let status = renderer.note(error, in: &model, context: context)
        // The heading is the therapist's name (the catalogue returns a text it has no key for as it is).
        let title = view.therapist.displayName.isEmpty ? "therapists.profile_title" : view.therapist.displayName
        var response = renderer.render("therapist", title: title, model: model, status: status, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func appointmentsPage(viewer: Viewer, done: String?, context: CoopRequestContext, error: (any Error)? = nil) async throws -> Response {
        let language = context.language
        let mine = try await care.myAppointments(actor: context.actor, origin: context.origin)
        let now = care.now
        var options: [MemberID: [[String: Any]]] = [:]
        /// The fee an appointment carries (a late cancellation or a missed session), in words; nil when none.
        func fee(_ appointment: Appointment) -> String? {
            guard appointment.fee > .zero else { return nil }
            return renderer.catalog.text(appointment.feeWaiver == nil ? "fees.owed" : "fees.waived", language, ["fee": appointment.fee.description])
        }
        var lateHint = renderer.catalog.text("care.late_hint", language, ["hours": String(mine.windowHours)])
        if mine.lateCancellationFee > .zero {
            lateHint += " " + renderer.catalog.text("fees.late_hint", language, ["fee": mine.lateCancellationFee.description])
        }
        for therapist in Set(mine.asClient.filter { $0.appointment.status.isUpcoming }.map(\.appointment.therapist)) {
            let view = try? await care.therapist(therapist, actor: context.actor, origin: context.origin)
            options[therapist] = (view?.openSlots ?? []).prefix(40).map {
                ["value": String(Int64($0.start.timeIntervalSince1970)), "label": CareText.time($0.start, zone: viewer.zone, language: language)]
            }
        }
        var model: [String: Any] = [
            "zone": viewer.zone.identifier,
            "zoneNote": renderer.catalog.text("therapists.times_in_zone", language, ["zone": viewer.zone.identifier]),
            "zones": Self.zones.map { ["name": $0, "selected": $0 == viewer.zone.identifier] },
            "bookings": mine.asClient.map { item -> [String: Any] in
                let appointment = item.appointment
                let upcoming = appointment.status.isUpcoming && appointment.slot.start > now
                var row: [String: Any] = [
                    "id": appointment.id.rawValue, "therapist": item.therapistName,
                    "when": CareText.time(appointment.slot.start, zone: viewer.zone, language: language),
                    "status": renderer.catalog.text("care.status.\(appointment.status.rawValue)", language),
                    "late": appointment.cancellation?.timing == .late, "canChange": upcoming, "wouldBeLate": item.wouldBeLate,
                    "options": options[appointment.therapist] ?? [], "hasOptions": !(options[appointment.therapist] ?? []).isEmpty,
                    "icsURL": "/appointments/\(appointment.id.rawValue)/calendar.ics",
                ]
                if let fee = fee(appointment) { row["fee"] = fee }
                return row
            },
            "hasBookings": !mine.asClient.isEmpty,
            "sessions": mine.asTherapist.map { item -> [String: Any] in
                var session: [String: Any] = [
                    "id": item.appointment.id.rawValue,
                    "when": CareText.time(item.appointment.slot.start, zone: viewer.zone, language: language), "client": item.clientName,
                    "status": renderer.catalog.text("care.status.\(item.appointment.status.rawValue)", language),
                ]
                // Once a booked session has started, its therapist can record that the client did not come.
                if item.appointment.status == .booked && item.appointment.slot.start <= now { session["canRecordNoShow"] = true }
                if item.appointment.cancellation?.timing == .late { session["late"] = true }
                if let fee = fee(item.appointment) { session["fee"] = fee }
                if item.appointment.fee > .zero && item.appointment.feeWaiver == nil { session["canWaive"] = true }
                return session
            },
            "hasSessions": !mine.asTherapist.isEmpty,
            "lateHint": lateHint,
            "isClinician": context.actor.has(.clinician),
        ]
        if let done, ["booked", "moved", "cancelled", "noshow"].contains(done) { model["done"] = renderer.catalog.text("care.done.\(done)", language) }
        if done == "waived" { model["done"] = renderer.catalog.text("fees.done_waived", language) }
        try await WaitlistController(care: care, renderer: renderer).addToAppointments(&model, viewer: viewer, done: done, context: context)
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("appointments", title: "care.appointments_title", model: model, status: status, context: context)
    }

    func feedPage(context: CoopRequestContext, newToken: String? = nil) async throws -> Response {
        let tokens = try await care.feedTokens(actor: context.actor, origin: context.origin)
        var model: [String: Any] = [
            "tokens": tokens.map { token -> [String: Any] in
                [
                    "id": token.id, "created": renderer.dateTime(token.createdAt, context: context), "active": token.revokedAt == nil,
                    "revoked": token.revokedAt.map { renderer.dateTime($0, context: context) } ?? "",
                ]
            },
            "hasTokens": !tokens.isEmpty,
        ]
        if let newToken { model["newURL"] = renderer.configuration.publicURL + URLs.feed(newToken) }
        return renderer.render("calendar-feed", title: "care.feed_title", model: model, context: context)
    }

    private func searchForm(_ parameters: Parameters, viewer: Viewer, language: Language) -> [String: Any] {
        let modality = parameters["modality"].map(String.init) ?? "individual"
        let delivery = parameters["delivery"].map(String.init) ?? "telehealth"
        return [
            "states": USState.allCases.map { ["code": $0.code, "selected": $0.code == viewer.state] },
            "language": parameters["language"].map(String.init) ?? "",
            "modalities": Modality.allCases.map {
                ["value": $0.rawValue, "name": renderer.catalog.text("care.modality.\($0.rawValue)", language), "selected": $0.rawValue == modality]
            },
            "deliveries": Delivery.allCases.map {
                ["value": $0.rawValue, "name": renderer.catalog.text("care.delivery.\($0.rawValue)", language), "selected": $0.rawValue == delivery]
            },
            "sliding": ["1", "on", "true", "yes"].contains(parameters["sliding"].map(String.init) ?? ""),
            "zones": (Self.zones.contains(viewer.zone.identifier) ? Self.zones : Self.zones + [viewer.zone.identifier]).map {
                ["name": $0, "selected": $0 == viewer.zone.identifier]
            },
        ]
    }

    private func therapistSummary(_ record: TherapistRecord, disclosures: [[LocalizedMessage]], language: Language) -> [String: Any] {
        let profile = record.profile
        return [
            "id": record.id.rawValue, "name": record.displayName, "bio": record.bio,
            "languages": profile.languages.map(\.tag).sorted().joined(separator: ", "),
            "modalities": profile.modalities.map { renderer.catalog.text("care.modality.\($0.rawValue)", language) }.sorted().joined(separator: ", "),
            "deliveries": profile.deliveries.map { renderer.catalog.text("care.delivery.\($0.rawValue)", language) }.sorted().joined(separator: ", "),
            "slidingFree": profile.slidingScale.free,
            "offices": record.offices.sorted().map(\.line).joined(separator: "; "), "hasOffices": !record.offices.isEmpty,
            "credentials": profile.credentials.licenses.sorted { ($0.state, $0.number) < ($1.state, $1.number) }.map {
                ["state": $0.state.code, "type": $0.type.rawValue, "number": $0.number, "expires": $0.expires.description,
                 "status": renderer.catalog.text("care.credential_status.\($0.status.rawValue)", language)]
            },
            "disclosures": disclosures.flatMap { $0 }.map { CareText.message($0, catalog: renderer.catalog, language: language) },
            "hasDisclosures": !disclosures.isEmpty,
        ]
    }

    /// Open slots grouped by the viewer's local day, as radio options.
    static func days(_ slots: [Slot], zone: IANATimeZone, language: Language) -> [[String: Any]] {
        var days: [(LocalDate, [Slot])] = []
        for slot in slots {
            let date = zone.localDate(at: slot.start)
            if let last = days.last, last.0 == date { days[days.count - 1].1.append(slot) } else { days.append((date, [slot])) }
        }
        let dayStyle = Date.FormatStyle(locale: Locale(identifier: language.rawValue), timeZone: zone.timeZone).weekday(.wide).month(.wide).day()
        let timeStyle = Date.FormatStyle(locale: Locale(identifier: language.rawValue), timeZone: zone.timeZone).hour().minute()
        return days.map { date, slots in
            [
                "label": slots[0].start.formatted(dayStyle), "key": date.description,
                "slots": slots.map { slot -> [String: Any] in
                    let seconds = String(Int64(slot.start.timeIntervalSince1970))
                    return ["value": seconds, "id": "slot-\(seconds)", "label": slot.start.formatted(timeStyle)]
                },
            ]
        }
    }
}
