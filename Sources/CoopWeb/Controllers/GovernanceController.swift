import CoopApp
import CoopDomain
import Foundation
import Hummingbird

/// Proposals and votes for members; the public decisions log, its Atom feed and election ballot files; the governed
/// settings page.
struct GovernanceController {
    let governance: Governance
    let renderer: PageRenderer

    /// The controller over the governance use case, with notification emails worded from the catalogues.
    init(services: CoopServices, catalog: Catalog, configuration: WebConfiguration, renderer: PageRenderer) {
        self.governance = Governance(services: services, messages: GovernanceEmails(catalog: catalog, configuration: configuration))
        self.renderer = renderer
    }

    func addRoutes(to router: Router<CoopRequestContext>) {
        addDiscussionRoutes(to: router)
        addEmergencyRoutes(to: router)
        addConsentRoutes(to: router)
        router.get(RouterPath(stringLiteral: SiteURL.proposals)) { _, context in
            try await listPage(context: context)
        }
        router.post(RouterPath(stringLiteral: SiteURL.proposals)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                let candidates = try await governance.candidates(actor: context.actor, origin: context.origin)
                let bylaws = try await governance.currentSettings().bylaws
                let draft = try ProposalForm.draft(from: form, candidates: candidates, timeZone: renderer.configuration.timeZone, bylaws: bylaws)
                let id = try await governance.open(actor: context.actor, draft: draft, origin: context.origin)
                return Response.redirect(to: SiteURL.proposal(id.rawValue))
            } catch let error where Self.isFormError(error) {
                return try await listPage(context: context, form: form, error: error)
            }
        }
        router.get("/proposals/:id") { request, context in
            try await proposalPage(id: try Self.pollID(context), context: context, voted: request.uri.queryParameters["voted"] != nil)
        }
        router.post("/proposals/:id/vote") { request, context in
            let id = try Self.pollID(context)
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                let details = try await governance.proposal(actor: context.actor, id: id, origin: context.origin)
                let choice = try ProposalForm.choice(from: form, kind: details.record.poll.kind, optionCount: details.record.poll.options.count)
                let reason = form["reason"].trimmingCharacters(in: .whitespacesAndNewlines)
                var giver: MemberID?
                if !form["on_behalf_of"].isEmpty {
                    guard let member = MemberID(rawValue: form["on_behalf_of"]) else { throw ProposalError.invalidField("proxy") }
                    giver = member
                }
                try await governance.vote(
                    actor: context.actor, poll: id, choice: choice, reason: reason.isEmpty ? nil : reason, onBehalfOf: giver, origin: context.origin
                )
                return Response.redirect(to: SiteURL.proposal(id.rawValue) + "?voted=1")
            } catch let error where Self.isFormError(error) {
                return try await proposalPage(id: id, context: context, error: error, reason: form["reason"])
            }
        }
        router.post("/proposals/:id/proxy") { request, context in
            let id = try Self.pollID(context)
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                guard let holder = MemberID(rawValue: form["holder"]) else { throw ProposalError.invalidField("proxy") }
                try await governance.giveProxy(actor: context.actor, poll: id, to: holder, origin: context.origin)
                return Response.redirect(to: SiteURL.proposal(id.rawValue))
            } catch let error where Self.isFormError(error) {
                return try await proposalPage(id: id, context: context, error: error)
            }
        }
        router.post("/proposals/:id/proxy/withdraw") { _, context in
            let id = try Self.pollID(context)
            do {
                try await governance.withdrawProxy(actor: context.actor, poll: id, origin: context.origin)
                return Response.redirect(to: SiteURL.proposal(id.rawValue))
            } catch let error as GovernanceError {
                return try await proposalPage(id: id, context: context, error: error)
            }
        }
        router.post("/proposals/:id/close") { _, context in
            let id = try Self.pollID(context)
            do {
                try await governance.close(actor: context.actor, poll: id, origin: context.origin)
                return Response.redirect(to: SiteURL.proposal(id.rawValue))
            } catch let error as GovernanceError {
                return try await proposalPage(id: id, context: context, error: error)
            }
        }
        router.post("/proposals/:id/outcome") { request, context in
            let id = try Self.pollID(context)
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                try await governance.writeOutcome(actor: context.actor, poll: id, text: form["outcome"], origin: context.origin)
                return Response.redirect(to: SiteURL.proposal(id.rawValue))
            } catch let error as GovernanceError {
                return try await proposalPage(id: id, context: context, error: error)
            }
        }
        router.get("/proposals/:id/ballots.blt") { _, context in
            let text = try await governance.ballotFile(poll: try Self.pollID(context))
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"ballots.blt\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get(RouterPath(stringLiteral: SiteURL.decisions)) { _, context in
            let entries = try await governance.decisions()
            let model: [String: Any] = [
                "decisions": entries.map { DecisionModels.decision($0, renderer: renderer, context: context) }, "hasDecisions": !entries.isEmpty,
            ]
            return renderer.render("decisions", title: "decisions.title", model: model, context: context)
        }
        router.get(RouterPath(stringLiteral: SiteURL.decisionsFeed)) { _, context in
            let entries = try await governance.decisions(limit: 50)
            var headers = HTTPFields()
            headers[.contentType] = "application/atom+xml; charset=utf-8"
            let feed = DecisionFeed.atom(entries, renderer: renderer, context: context)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: feed)))
        }
        router.get("/register") { _, context in
            let entries = try await governance.register(actor: context.actor, origin: context.origin)
            let language = context.language
            let model: [String: Any] = [
                "entries": entries.map { entry -> [String: Any] in
                    [
                        "name": entry.name, "class": renderer.catalog.text("gov.class.\(entry.memberClass.rawValue)", language),
                        "status": renderer.catalog.text("gov.register.status.\(entry.status.rawValue)", language),
                        "admitted": entry.admittedAt.map { renderer.dateTime($0, context: context) } ?? "—",
                        "probation": entry.probationEndsAt.map { renderer.dateTime($0, context: context) } ?? "—",
                    ]
                }
            ]
            return renderer.render("register", title: "gov.register.title", model: model, context: context)
        }
        router.get("/register.csv") { _, context in
            let entries = try await governance.register(actor: context.actor, origin: context.origin)
            let stamp = ISO8601DateFormatter()
            var lines = ["name,class,status,admitted_at,probation_until"]
            for entry in entries {
                let fields = [
                    entry.name, entry.memberClass.rawValue, entry.status.rawValue, entry.admittedAt.map(stamp.string(from:)) ?? "",
                    entry.probationEndsAt.map(stamp.string(from:)) ?? "",
                ]
                lines.append(fields.map(Self.csvField).joined(separator: ","))
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"member-register.csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
        }
        router.get(RouterPath(stringLiteral: SiteURL.governedSettings)) { _, context in
            try await settingsPage(context: context)
        }
    }

    /// Errors shown on the form rather than as an error page.
    static func isFormError(_ error: any Error) -> Bool {
        if let error = error as? ProposalError { return error != .pollNotFound }
        return error is GovernanceError || error is PollFormError
    }

    /// One CSV field (RFC 4180 quoting); a leading `=`, `+`, `-` or `@` is defused so spreadsheets do not run it as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The poll id in the path; an id that is not a UUID is as unknown as a missing one.
    static func pollID(_ context: CoopRequestContext) throws -> PollID {
        guard let id = PollID(rawValue: try context.parameters.require("id")) else { throw ProposalError.pollNotFound }
        return id
    }

    private func listPage(context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil) async throws -> Response {
        let open = try await governance.openProposals(actor: context.actor, origin: context.origin)
        let candidates = try await governance.candidates(actor: context.actor, origin: context.origin)
        var model = ProposalForm.model(form: form, candidates: candidates, renderer: renderer, context: context)
        model["proposals"] = open.map { summary -> [String: Any] in
            let poll = summary.record.poll
            return [
                "id": poll.id.rawValue, "title": poll.title,
                "type": renderer.catalog.text("gov.type.\(poll.decisionType.rawValue)", context.language),
                "kind": renderer.catalog.text("gov.kind.\(poll.kind.name)", context.language),
                "closes": renderer.dateTime(poll.closingTime, context: context),
                "voted": renderer.catalog.text(
                    summary.hasVoted ? "common.yes" : (summary.mayVote ? "common.no" : "gov.not_in_electorate"), context.language),
            ]
        }
        model["hasProposals"] = !open.isEmpty
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("proposals", title: "gov.proposals.title", model: model, status: status, context: context)
    }

    func proposalPage(
        id: PollID, context: CoopRequestContext, error: (any Error)? = nil, reason: String = "", voted: Bool = false, extra: [String: Any] = [:]
    ) async throws -> Response {
        let details = try await governance.proposal(actor: context.actor, id: id, origin: context.origin)
        var model = DecisionModels.proposal(details, renderer: renderer, context: context)
        try await addDiscussion(to: &model, poll: id, context: context)
        try await addConsent(to: &model, poll: id, context: context)
        model.merge(extra) { _, new in new }
        model["reasonValue"] = String(reason.prefix(details.record.poll.reasonMaximumLength + 100))
        if voted, error == nil {
            model["notice"] = renderer.catalog.text("gov.vote.recorded", context.language)
        }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("proposal", title: "gov.proposal.title", model: model, status: status, context: context)
    }
}
