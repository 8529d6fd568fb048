import CoopApp
import CoopDomain
import Foundation
import Hummingbird

/// Accepting an invitation (and the first-run setup link): choose a password, and for setup, a name and email.
struct InvitationController {
    let accounts: Accounts
    let renderer: PageRenderer
    let secureCookies: Bool

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get("/invitations/:token") { request, context in
            let token = try context.parameters.require("token")
            let summary = try await accounts.invitation(token: token)
            return page(token: token, summary: summary, form: nil, error: nil, context: context)
        }
        router.post("/invitations/:token") { request, context in
            var request = request
            let token = try context.parameters.require("token")
            let form = try await FormFields.read(&request, context: context)
            let summary = try await accounts.invitation(token: token)
            do {
                let sessionToken = try await accounts.acceptInvitation(
                    token: token, email: form["email"], displayName: form["name"], password: form["password"],
                    confirmation: form["confirmation"], language: context.language, origin: context.origin
                )
                var response = Response.redirect(to: summary.roles.requireMFA ? SiteURL.accountMFA : SiteURL.home)
                response.setCookie(SessionMiddleware.sessionCookie(sessionToken, secure: secureCookies))
                return response
            } catch let error as MemberError {
                return page(token: token, summary: summary, form: form, error: error, context: context)
            }
        }
    }

    private func page(token: String, summary: InvitationSummary, form: FormFields?, error: MemberError?, context: CoopRequestContext) -> Response {
        let language = context.language
        var model: [String: Any] = [
            "token": token,
            "isSetup": summary.isSetup,
            "email": summary.email?.value ?? String((form?["email"] ?? "").prefix(254)),
            "name": summary.displayName?.value ?? String((form?["name"] ?? "").prefix(100)),
            "roles": summary.roles.sorted().map { renderer.catalog.text($0.messageKey, language) }.joined(separator: ", "),
            "passwordHint": renderer.catalog.text("invite.password_hint", language, ["min": String(summary.minimumPasswordLength)]),
            "minLength": summary.minimumPasswordLength,
            "mfaRequired": summary.roles.requireMFA,
        ]
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("invitation", title: summary.isSetup ? "setup.title" : "invite.accept_title", model: model, status: status, context: context)
    }
}
