import CoopApp
import CoopDomain
import Foundation
import Hummingbird

/// The member's own account: language, second factor, sessions and API tokens.
struct AccountController {
    let accounts: Accounts
    let renderer: PageRenderer
    let secureCookies: Bool

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteURL.account)) { request, context in
            try await accountPage(context: context, saved: request.uri.queryParameters["saved"] == "zone")
        }
        router.post(RouterPath(stringLiteral: SiteURL.accountSignOutEverywhere)) { _, context in
            _ = try await accounts.signOutEverywhere(actor: context.actor, origin: context.origin)
            var response = Response.redirect(to: SiteURL.signIn + "?signed-out=1")
            response.setCookie(SessionMiddleware.expired(SessionMiddleware.sessionCookie, secure: secureCookies))
            return response
        }
        router.get(RouterPath(stringLiteral: SiteURL.accountMFA)) { _, context in
            let session = try requireSession(context)
            let pending = try await accounts.pendingMFAEnrolment(session: session, origin: context.origin)
            return mfaPage(session: session, enrolment: pending, error: nil, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteURL.accountMFAStart)) { _, context in
            let session = try requireSession(context)
            _ = try await accounts.beginMFAEnrolment(session: session, origin: context.origin)
            return Response.redirect(to: SiteURL.accountMFA)
        }
        router.post(RouterPath(stringLiteral: SiteURL.accountMFAConfirm)) { request, context in
            var request = request
            let session = try requireSession(context)
            let form = try await FormFields.read(&request, context: context)
            do {
                let codes = try await accounts.confirmMFAEnrolment(session: session, code: form["code"], origin: context.origin)
                return renderer.render("recovery-codes", title: "mfa.codes_title", model: ["codes": codes], context: context)
            } catch let error as MemberError {
                let pending = try await accounts.pendingMFAEnrolment(session: session, origin: context.origin)
                return mfaPage(session: session, enrolment: pending, error: error, context: context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteURL.accountTokens)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                let token = try await accounts.createAPIToken(actor: context.actor, name: form["name"], origin: context.origin)
                return try await accountPage(context: context, newToken: token)
            } catch let error as MemberError {
                return try await accountPage(context: context, error: error)
            }
        }
        router.post("/account/time-zone") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let name = form["zone"].trimmingCharacters(in: .whitespaces)
            do {
                let zone = name.isEmpty ? nil : try IANATimeZone(name)
                try await accounts.setTimeZone(actor: context.actor, zone: zone, origin: context.origin)
                return Response.redirect(to: SiteURL.account + "?saved=zone")
            } catch let error as SchedulingError {
                return try await accountPage(context: context, error: error)
            }
        }
        router.post("/account/api-tokens/:id/revoke") { _, context in
            let id = try context.parameters.require("id")
            try await accounts.revokeAPIToken(actor: context.actor, tokenID: id, origin: context.origin)
            return Response.redirect(to: SiteURL.account)
        }
    }

    private func requireSession(_ context: CoopRequestContext) throws -> SignedInSession {
        guard let session = context.session, context.actor.isSignedIn else { throw AccessDenied(.notSignedIn) }
        return session
    }

    private func accountPage(context: CoopRequestContext, newToken: String? = nil, saved: Bool = false, error: (any Error)? = nil) async throws -> Response {
        let session = try requireSession(context)
        let overview = try await accounts.overview(session: session, origin: context.origin)
        let tokens = overview.apiTokens
        let remaining = overview.recoveryCodesLeft
        let language = context.language
        var model: [String: Any] = [
            "name": session.member.displayName.value,
            "email": session.member.email.value,
            "roles": session.member.roles.sorted().map { renderer.catalog.text($0.messageKey, language) }.joined(separator: ", "),
            "mfaEnabled": session.member.mfaEnabled,
            "recoveryRemaining": renderer.catalog.text("account.recovery_remaining", language, ["count": String(remaining)]),
            "languages": Language.allCases.map { ["code": $0.rawValue, "name": renderer.catalog.text("language.\($0.rawValue)", language),
                                                  "selected": $0 == language] },
            "tokens": tokens.map { token -> [String: Any] in
                ["id": token.id, "name": token.name, "created": renderer.dateTime(token.createdAt, context: context),
                 "revoked": token.revokedAt.map { renderer.dateTime($0, context: context) } ?? "", "active": token.revokedAt == nil]
            },
            "hasTokens": !tokens.isEmpty,
            "zoneChoices": zoneChoices(session.member.timeZone, language: language),
        ]
        if let newToken { model["newToken"] = newToken }
        if saved { model["done"] = renderer.catalog.text("zone.saved", language) }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("account", title: "account.title", model: model, status: status, context: context)
    }

    /// The account page's time zone choices: the co-op's zone (no choice stored) first, then the zones the care pages
    /// offer, with the member's own marked (added when it is not among them).
    private func zoneChoices(_ current: IANATimeZone?, language: Language) -> [[String: Any]] {
        let coop = renderer.catalog.text("zone.coop", language, ["zone": renderer.coopZone.identifier])
        var names = CareController.zones
        if let current, !names.contains(current.identifier) { names.append(current.identifier) }
        return [["value": "", "label": coop, "selected": current == nil]]
            + names.map { ["value": $0, "label": $0, "selected": $0 == current?.identifier] }
    }

    private func mfaPage(session: SignedInSession, enrolment: MFAEnrolment?, error: MemberError?, context: CoopRequestContext) -> Response {
        var model: [String: Any] = ["enabled": session.member.mfaEnabled, "required": session.member.mustUseMFA]
        if let enrolment {
            model["secret"] = enrolment.secretBase32
            // Groups of four characters are easier to type into an authenticator by hand.
            model["secretGrouped"] = stride(from: 0, to: enrolment.secretBase32.count, by: 4).map { offset in
                let start = enrolment.secretBase32.index(enrolment.secretBase32.startIndex, offsetBy: offset)
                let end = enrolment.secretBase32.index(start, offsetBy: 4, limitedBy: enrolment.secretBase32.endIndex) ?? enrolment.secretBase32.endIndex
                return String(enrolment.secretBase32[start..<end])
            }.joined(separator: " ")
            model["uri"] = enrolment.provisioningURI
            // Drawn on the server as SVG, so the page needs no JavaScript to show a code the phone can scan.
            model["qrSVG"] = try? QRCode(text: enrolment.provisioningURI).svg(
                moduleSize: 5, title: renderer.catalog.text("mfa.qr_title", context.language)
            )
        }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("mfa-enrol", title: "mfa.enrol_title", model: model, status: status, context: context)
    }
}
