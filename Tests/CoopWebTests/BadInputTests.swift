import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// Malformed, oversized and forged input: a clear 4xx in the viewer's language, never a 500, nothing changed.
@Suite struct BadInputTests {
    func memberCount(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in try await MemberStore().count(sql: sql) }
    }

    func invitationPath(_ services: CoopServices) async throws -> String {
        let issued = try await Accounts(services: services).inviteFromTerminal(email: "new@example.org", displayName: "New Person", roles: ["client"])
        return String(issued.link.dropFirst("http://coop.test".count))
    }

    @Test func megabytePasswordIsRefusedAsTooLarge() async throws {
        try await withApp { services, client in
            let path = try await invitationPath(services)
            let visitor = try await Browser.anonymous(client)
            let huge = String(repeating: "p", count: 1_000_000)
            let response = try await client.post(path, [("password", huge), ("confirmation", huge)], as: visitor)
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("too large"))
            #expect(try await memberCount(services) == 0)
            let signIn = try await client.post("/sign-in", [("email", "x@example.org"), ("password", huge)], as: visitor)
            #expect(signIn.status == .contentTooLarge)
        }
    }

    @Test func tenThousandCharacterNameGetsAClearMessageInSpanishToo() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator], language: .spanish)
            let response = try await client.post(
                "/members/invitations", [("name", String(repeating: "n", count: 10_000)), ("email", "x@example.org"), ("roles", "client")], as: coordinator
            )
            #expect(response.status == .badRequest)
            #expect(response.text.contains("Un nombre puede tener como máximo 100 caracteres."))
            let pending = try await services.database.read { sql in try await InvitationStore().pending(now: Date(), sql: sql) }
            #expect(pending.isEmpty)
        }
    }

    @Test(arguments: [
        ("not-an-email", "client", "Enter an email address like name@example.org."),
        ("a@example.org", "overlord", "Choose roles from the list."),
        ("a@example.org", "", "Choose at least one role."),
    ])
    func invitationFormErrors(email: String, role: String, message: String) async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            var fields = [("name", "Someone"), ("email", email)]
            if !role.isEmpty { fields.append(("roles", role)) }
            let response = try await client.post("/members/invitations", fields, as: coordinator)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(message))
        }
    }

    @Test func missingOrWrongCSRFTokenIsRefusedAndAudited() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let fields = [("name", "N"), ("email", "n@example.org"), ("roles", "client")]
            let wrong = try await client.post("/members/invitations", fields, as: coordinator, csrf: "forged")
            #expect(wrong.status == .forbidden)
            #expect(wrong.text.contains("This form has expired"))
            let missing = try await client.post("/members/invitations", fields, as: coordinator, csrf: "")
            #expect(missing.status == .forbidden)
            // An anonymous form post without the visitor's cookie cannot carry a valid token either.
            let stranger = Browser(cookie: "", csrf: "anything", member: nil)
            #expect(try await client.post("/sign-in", [("email", "a@example.org"), ("password", "x")], as: stranger).status == .forbidden)
            let entries = try await services.database.read { sql in try await AuditStore().recent(limit: 10, sql: sql) }
            #expect(entries.filter { $0.action == .csrfRejected }.count == 3)
            let pending = try await services.database.read { sql in try await InvitationStore().pending(now: Date(), sql: sql) }
            #expect(pending.isEmpty)
        }
    }

    @Test func expiredUsedAndUnknownInvitations() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { services, client in
            let path = try await invitationPath(services)
            let visitor = try await Browser.anonymous(client)
            clock.advance(8 * 24 * 3600)
            let expired = try await client.get(path, as: visitor)
            #expect(expired.status == .gone)
            #expect(expired.text.contains("This invitation has expired."))
            let unknown = try await client.get("/invitations/not-a-real-token", as: visitor)
            #expect(unknown.status == .notFound)
            #expect(try await memberCount(services) == 0)
        }
    }

    @Test func passwordRulesAreExplained() async throws {
        try await withApp { services, client in
            let path = try await invitationPath(services)
            let visitor = try await Browser.anonymous(client)
            let cases: [(String, String, String)] = [
                ("short pass", "short pass", "Use at least 15 characters."),
                ("1qaz2wsx3edc4rfv", "1qaz2wsx3edc4rfv", "This password is too common"),
                ("a good long passphrase", "a different passphrase", "The two passwords are not the same."),
                ("my coopcare passphrase", "my coopcare passphrase", "Do not use your name"),
            ]
            for (password, confirmation, message) in cases {
                let response = try await client.post(path, [("password", password), ("confirmation", confirmation)], as: visitor)
                #expect(response.status == .badRequest, "\(password)")
                #expect(response.text.contains(message), "\(password)")
            }
            #expect(try await memberCount(services) == 0)
        }
    }

    @Test func wrongPasswordsAreThrottledProgressivelyNeverLockedForGood() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { services, client in
            try await TestServices.member(services, roles: [.client], email: "c@example.org", password: "correct horse battery")
            let visitor = try await Browser.anonymous(client)
            // Three failures are free; the fourth makes the next try wait a second, then two, four …
            for _ in 0..<4 {
                let response = try await client.post("/sign-in", [("email", "c@example.org"), ("password", "wrong")], as: visitor)
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("That email and password do not match an account."))
            }
            let throttled = try await client.post("/sign-in", [("email", "c@example.org"), ("password", "correct horse battery")], as: visitor)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)
            clock.advance(2)
            let allowed = try await client.post("/sign-in", [("email", "c@example.org"), ("password", "correct horse battery")], as: visitor)
            #expect(allowed.status == .seeOther)
            let failures = try await services.database.read { sql in try await AuditStore().recent(limit: 20, sql: sql) }
            #expect(failures.filter { $0.action == .signIn && $0.outcome == .failure }.count == 4)
            #expect(failures.contains { $0.action == .signIn && $0.outcome == .success })
        }
    }

    @Test func unknownRoutesAndBadIdsGiveAPageInTheViewersLanguage() async throws {
        try await withApp { services, client in
            let visitor = try await Browser.anonymous(client)
            let missing = try await client.get("/no/such/page", as: visitor, headers: [.acceptLanguage: "es"])
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("Página no encontrada"))
            let requestID = try #require(missing.headers[HTTPField.Name("X-Request-ID")!])
            #expect(missing.text.contains(requestID))
            let member = try await Browser.member(services, roles: [.client])
            let badID = try await client.post("/account/api-tokens/12abc/revoke", [], as: member)
            #expect(badID.status == .notFound)
            let apiMissing = try await client.execute(uri: "/api/v1/nothing", method: .get)
            #expect(apiMissing.status == .notFound)
            #expect(apiMissing.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test func openRedirectsAreRefused() {
        #expect(AuthController.safeNext("https://evil.example/") == "/")
        #expect(AuthController.safeNext("//evil.example/") == "/")
        #expect(AuthController.safeNext("/\\evil.example") == "/")
        #expect(AuthController.safeNext("/account") == "/account")
    }
}
