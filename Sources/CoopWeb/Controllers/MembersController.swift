import CoopApp
import CoopDomain
import Foundation
import Hummingbird

/// The member register and invitations, for coordinators (and the register for treasurers).
struct MembersController {
    let accounts: Accounts
    let directory: MemberDirectory
    let renderer: PageRenderer

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteURL.members)) { _, context in
            try await page(context: context)
        }
        router.post(RouterPath(stringLiteral: SiteURL.memberInvitations)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                let issued = try await accounts.invite(
                    actor: context.actor, email: form["email"], displayName: form["name"], roles: form.all("roles"), origin: context.origin
                )
                return try await page(context: context, issued: issued)
            } catch let error as MemberError {
                return try await page(context: context, form: form, error: error)
            }
        }
    }

    private func page(context: CoopRequestContext, issued: IssuedInvitation? = nil, form: FormFields? = nil, error: MemberError? = nil) async throws -> Response {
        let members = try await directory.list(actor: context.actor, origin: context.origin)
        let canInvite = AccessPolicy.decide(context.actor, .inviteMembers).isAllowed
        let pending = canInvite ? try await directory.pendingInvitations(actor: context.actor, origin: context.origin) : []
        let language = context.language
        let chosen = Set(form?.all("roles") ?? [])
        var model: [String: Any] = [
            "members": members.map { member -> [String: Any] in
                [
                    "name": member.displayName.value, "email": member.email.value,
                    "roles": member.roles.sorted().map { renderer.catalog.text($0.messageKey, language) }.joined(separator: ", "),
                    "status": renderer.catalog.text("member.status.\(member.status.rawValue)", language),
                    "mfa": renderer.catalog.text(member.mfaEnabled ? "common.yes" : "common.no", language),
                ]
            },
            "count": renderer.catalog.text("members.count", language, ["count": String(members.count)]),
            "canInvite": canInvite,
            "roleChoices": Role.allCases.map { ["value": $0.rawValue, "label": renderer.catalog.text($0.messageKey, language), "checked": chosen.contains($0.rawValue)] },
            "pending": pending.map { ["email": $0.email?.value ?? "", "name": $0.displayName?.value ?? "", "expires": renderer.dateTime($0.expiresAt, context: context)] },
            "hasPending": !pending.isEmpty,
            "formEmail": String((form?["email"] ?? "").prefix(254)),
            "formName": String((form?["name"] ?? "").prefix(100)),
        ]
        if let issued {
            model["issuedLink"] = issued.link
            model["issuedExpires"] = renderer.dateTime(issued.expiresAt, context: context)
        }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("members", title: "members.title", model: model, status: status, context: context)
    }
}
