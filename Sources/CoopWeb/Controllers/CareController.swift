import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// Care access: the public therapist directory and profiles, booking, the member's appointments, the clinician's
/// calendar feed, and the directory search API. Every decision is the use case's; this turns HTTP into its verbs.
struct CareController {
    let care: CareAccess
    let renderer: PageRenderer

    /// The addresses of the care pages.
    enum URLs {
        static let therapists = "/therapists"
        static let appointments = "/appointments"
        static let calendarFeed = "/account/calendar-feed"
        static let hours = "/account/availability"
        static let apiSearch = "/api/v1/therapists/search"
        static func therapist(_ id: String) -> String { "/therapists/\(id)" }
        static func book(_ id: String) -> String { "/therapists/\(id)/book" }
        static func feed(_ token: String) -> String { "/calendar/\(token).ics" }
    }

    func addRoutes(to router: Router<CoopRequestContext>) {
        addHoursRoutes(to: router)
        addProfileRoutes(to: router)
        router.get(RouterPath(stringLiteral: URLs.therapists)) { request, context in
            try await directoryPage(request: request, context: context)
        }
        router.get("/therapists/:id") { request, context in
            let id = try therapistID(context)
            let viewer = try Viewer(request.uri.queryParameters, defaultZone: defaultZone(context))
            return try await therapistPage(id, viewer: viewer, context: context)
        }
        router.post("/therapists/:id/book") { request, context in
            var request = request
            let id = try therapistID(context)
            let form = try await FormFields.read(&request, context: context)
            let viewer = (try? Viewer(form, defaultZone: defaultZone(context))) ?? Viewer(zone: defaultZone(context))
            do {
                let command = try BookingCommand(
                    therapist: id, start: Self.start(form["start"]), clientState: USState(code: form["state"]),
                    clientZone: IANATimeZone(form["zone"].isEmpty ? defaultZone(context).identifier : form["zone"]),
                    delivery: Delivery(rawValue: form["delivery"]) ?? .telehealth, clientEmail: form["client_email"]
                )
                _ = try await care.book(command, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.appointments + "?done=booked&zone=" + viewer.zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await therapistPage(id, viewer: viewer, context: context, error: error)
            }
        }
        router.get(RouterPath(stringLiteral: URLs.appointments)) { request, context in
            let viewer = try Viewer(request.uri.queryParameters, defaultZone: defaultZone(context))
            return try await appointmentsPage(viewer: viewer, done: request.uri.queryParameters["done"].map(String.init), context: context)
        }
        router.post("/appointments/:id/reschedule") { request, context in
            var request = request
            let id = try appointmentID(context)
            let form = try await FormFields.read(&request, context: context)
            let viewer = (try? Viewer(form, defaultZone: defaultZone(context))) ?? Viewer(zone: defaultZone(context))
            do {
                _ = try await care.reschedule(id, to: Self.start(form["start"]), actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.appointments + "?done=moved&zone=" + viewer.zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await appointmentsPage(viewer: viewer, done: nil, context: context, error: error)
            }
        }
        router.post("/appointments/:id/cancel") { request, context in
            var request = request
            let id = try appointmentID(context)
            let form = try await FormFields.read(&request, context: context)
            let viewer = (try? Viewer(form, defaultZone: defaultZone(context))) ?? Viewer(zone: defaultZone(context))
            do {
                _ = try await care.cancel(id, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.appointments + "?done=cancelled&zone=" + viewer.zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await appointmentsPage(viewer: viewer, done: nil, context: context, error: error)
            }
        }
        router.post("/appointments/:id/no-show") { request, context in
            var request = request
            let id = try appointmentID(context)
            let form = try await FormFields.read(&request, context: context)
            let viewer = (try? Viewer(form, defaultZone: defaultZone(context))) ?? Viewer(zone: defaultZone(context))
            do {
                _ = try await care.recordNoShow(id, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.appointments + "?done=noshow&zone=" + viewer.zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await appointmentsPage(viewer: viewer, done: nil, context: context, error: error)
            }
        }
        router.post("/appointments/:id/waive-fee") { request, context in
            var request = request
            let id = try appointmentID(context)
            let form = try await FormFields.read(&request, context: context)
            let viewer = (try? Viewer(form, defaultZone: defaultZone(context))) ?? Viewer(zone: defaultZone(context))
            do {
                _ = try await care.waiveFee(id, actor: context.actor, origin: context.origin)
                return Response.redirect(to: URLs.appointments + "?done=waived&zone=" + viewer.zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await appointmentsPage(viewer: viewer, done: nil, context: context, error: error)
            }
        }
        router.get("/appointments/:id/calendar.ics") { _, context in
            let text = try await care.calendarFile(try appointmentID(context), actor: context.actor, origin: context.origin)
            return Self.calendar(text, filename: "session.ics")
        }
        router.get(RouterPath(stringLiteral: URLs.calendarFeed)) { _, context in
            try await feedPage(context: context)
        }
        router.post(RouterPath(stringLiteral: URLs.calendarFeed)) { _, context in
            let token = try await care.createFeedToken(actor: context.actor, origin: context.origin)
            return try await feedPage(context: context, newToken: token)
        }
        router.post("/account/calendar-feed/:id/revoke") { _, context in
            try await care.revokeFeedToken(try context.parameters.require("id"), actor: context.actor, origin: context.origin)
            return Response.redirect(to: URLs.calendarFeed + "?done=revoked")
        }
        router.get("/calendar/:file") { _, context in
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".ics") else { throw CareAccessError.feedTokenNotFound }
            let text = try await care.feed(token: String(file.dropLast(4)), origin: context.origin)
            return Self.calendar(text, filename: nil)
        }
        router.get(RouterPath(stringLiteral: URLs.apiSearch)) { request, context -> SearchResponse in
            let query = try Self.directoryQuery(request.uri.queryParameters)
            let paging = try Paging.read(request.uri.queryParameters, defaultLimit: Self.apiPageSize, largestLimit: Self.apiLargestPage)
            let entries = try await care.search(query, actor: context.actor, origin: context.origin)
            // Only the page asked for is turned into sentences and sent: the ranking still looks at every therapist.
            let page = paging.slice(entries)
            let photos = try await care.photoSummaries(page.map(\.therapist.id))
            let next = paging.next(total: entries.count).map { URLs.apiSearch + "?" + paging.query(Paging.queryWithoutPaging(request.uri.query), offset: $0) }
            return SearchResponse(
                results: page.map {
                    SearchResponse.Therapist(
                        $0, catalog: renderer.catalog, language: context.language, photo: photos[$0.therapist.id].map { PhotoController.photoURL($0.therapist) }
                    )
                },
                total: entries.count, offset: paging.offset, limit: paging.limit, next: next
            )
        }
    }

    /// The zone times are shown in when a page is not asked for another: the member's own, else the co-op's.
    func defaultZone(_ context: CoopRequestContext) -> IANATimeZone { renderer.viewerZone(context) }

    /// Errors the page explains next to the form it came from; anything else goes to the error page.
    static func isFormError(_ error: any Error) -> Bool {
        error is CareAccessError || error is SchedulingError || error is CareError || error is MemberError || error is PagingError
    }

    /// A start time as sent by the forms: whole seconds since 1970.
    static func start(_ text: String) throws -> Date {
        guard let seconds = Int64(text.trimmingCharacters(in: .whitespaces)), seconds > 0, seconds < 32_503_680_000 else {
            throw CareAccessError.invalidStart(String(text.prefix(40)))
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func calendar(_ text: String, filename: String?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The directory query from `state`, `language`, `modality`, `delivery` and `sliding` parameters.
    static func directoryQuery(_ parameters: Parameters) throws -> DirectoryQuery {
        let language = parameters["language"].map(String.init) ?? ""
        return DirectoryQuery(
            state: try USState(code: parameters["state"].map(String.init) ?? ""),
            language: language.isEmpty ? nil : try LanguageCode(language),
            modality: try choice(parameters["modality"], default: Modality.individual),
            delivery: try choice(parameters["delivery"], default: Delivery.telehealth),
            needsSlidingScale: try slidingScale(parameters["sliding"])
        )
    }

    /// Whether the search asks for a sliding-scale place: `1` (or `on`, a checkbox's default); absent, empty or `0` is no.
    private static func slidingScale(_ value: Substring?) throws -> Bool {
        switch value {
        case nil, "", "0": return false
        case "1", "on": return true
        default: throw HTTPError(.badRequest)
        }
    }

    /// An optional choice parameter: absent or empty gives the default; a value outside the list is refused (400).
    private static func choice<T: RawRepresentable>(_ value: Substring?, default fallback: T) throws -> T where T.RawValue == String {
        guard let value, !value.isEmpty else { return fallback }
        guard let parsed = T(rawValue: String(value)) else { throw HTTPError(.badRequest) }
        return parsed
    }

    private func therapistID(_ context: CoopRequestContext) throws -> MemberID {
        guard let id = MemberID(rawValue: try context.parameters.require("id")) else { throw CareAccessError.therapistNotFound }
        return id
    }

    private func appointmentID(_ context: CoopRequestContext) throws -> AppointmentID {
        guard let id = AppointmentID(rawValue: try context.parameters.require("id")) else { throw CareAccessError.appointmentNotFound }
        return id
    }
}

/// Who is looking: the zone times are shown in and the state they will be in.
struct Viewer {
    var zone: IANATimeZone
    var state: String = ""

    init(zone: IANATimeZone, state: String = "") {
        self.zone = zone
        self.state = state
    }

    /// From query parameters; an unknown zone is refused with a clear message.
    init(_ parameters: Parameters, defaultZone: IANATimeZone) throws {
        let zone = parameters["zone"].map(String.init) ?? ""
        self.zone = zone.isEmpty ? defaultZone : try IANATimeZone(zone)
        self.state = parameters["state"].map(String.init) ?? ""
    }

    /// From a form's hidden fields.
    init(_ form: FormFields, defaultZone: IANATimeZone) throws {
        self.zone = form["zone"].isEmpty ? defaultZone : try IANATimeZone(form["zone"])
        self.state = form["state"]
    }
}

extension String {
    /// Escaped for a query-string value.
    var urlQueryEscaped: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
