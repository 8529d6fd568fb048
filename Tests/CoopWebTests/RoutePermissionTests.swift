import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// Calls every route as every role (and anonymously) and checks who is let through.
@Suite struct RoutePermissionTests {
    /// Who is asking.
    enum Caller: CustomStringConvertible, CaseIterable {
        case anonymous, clinician, peerFacilitator, coordinator, treasurer, client, communityMember, clinicianWithoutMFA

        var roles: Set<Role> {
            switch self {
            case .anonymous: []
            case .clinician, .clinicianWithoutMFA: [.clinician]
            case .peerFacilitator: [.peerFacilitator]
            case .coordinator: [.coordinator]
            case .treasurer: [.treasurer]
            case .client: [.client]
            case .communityMember: [.communityMember]
            }
        }

        var description: String { String(describing: roles.first.map(\.rawValue) ?? "anonymous") + (self == .clinicianWithoutMFA ? "-no-mfa" : "") }
    }

    /// One route: how to call it and which callers get through.
    struct Route: CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var fields: [(String, String)] = []
        var allowed: Set<String>
        var description: String { "\(method) \(path)" }
    }

    static let everyone: Set<String> = ["anonymous", "clinician", "peer-facilitator", "coordinator", "treasurer", "client", "community-member", "clinician-no-mfa"]
    static let signedIn = everyone.subtracting(["anonymous"])
    static let fullySignedIn = signedIn.subtracting(["clinician-no-mfa"])

    static let routes: [Route] = [
        // A clinician who has not yet set up the second factor is sent to set it up.
        Route(method: .get, path: "/", allowed: everyone.subtracting(["clinician-no-mfa"])),
        Route(method: .get, path: "/sign-in", allowed: everyone),
        Route(method: .get, path: "/health", allowed: everyone),
        Route(method: .get, path: "/ready", allowed: everyone),
        Route(method: .get, path: "/metrics", allowed: everyone),
        Route(method: .get, path: "/static/app.css", allowed: everyone),
        Route(method: .get, path: "/account", allowed: signedIn),
        Route(method: .get, path: "/account/second-factor", allowed: signedIn),
        Route(method: .post, path: "/account/api-tokens", fields: [("name", "ci")], allowed: signedIn),
        Route(method: .get, path: "/members", allowed: ["coordinator", "treasurer"]),
        Route(method: .post, path: "/members/invitations", fields: [("name", "N"), ("email", "n@example.org"), ("roles", "client")], allowed: ["coordinator"]),
        Route(method: .get, path: "/audit", allowed: ["coordinator"]),
        Route(method: .post, path: "/audit/verify", allowed: ["coordinator"]),
        Route(method: .get, path: "/outbox", allowed: ["coordinator"]),
        Route(method: .get, path: "/api/v1/openapi.yaml", allowed: everyone),
        Route(method: .get, path: "/api/v1/me", allowed: fullySignedIn),
        Route(method: .get, path: "/api/v1/members", allowed: ["coordinator", "treasurer"]),
        Route(method: .get, path: "/api/v1/audit/verification", allowed: ["coordinator"]),
        // Groups and workshops: workshops are public; groups need a full sign-in; peer groups are started by
        // peer facilitators and coordinators; the profile editor is a clinician's own.
        Route(method: .get, path: "/workshops", allowed: everyone),
        Route(method: .get, path: "/groups", allowed: fullySignedIn),
        Route(
            method: .post, path: "/groups",
            fields: [("kind", "peer-support"), ("title", "Circle"), ("start", "2099-06-01T18:00"), ("minutes", "60"), ("seats", "8")],
            allowed: ["peer-facilitator", "coordinator"]
        ),
        Route(method: .get, path: "/account/profile", allowed: ["clinician"]),
    ]

    @Test(arguments: Caller.allCases)
    func everyRouteAsEveryCaller(caller: Caller) async throws {
        try await withApp { services, client in
            var browser = try await Browser.anonymous(client)
            var bearer: String?
            if caller != .anonymous {
                browser = try await Browser.member(services, roles: caller.roles, mfa: caller == .clinicianWithoutMFA ? false : nil)
                if caller != .clinicianWithoutMFA, let member = browser.member {
                    bearer = try await Accounts(services: services).createAPIToken(
                        actor: Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true), name: "t", origin: .system
                    )
                }
            }
            for route in Self.routes {
                let expected = route.allowed.contains(caller.description)
                let response: TestResponse
                if route.path.hasPrefix("/api/") {
                    var headers = HTTPFields()
                    if let bearer { headers[.authorization] = "Bearer \(bearer)" }
                    response = try await client.execute(uri: route.path, method: route.method, headers: headers)
                } else if route.method == .post {
                    response = try await client.post(route.path, route.fields, as: browser)
                } else {
                    response = try await client.get(route.path, as: browser)
                }
                let location = response.headers[.location] ?? ""
                let wasAllowed = response.status == .ok || (response.status == .seeOther && !location.hasPrefix("/sign-in") && !location.hasPrefix("/account/second-factor"))
                #expect(wasAllowed == expected, "\(caller) \(route): \(response.status) \(location)")
                if !expected, route.path.hasPrefix("/api/") {
                    #expect([.unauthorized, .forbidden].contains(response.status), "\(caller) \(route)")
                    #expect(response.text.contains("\"requestId\""))
                }
            }
        }
    }

    @Test func deniedAccessIsAudited() async throws {
        try await withApp { services, client in
            let browser = try await Browser.member(services, roles: [.client])
            let response = try await client.get("/audit", as: browser)
            #expect(response.status == .forbidden)
            #expect(response.text.contains("Your roles do not allow this."))
            let entries = try await services.database.read { sql in try await AuditStore().recent(limit: 5, sql: sql) }
            #expect(entries.contains { $0.action == .accessDenied && $0.actor == browser.member?.id.rawValue && $0.outcome == .denied })
        }
    }
}
