import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

@Suite struct AccountFlowTests {
    /// Invitation → password → MFA enrolment → sign out → sign in with a TOTP code → Spanish → sign out.
    @Test func invitedClinicianJoinsEnrolsAndSignsInWithTOTP() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_900_000_000))
        try await withApp(clock: clock) { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let invited = try await client.post(
                "/members/invitations", [("name", "Robin Example"), ("email", "robin@example.org"), ("roles", "clinician")], as: coordinator
            )
            #expect(invited.status == .ok)
            let link = try #require(invited.text.firstMatch(of: /invitations\/([A-Za-z0-9_-]+)/))
            let path = "/invitations/\(link.1)"

            var visitor = try await Browser.anonymous(client)
            let form = try await client.get(path, as: visitor)
            #expect(form.status == .ok)
            #expect(form.text.contains("robin@example.org"))
            let accepted = try await client.post(path, [("password", "tidepool lantern"), ("confirmation", "tidepool lantern")], as: visitor)
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location] == "/account/second-factor")
            let session = try #require(accepted.cookie("coopcare_session"))
            visitor.cookie = "coopcare_session=\(session)"

            // Until the second factor is set up, a clinician can reach nothing else.
            let blocked = try await client.get("/", as: visitor)
            #expect(blocked.status == .seeOther)
            #expect(blocked.headers[.location] == "/account/second-factor")

            let enrolPage = try await client.get("/account/second-factor", as: visitor)
            visitor.csrf = csrfField(in: enrolPage.text)
            _ = try await client.post("/account/second-factor/start", [], as: visitor)
            let withSecret = try await client.get("/account/second-factor", as: visitor)
            let secretText = try #require(withSecret.text.firstMatch(of: /data-secret="([A-Z2-7]+)"/))
            let totp = TOTP(secret: try #require(Base32.decode(String(secretText.1))))
            let codes = try await client.post("/account/second-factor/confirm", [("code", totp.code(at: clock.now))], as: visitor)
            #expect(codes.status == .ok)
            #expect(codes.text.contains("recovery-codes"))
            let recovery = try #require(codes.text.firstMatch(of: /<li><code>([a-z0-9-]+)<\/code><\/li>/))

            let home = try await client.get("/", as: visitor)
            #expect(home.status == .ok)
            #expect(home.text.contains("Welcome, Robin Example."))
            let signedOut = try await client.post("/sign-out", [], as: visitor)
            #expect(signedOut.status == .seeOther)
            #expect(try await client.get("/account", as: visitor).status == .seeOther)

            // Sign in again: password, then the next TOTP code (the one used at enrolment cannot be replayed).
            var returning = try await Browser.anonymous(client)
            let first = try await client.post("/sign-in", [("email", "ROBIN@example.org"), ("password", "tidepool lantern"), ("next", "/account")], as: returning)
            #expect(first.status == .seeOther)
            #expect(first.headers[.location]?.hasPrefix("/sign-in/second-factor") == true)
            returning.cookie = "coopcare_session=\(try #require(first.cookie("coopcare_session")))"
            let pendingPage = try await client.get("/sign-in/second-factor?next=%2Faccount", as: returning)
            returning.csrf = csrfField(in: pendingPage.text)
            #expect(try await client.get("/account", as: returning).status == .seeOther)
            let replay = try await client.post("/sign-in/second-factor", [("code", totp.code(at: clock.now)), ("next", "/account")], as: returning)
            #expect(replay.status == .unauthorized)
            #expect(replay.text.contains("That code was already used"))
            clock.advance(30)
            let second = try await client.post("/sign-in/second-factor", [("code", totp.code(at: clock.now)), ("next", "/account")], as: returning)
            #expect(second.status == .seeOther)
            #expect(second.headers[.location] == "/account")
            let fresh = try #require(second.cookie("coopcare_session"))
            #expect(fresh != returning.cookie.replacingOccurrences(of: "coopcare_session=", with: ""))
            returning.cookie = "coopcare_session=\(fresh)"
            let account = try await client.get("/account", as: returning)
            #expect(account.status == .ok)
            returning.csrf = csrfField(in: account.text)

            let spanish = try await client.post("/language", [("language", "es"), ("next", "/account")], as: returning)
            #expect(spanish.status == .seeOther)
            let cuenta = try await client.get("/account", as: returning)
            #expect(cuenta.text.contains("<html lang=\"es\">"))
            #expect(cuenta.text.contains("Cerrar sesión"))
            #expect(try await client.post("/sign-out", [], as: returning).status == .seeOther)

            // A recovery code also completes sign-in, once.
            var lostPhone = try await Browser.anonymous(client)
            let step = try await client.post("/sign-in", [("email", "robin@example.org"), ("password", "tidepool lantern")], as: lostPhone)
            lostPhone.cookie = "coopcare_session=\(try #require(step.cookie("coopcare_session")))"
            lostPhone.csrf = csrfField(in: try await client.get("/sign-in/second-factor", as: lostPhone).text)
            let viaRecovery = try await client.post("/sign-in/second-factor", [("code", String(recovery.1))], as: lostPhone)
            #expect(viaRecovery.status == .seeOther)

            let verification = try await services.database.read { sql in try await AuditStore().verify(sql: sql) }
            guard case .intact(let entries) = verification else { Issue.record("audit chain broken: \(verification)"); return }
            #expect(entries >= 8)
        }
    }

    @Test func firstRunSetupLinkCreatesTheFirstCoordinatorOnce() async throws {
        try await withApp { services, client in
            let link = try #require(try await Accounts(services: services).setupLinkIfNeeded())
            let path = String(link.dropFirst("http://coop.test".count))
            let visitor = try await Browser.anonymous(client)
            let page = try await client.get(path, as: visitor)
            #expect(page.text.contains("Create the first account"))
            let created = try await client.post(
                path, [("name", "Sam Founder"), ("email", "sam@example.org"), ("password", "orchard ladder"), ("confirmation", "orchard ladder")],
                as: visitor
            )
            #expect(created.status == .seeOther)
            #expect(try await Accounts(services: services).setupLinkIfNeeded() == nil)
            let again = try await client.post(
                path, [("name", "Eve"), ("email", "eve@example.org"), ("password", "orchard ladder"), ("confirmation", "orchard ladder")],
                as: visitor
            )
            #expect(again.status == .gone)
            let members = try await services.database.read { sql in try await MemberStore().all(sql: sql) }
            #expect(members.map(\.email.value) == ["sam@example.org"])
            #expect(members.first?.roles == [.coordinator])
        }
    }

    @Test func signOutEverywhereEndsEverySession() async throws {
        try await withApp { services, client in
            let browser = try await Browser.member(services, roles: [.client])
            let member = try #require(browser.member)
            _ = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: member.id, mfaPending: false, sourceAddress: nil, now: services.now(), sql: sql)
            }
            let response = try await client.post("/account/sign-out-everywhere", [], as: browser)
            #expect(response.status == .seeOther)
            let left = try await services.database.read { sql in try await SessionStore().count(memberID: member.id, sql: sql) }
            #expect(left == 0)
        }
    }

    @Test func idleSessionExpires() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { services, client in
            let browser = try await Browser.member(services, roles: [.clinician])
            #expect(try await client.get("/account", as: browser).status == .ok)
            clock.advance(31 * 60)
            let expired = try await client.get("/account", as: browser)
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location]?.hasPrefix("/sign-in") == true)
        }
    }
}
