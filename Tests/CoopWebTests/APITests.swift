import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

@Suite struct APITests {
    /// The served document, parsed (it is written in JSON syntax, which YAML 1.2 reads as well).
    func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
        let json = response.text.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    func token(_ services: CoopServices, roles: Set<Role>) async throws -> String {
        let (member, _) = try await TestServices.member(services, roles: roles)
        return try await Accounts(services: services).createAPIToken(
            actor: Actor(memberID: member.id, roles: roles, mfaSatisfied: true), name: "test", origin: .system
        )
    }

    /// Every documented operation exists and answers as its schema says, for an allowed and a refused caller.
    @Test func everyDocumentedOperationAnswersPerItsSchema() async throws {
        try await withApp { services, client in
            let spec = try await document(client)
            #expect(spec["openapi"] as? String == "3.1.0")
            let check = JSONSchemaCheck(components: try #require(spec["components"] as? [String: Any]))
            let coordinator = try await token(services, roles: [.coordinator])
            let paths = try #require(spec["paths"] as? [String: [String: Any]])
            #expect(Set(paths.keys) == Set(APIController.methods.keys))
            for (path, operations) in paths {
                for (method, operation) in operations {
                    #expect(method == "get")
                    let responses = try #require((operation as? [String: Any])?["responses"] as? [String: Any])
                    for (caller, bearer) in [("coordinator", coordinator as String?), ("nobody", nil)] {
                        var headers = HTTPFields()
                        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
                        let response = try await client.execute(uri: path, method: .get, headers: headers)
                        let declared = try #require(responses[String(response.status.code)] as? [String: Any], "\(caller) \(path): \(response.status) undocumented")
                        let content = (declared["content"] as? [String: Any]) ?? (((declared["$ref"] as? String).flatMap { _ in
                            ((spec["components"] as? [String: Any])?["responses"] as? [String: Any])?["Error"] as? [String: Any]
                        })?["content"] as? [String: Any]) ?? [:]
                        if let json = content["application/json"] as? [String: Any], let schema = json["schema"] as? [String: Any] {
                            let body = try JSONSerialization.jsonObject(with: Data(response.text.utf8))
                            let problems = check.problems(body, schema)
                            #expect(problems.isEmpty, "\(caller) \(path): \(problems)")
                        }
                    }
                }
            }
        }
    }

    @Test func tokensAuthenticateAndCanBeRevoked() async throws {
        try await withApp { services, client in
            let browser = try await Browser.member(services, roles: [.client])
            let page = try await client.post("/account/api-tokens", [("name", "my script")], as: browser)
            let token = try #require(page.text.firstMatch(of: /id="new-token">(cc_[A-Za-z0-9_-]+)</)).1
            let me = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(me.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(me.text.utf8)) as? [String: Any])
            #expect(body["email"] as? String == browser.member?.email.value)
            #expect(body["roles"] as? [String] == ["client"])

            let tokens = try await services.database.read { sql in try await CredentialStore().apiTokens(for: browser.member!.id, sql: sql) }
            let id = try #require(tokens.first?.id)
            #expect(try await client.post("/account/api-tokens/\(id)/revoke", [], as: browser).status == .seeOther)
            let after = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(after.status == .unauthorized)
            // Someone else's token id cannot be revoked by another member.
            let other = try await Browser.member(services, roles: [.client])
            #expect(try await client.post("/account/api-tokens/\(id)/revoke", [], as: other).status == .notFound)
        }
    }

    @Test func tokensAreStoredOnlyAsHashesAndCookiesDoNotAuthenticateTheAPI() async throws {
        try await withApp { services, client in
            let token = try await token(services, roles: [.coordinator])
            let stored = try await services.database.read { sql in
                try await sql.raw("SELECT token_hash FROM api_tokens").all().map { try $0.decode(column: "token_hash", as: String.self) }
            }
            #expect(stored == [SecretToken.hash(token)])
            let browser = try await Browser.member(services, roles: [.coordinator])
            #expect(try await client.get("/api/v1/members", as: browser).status == .unauthorized)
            let garbage = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer cc_" + String(repeating: "x", count: 5000)])
            #expect(garbage.status == .unauthorized)
        }
    }

    @Test func apiErrorsAreJSONInTheTokenOwnersLanguage() async throws {
        try await withApp { services, client in
            let (member, _) = try await TestServices.member(services, roles: [.client], language: .spanish)
            let token = try await Accounts(services: services).createAPIToken(
                actor: Actor(memberID: member.id, roles: [.client], mfaSatisfied: true), name: "t", origin: .system
            )
            let response = try await client.execute(uri: "/api/v1/members", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(response.status == .forbidden)
            #expect(response.text.contains("Sus funciones no permiten esto."))
            let wrongMethod = try await client.execute(uri: "/api/v1/members", method: .delete, headers: [.authorization: "Bearer \(token)"])
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "GET")
        }
    }
}

@Suite struct OperationsTests {
    @Test func healthReadyMetricsAndSecurityHeaders() async throws {
        try await withApp { _, client in
            #expect(try await client.execute(uri: "/health", method: .get).text == "ok\n")
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            _ = try await client.execute(uri: "/", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("coopcare_http_requests_total"))
            #expect(metrics.text.contains("coopcare_http_request_duration_seconds"))
            let page = try await client.execute(uri: "/sign-in", method: .get)
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[.strictTransportSecurity] == nil)
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("coopcare_csrf=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!page.text.contains("<script"))
            #expect(!page.text.contains("style=\""))
        }
    }
}
