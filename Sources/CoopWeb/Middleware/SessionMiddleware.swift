import CoopApp
import CoopData
import CoopDomain
import Crypto
import Foundation
import Hummingbird

/// Finds who is asking and in which language: an API bearer token under `/api/`, else the session cookie;
/// then the account's language, the language cookie, or Accept-Language. Sets the CSRF token forms must carry.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = CoopRequestContext
    static let sessionCookie = "coopcare_session"
    static let languageCookie = "coopcare_lang"
    static let csrfCookie = "coopcare_csrf"

    let accounts: Accounts
    let csrfKey: SymmetricKey
    let secureCookies: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let path = request.uri.path
        context.path = request.method == .get ? path : "/"
        if path.hasPrefix("/static/") || path == "/health" || path == "/ready" || path == "/metrics" {
            return try await next(request, context)
        }
        context.language = request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) }
            ?? request.headers[.acceptLanguage].flatMap(Language.preferred(fromAcceptLanguage:)) ?? .english
        if path.hasPrefix("/api/") {
            if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
                if let (actor, member) = try await accounts.resolveAPIToken(String(header.dropFirst(7))) {
                    context.apiActor = actor
                    context.language = member.language
                    context.timeZone = member.timeZone
                }
            }
            return try await next(request, context)
        }
        var clearSession = false
        if let cookie = request.cookies[Self.sessionCookie] {
            if let session = try await accounts.resolveSession(token: cookie.value) {
                context.session = session
                context.language = session.member.language
                context.timeZone = session.member.timeZone
                context.csrfToken = session.record.csrfToken
            } else {
                clearSession = true
            }
        }
        if context.session == nil {
            let seed = request.cookies[Self.csrfCookie]?.value ?? {
                let fresh = SecretToken.make()
                context.newCSRFCookie = fresh
                return fresh
            }()
            context.csrfToken = Self.sign(seed, key: csrfKey)
        }
        var response = try await next(request, context)
        // Never on a response shared caches may keep (a public photo): they would hand the same cookie to everyone.
        if let fresh = context.newCSRFCookie, !(response.headers[.cacheControl] ?? "").hasPrefix("public") {
            response.setCookie(Cookie(name: Self.csrfCookie, value: fresh, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        if clearSession, response.headers[.setCookie] == nil || !(response.headers[values: .setCookie].contains { $0.hasPrefix(Self.sessionCookie) }) {
            response.setCookie(Self.expired(Self.sessionCookie, secure: secureCookies))
        }
        return response
    }

    /// The anonymous CSRF token: an HMAC of the visitor's random cookie, so it cannot be forged without the key.
    static func sign(_ seed: String, key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(seed.utf8), using: key)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A session cookie: HttpOnly, SameSite=Lax, Secure behind TLS, no lifetime (it ends with the browser or the server's timeouts).
    static func sessionCookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: sessionCookie, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// A cookie that removes itself.
    static func expired(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
