import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

@testable import CoopWeb

/// Runs `body` against the real router over a throwaway co-op (SQLite file, or PostgreSQL when
/// COOPCARE_TEST_POSTGRES_URL is set), with fast password hashing.
func withApp(clock: TestClock = TestClock(), _ body: @Sendable (CoopServices, any TestClientProtocol) async throws -> Void) async throws {
    let made = try await TestServices.make(clock: clock)
    do {
        let router = try await buildRouter(
            services: made.services, configuration: WebConfiguration(publicURL: "http://coop.test"), registry: PrometheusCollectorRegistry()
        )
        try await Application(router: router).test(.router) { client in try await body(made.services, client) }
        await made.cleanup()
    } catch {
        await made.cleanup()
        throw error
    }
}

/// A signed-in browser: the session cookie and the CSRF token its forms carry.
struct Browser: Sendable {
    var cookie: String
    var csrf: String
    var member: Member?

    /// Headers for a request from this browser.
    var headers: HTTPFields {
        var headers = HTTPFields()
        if !cookie.isEmpty { headers[.cookie] = cookie }
        return headers
    }

    /// An anonymous visitor who has loaded a page (and so holds a CSRF cookie).
    static func anonymous(_ client: any TestClientProtocol) async throws -> Browser {
        try await client.execute(uri: "/sign-in", method: .get) { response in
            let setCookie = response.headers[values: .setCookie].first { $0.hasPrefix("coopcare_csrf=") } ?? ""
            let cookie = String(setCookie.split(separator: ";").first ?? "")
            return Browser(cookie: cookie, csrf: csrfField(in: String(buffer: response.body)), member: nil)
        }
    }

    /// A member with `roles` already signed in (second factor passed where the roles need it).
    static func member(_ services: CoopServices, roles: Set<Role>, mfa: Bool? = nil, language: Language = .english) async throws -> Browser {
        let (member, _) = try await TestServices.member(services, roles: roles, mfa: mfa, language: language)
        let (token, record) = try await services.database.transaction { sql in
            try await SessionStore().create(memberID: member.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
        }
        return Browser(cookie: "coopcare_session=\(token)", csrf: record.csrfToken, member: member)
    }
}

/// Reads the value of the first hidden `csrf` field on a page.
func csrfField(in html: String) -> String {
    guard let range = html.range(of: "name=\"csrf\" value=\"") else { return "" }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

/// Form-encodes fields.
func formBody(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    return ByteBuffer(string: text)
}

extension TestClientProtocol {
    /// Posts a form as `browser`, adding its CSRF token unless `csrf` says otherwise.
    func post(_ uri: String, _ fields: [(String, String)], as browser: Browser, csrf: String? = nil) async throws -> TestResponse {
        var headers = browser.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await execute(uri: uri, method: .post, headers: headers, body: formBody([("csrf", csrf ?? browser.csrf)] + fields))
    }

    /// Gets a page as `browser`.
    func get(_ uri: String, as browser: Browser, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = browser.headers
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The value of a cookie the response sets.
    func cookie(_ name: String) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix(name + "=") }.map { String($0.split(separator: ";")[0].dropFirst(name.count + 1)) }
    }
}
