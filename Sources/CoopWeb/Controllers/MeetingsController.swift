import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// Meetings for members: the list and scheduling form, and each meeting's page with its time poll, proxies,
/// attendance and quorum, votes taken at it, and minutes with their sign-off.
struct MeetingsController {
    let meetings: Meetings
    let governance: Governance
    let renderer: PageRenderer

    /// The addresses of the meeting pages.
    enum URLs {
        static let meetings = "/meetings"
        static func meeting(_ id: String) -> String { "/meetings/\(id)" }
    }

    /// The controller over the meetings use case (notification emails worded from the catalogues).
    init(services: CoopServices, catalog: Catalog, configuration: WebConfiguration, renderer: PageRenderer) {
        self.governance = Governance(services: services, messages: GovernanceEmails(catalog: catalog, configuration: configuration))
        self.meetings = Meetings(governance: governance)
        self.renderer = renderer
    }

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: URLs.meetings)) { request, context in
            let zone = try viewerZone(request.uri.queryParameters["zone"].map(String.init), context: context)
            return try await listPage(zone: zone, context: context)
        }
        router.post(RouterPath(stringLiteral: URLs.meetings)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let zone = (try? viewerZone(form["zone"], context: context)) ?? renderer.viewerZone(context)
            do {
                let draft = try MeetingForm.draft(from: form, zone: zone, now: Date())
                let id = try await meetings.schedule(actor: context.actor, draft: draft, origin: context.origin)
                return Response.redirect(to: URLs.meeting(id.rawValue) + "?zone=" + zone.identifier.urlQueryEscaped)
            } catch let error where Self.isFormError(error) {
                return try await listPage(zone: zone, context: context, form: form, error: error)
            }
        }
        router.get("/meetings/:id") { request, context in
            let zone = try viewerZone(request.uri.queryParameters["zone"].map(String.init), context: context)
            return try await meetingPage(try Self.meetingID(context), zone: zone, context: context)
        }
        addActions(to: router)
    }

    /// The meeting's form actions: each calls one verb, then shows the page again (or the refusal on it).
    private func addActions(to router: Router<CoopRequestContext>) {
        action(router, "time-vote") { id, form, context in
            let details = try await meetings.details(actor: context.actor, meeting: id, origin: context.origin)
            let count = details.timePoll?.poll.options.count ?? 0
            let answers = try (0..<count).map { index -> Availability in
                guard let answer = Availability(rawValue: form["slot-\(index)"]) else { throw MeetingError.invalidField("availability") }
                return answer
            }
            try await meetings.answerTimePoll(actor: context.actor, meeting: id, answers: answers, origin: context.origin)
        }
        action(router, "time") { id, form, context in
            let slot: Int?
            if form["slot"] == "auto" || form["slot"].isEmpty {
                slot = nil
            } else {
                guard let index = Int(form["slot"]) else { throw MeetingError.slotNotFound }
                slot = index
            }
            try await meetings.pickTime(actor: context.actor, meeting: id, slot: slot, origin: context.origin)
        }
        action(router, "open") { id, _, context in
            try await meetings.openMeeting(actor: context.actor, meeting: id, origin: context.origin)
        }
        action(router, "proxy") { id, form, context in
            guard let holder = MemberID(rawValue: form["holder"]) else { throw MeetingError.unknownMember }
            try await meetings.giveProxy(actor: context.actor, meeting: id, to: holder, origin: context.origin)
        }
        action(router, "proxy/withdraw") { id, _, context in
            try await meetings.withdrawProxy(actor: context.actor, meeting: id, origin: context.origin)
        }
        action(router, "attendance") { id, form, context in
            guard let member = MemberID(rawValue: form["member"]) else { throw MeetingError.unknownMember }
            guard let mode = AttendanceEntry(rawValue: form["mode"]) else { throw MeetingError.invalidField("mode") }
            try await meetings.recordAttendance(actor: context.actor, meeting: id, member: member, as: mode, origin: context.origin)
        }
        redirectingAction(router, "votes") { id, form, context in
            guard let position = Int(form["item"]) else { throw MeetingError.agendaItemNotFound }
            // The vote's text opens by naming the meeting and item, so the decisions log links it back to the meeting.
            let meeting = try await meetings.details(actor: context.actor, meeting: id, origin: context.origin).record.meeting
            guard meeting.agenda.indices.contains(position) else { throw MeetingError.agendaItemNotFound }
            let note = renderer.catalog.text(
                "meetings.vote.taken_at", context.language,
                ["meeting": meeting.title, "url": URLs.meeting(id.rawValue), "number": String(position + 1), "item": meeting.agenda[position].title]
            )
            let text = form["body"].trimmingCharacters(in: .whitespacesAndNewlines)
            let poll = try await meetings.openVote(
                actor: context.actor, meeting: id, position: position, title: form["title"], body: text.isEmpty ? note : note + "\n\n" + text,
                origin: context.origin
            )
            return SiteURL.proposal(poll.rawValue)
        }
        action(router, "minutes") { id, form, context in
            let notes = form.all("notes")
            let outcomes = form.all("outcome")
            guard notes.count == outcomes.count else { throw MeetingError.agendaItemNotFound }
            let entries = zip(notes, outcomes).map { AgendaMinutes(notes: $0, outcome: $1) }
            try await meetings.saveMinutes(actor: context.actor, meeting: id, entries: entries, origin: context.origin)
        }
        action(router, "minutes/submit") { id, _, context in
            try await meetings.submitMinutes(actor: context.actor, meeting: id, origin: context.origin)
        }
        action(router, "minutes/return") { id, _, context in
            try await meetings.returnMinutes(actor: context.actor, meeting: id, origin: context.origin)
        }
        action(router, "minutes/sign-off") { id, _, context in
            try await meetings.signOffMinutes(actor: context.actor, meeting: id, origin: context.origin)
        }
    }

    /// A POST route `/meetings/{id}/<path>` running `perform`; it redirects to the address `perform` returns (the
    /// meeting page when nil), or shows the meeting page with the refusal.
    private func redirectingAction(
        _ router: Router<CoopRequestContext>, _ path: String,
        _ perform: @escaping @Sendable (MeetingID, FormFields, CoopRequestContext) async throws -> String?
    ) {
        router.post(RouterPath(stringLiteral: "/meetings/:id/" + path)) { request, context in
            let id = try Self.meetingID(context)
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let zone = (try? viewerZone(form["zone"], context: context)) ?? renderer.viewerZone(context)
            do {
                let target = try await perform(id, form, context)
                return Response.redirect(to: target ?? (URLs.meeting(id.rawValue) + "?zone=" + zone.identifier.urlQueryEscaped))
            } catch let error where Self.isFormError(error) {
                return try await meetingPage(id, zone: zone, context: context, error: error, form: form)
            }
        }
    }

    /// A POST route that shows the meeting page after `perform`.
    private func action(
        _ router: Router<CoopRequestContext>, _ path: String, _ perform: @escaping @Sendable (MeetingID, FormFields, CoopRequestContext) async throws -> Void
    ) {
        redirectingAction(router, path) { id, form, context -> String? in
            try await perform(id, form, context)
            return nil
        }
    }

    /// Errors shown on the page rather than as an error page.
    static func isFormError(_ error: any Error) -> Bool {
        if let error = error as? MeetingError { return error != .meetingNotFound }
        if let error = error as? ProposalError { return error != .pollNotFound }
        return error is GovernanceError || error is SchedulingError
    }

    /// The meeting id in the path; an id that is not a UUID is as unknown as a missing one.
    static func meetingID(_ context: CoopRequestContext) throws -> MeetingID {
        guard let id = MeetingID(rawValue: try context.parameters.require("id")) else { throw MeetingError.meetingNotFound }
        return id
    }

    /// The zone times are shown in: the one asked for, else the member's own, else the co-op's.
    func viewerZone(_ name: String?, context: CoopRequestContext) throws -> IANATimeZone {
        guard let name, !name.isEmpty else { return renderer.viewerZone(context) }
        return try IANATimeZone(name)
    }
}
