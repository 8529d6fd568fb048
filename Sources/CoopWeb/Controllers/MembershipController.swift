import CoopApp
import CoopDomain
import Foundation
import Hummingbird

/// A person's own membership: apply to join a class (which opens the admission vote), see how it stands, resign.
/// Coordinators also see every application waiting for its vote.
struct MembershipController {
    let governance: Governance
    let renderer: PageRenderer

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get("/membership") { request, context in
            try await page(context: context, applied: request.uri.queryParameters["applied"] != nil)
        }
        router.get("/membership/apply") { _, context in
            try await applyPage(context: context)
        }
        router.post("/membership/apply") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                guard let memberClass = MemberClassID(rawValue: form["class"]) else { throw AdmissionError.unknownClass(.workerOwner) }
                try await governance.apply(actor: context.actor, to: memberClass, statement: form["statement"], origin: context.origin)
                return Response.redirect(to: "/membership?applied=1")
            } catch let error where error is AdmissionError || error is GovernanceError {
                return try await applyPage(context: context, form: form, error: error)
            }
        }
        router.post("/membership/resign") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                guard form["confirm"] == "1" else { throw AdmissionError.resignationNotConfirmed }
                try await governance.resign(actor: context.actor, origin: context.origin)
                return Response.redirect(to: "/membership")
            } catch let error as AdmissionError {
                return try await page(context: context, error: error)
            }
        }
    }

    private func page(context: CoopRequestContext, applied: Bool = false, error: (any Error)? = nil) async throws -> Response {
        let overview = try await governance.membershipOverview(actor: context.actor, origin: context.origin)
        let language = context.language
        func text(_ key: String) -> String { renderer.catalog.text(key, language) }
        func className(_ id: MemberClassID) -> String { text("gov.class.\(id.rawValue)") }
        var model: [String: Any] = [:]
        if let membership = overview.membership {
            var current: [String: Any] = [
                "class": className(membership.memberClass), "status": text("gov.register.status.\(membership.status.rawValue)"),
                "isActive": membership.status == .active,
            ]
            if let admitted = membership.admittedAt { current["since"] = renderer.dateTime(admitted, context: context) }
            if let probation = membership.probationEndsAt, membership.status == .active {
                current["probation"] = renderer.dateTime(probation, context: context)
            }
            if let ended = membership.endedAt { current["ended"] = renderer.dateTime(ended, context: context) }
            model["membership"] = current
        }
        model["applications"] = overview.applications.map { application -> [String: Any] in
            [
                "class": className(application.memberClass), "status": text("admission.status.\(application.status.rawValue)"),
                "applied": renderer.dateTime(application.appliedAt, context: context), "pollID": application.pollID.rawValue,
            ]
        }
        model["hasApplications"] = !overview.applications.isEmpty
        model["pending"] = overview.pending.map { application -> [String: Any] in
            [
                "name": overview.names[application.applicant] ?? "—", "class": className(application.memberClass),
                "statement": application.statement, "applied": renderer.dateTime(application.appliedAt, context: context),
                "pollID": application.pollID.rawValue,
            ]
        }
        model["hasPending"] = !overview.pending.isEmpty
        model["isCoordinator"] = GovernancePolicy.decide(context.actor, .manageMemberships).isAllowed
        if applied, error == nil { model["notice"] = text("admission.applied") }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("membership", title: "admission.title", model: model, status: status, context: context)
    }

    private func applyPage(context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil) async throws -> Response {
        let overview = try await governance.membershipOverview(actor: context.actor, origin: context.origin)
        let chosen = form?["class"] ?? ""
        var model: [String: Any] = [
            "classes": overview.classes.map { item -> [String: Any] in
                [
                    "value": item.id.rawValue, "label": renderer.catalog.text("gov.class.\(item.id.rawValue)", context.language),
                    "checked": item.id.rawValue == chosen,
                ]
            },
            "statementValue": String((form?["statement"] ?? "").prefix(MembershipApplication.longestStatement + 500)),
            "statementMax": MembershipApplication.longestStatement,
        ]
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("membership-apply", title: "admission.apply_title", model: model, status: status, context: context)
    }
}
