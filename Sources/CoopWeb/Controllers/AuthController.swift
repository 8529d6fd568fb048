import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// Sign-in with password and second factor, sign-out, and the language switcher.
struct AuthController {
    let accounts: Accounts
    let renderer: PageRenderer
    let secureCookies: Bool

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteURL.signIn)) { request, context in
            if context.actor.isSignedIn { return Response.redirect(to: SiteURL.home) }
            return signInPage(next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)), email: "", error: nil, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteURL.signIn)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let next = Self.safeNext(form["next"])
            do {
                switch try await accounts.signIn(email: form["email"], password: form["password"], origin: context.origin) {
                case .signedIn(let token):
                    return signedIn(token: token, to: next)
                case .needsSecondFactor(let token):
                    var response = Response.redirect(to: SiteURL.secondFactor + "?next=" + Self.encode(next))
                    response.setCookie(SessionMiddleware.sessionCookie(token, secure: secureCookies))
                    return response
                }
            } catch let error as MemberError {
                return signInPage(next: next, email: String(form["email"].prefix(254)), error: error, context: context)
            }
        }
        router.get(RouterPath(stringLiteral: SiteURL.secondFactor)) { request, context in
            guard context.session?.record.mfaPending == true else { return Response.redirect(to: SiteURL.signIn) }
            return secondFactorPage(next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)), error: nil, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteURL.secondFactor)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let next = Self.safeNext(form["next"])
            guard let pending = request.cookies[SessionMiddleware.sessionCookie]?.value, context.session?.record.mfaPending == true else {
                return Response.redirect(to: SiteURL.signIn)
            }
            do {
                let token = try await accounts.verifySecondFactor(pendingToken: pending, code: form["code"], origin: context.origin)
                return signedIn(token: token, to: next)
            } catch MemberError.secondFactorNotStarted {
                return Response.redirect(to: SiteURL.signIn)
            } catch let error as MemberError {
                return secondFactorPage(next: next, error: error, context: context)
            }
        }
        router.post(RouterPath(stringLiteral: SiteURL.signOut)) { _, context in
            if let session = context.session { try await accounts.signOut(session: session, origin: context.origin) }
            var response = Response.redirect(to: SiteURL.signIn + "?signed-out=1")
            response.setCookie(SessionMiddleware.expired(SessionMiddleware.sessionCookie, secure: secureCookies))
            return response
        }
        router.post(RouterPath(stringLiteral: SiteURL.language)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            guard let language = Language(rawValue: form["language"]) else { throw HTTPError(.badRequest) }
            if context.actor.isSignedIn {
                try await accounts.setLanguage(actor: context.actor, language: language, origin: context.origin)
            }
            var response = Response.redirect(to: Self.safeNext(form["next"]))
            response.setCookie(Cookie(name: SessionMiddleware.languageCookie, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                                      secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    private func signedIn(token: String, to next: String) -> Response {
        var response = Response.redirect(to: next)
        response.setCookie(SessionMiddleware.sessionCookie(token, secure: secureCookies))
        return response
    }

    private func signInPage(next: String, email: String, error: MemberError?, context: CoopRequestContext) -> Response {
        var model: [String: Any] = ["next": next, "email": email]
        let status = renderer.note(error, in: &model, context: context)
        var response = renderer.render("sign-in", title: "signin.title", model: model, status: status, context: context)
        if case .throttled(let seconds) = error { response.headers[.retryAfter] = String(Int(seconds)) }
        return response
    }

    private func secondFactorPage(next: String, error: MemberError?, context: CoopRequestContext) -> Response {
        var model: [String: Any] = ["next": next]
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("second-factor", title: "mfa.title", model: model, status: status, context: context)
    }

    /// Only a path on this site may follow sign-in (no open redirects).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 300 else { return SiteURL.home }
        return next
    }

    static func encode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
    }
}
