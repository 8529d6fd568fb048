import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// The route-permission table for the governance pages: every caller against every route.
@Suite struct GovernanceRoutePermissionTests {
    typealias Caller = RoutePermissionTests.Caller

    static let everyone = RoutePermissionTests.everyone
    static let fullySignedIn = RoutePermissionTests.fullySignedIn

    /// Routes; `{poll}` is replaced by an open poll's id, `{closed}` by a closed election's and `{author}` by the poll author's id.
    static let routes: [RoutePermissionTests.Route] = [
        .init(method: .get, path: "/proposals", allowed: fullySignedIn),
        .init(method: .post, path: "/proposals", fields: [("title", "T"), ("type", "ordinary"), ("kind", "proposal")], allowed: fullySignedIn),
        .init(method: .get, path: "/proposals/{poll}", allowed: fullySignedIn),
        .init(method: .post, path: "/proposals/{poll}/proxy", fields: [("holder", "{author}")], allowed: fullySignedIn),
        .init(method: .post, path: "/proposals/{poll}/vote", fields: [("stance", "abstain")], allowed: fullySignedIn),
        // Nobody writes an outcome while voting is open.
        .init(method: .post, path: "/proposals/{poll}/outcome", fields: [("outcome", "Done")], allowed: []),
        .init(method: .get, path: "/settings", allowed: fullySignedIn),
        .init(method: .get, path: "/register", allowed: ["coordinator"]),
        .init(method: .get, path: "/register.csv", allowed: ["coordinator"]),
        .init(method: .get, path: "/decisions", allowed: everyone),
        .init(method: .get, path: "/decisions.atom", allowed: everyone),
        .init(method: .get, path: "/proposals/{closed}/ballots.blt", allowed: everyone),
        .init(method: .post, path: "/proposals/{poll}/comments", fields: [("comment", "A thought")], allowed: fullySignedIn),
        // Only the author (here a coordinator) may close; another coordinator may too.
        .init(method: .post, path: "/proposals/{poll}/close", allowed: ["coordinator"]),
        // Meetings: `{meeting}` has a time poll over two times an hour or two away; the routes run in this order, so
        // the organiser's steps (pick the time, open, attendance, a vote, minutes) build on each other.
        .init(method: .get, path: "/meetings", allowed: fullySignedIn),
        .init(method: .get, path: "/meetings/{meeting}", allowed: fullySignedIn),
        .init(method: .post, path: "/meetings/{meeting}/time-vote", fields: [("slot-0", "yes"), ("slot-1", "maybe")], allowed: fullySignedIn),
        .init(method: .post, path: "/meetings/{meeting}/proxy", fields: [("holder", "{author}")], allowed: fullySignedIn),
        .init(method: .post, path: "/meetings/{meeting}/proxy/withdraw", allowed: fullySignedIn),
        .init(method: .post, path: "/meetings/{meeting}/time", fields: [("slot", "auto")], allowed: ["coordinator"]),
        .init(method: .post, path: "/meetings/{meeting}/open", allowed: ["coordinator"]),
        .init(method: .post, path: "/meetings/{meeting}/attendance", fields: [("member", "{author}"), ("mode", "in-person")], allowed: ["coordinator"]),
        .init(method: .post, path: "/meetings/{meeting}/attendance", fields: [("member", "{other}"), ("mode", "online")], allowed: ["coordinator"]),
        .init(method: .post, path: "/meetings/{meeting}/votes", fields: [("item", "0"), ("title", "Adopt the report")], allowed: ["coordinator"]),
        .init(method: .post, path: "/meetings/{meeting}/minutes", fields: [("notes", "Read out"), ("outcome", "Adopted")], allowed: ["coordinator"]),
        .init(method: .post, path: "/meetings/{meeting}/minutes/submit", allowed: ["coordinator"]),
        // The author cannot sign their own minutes, and nobody else calling here attended.
        .init(method: .post, path: "/meetings/{meeting}/minutes/sign-off", allowed: []),
        .init(method: .post, path: "/meetings/{meeting}/minutes/return", allowed: ["coordinator"]),
        .init(
            method: .post, path: "/meetings",
            fields: [
                ("title", "Board"), ("kind", "board"), ("type", "ordinary"), ("item_title", "Report"), ("item_minutes", "20"), ("item_proposal", ""),
                ("time_mode", "fixed"), ("starts", "{tomorrow}"), ("zone", "UTC"),
            ],
            allowed: ["coordinator"]
        ),
        .init(method: .get, path: "/membership", allowed: fullySignedIn),
        .init(method: .get, path: "/membership/apply", allowed: fullySignedIn),
        .init(method: .post, path: "/membership/apply", fields: [("class", "family-carer"), ("statement", "I care for a client.")], allowed: fullySignedIn),
        .init(method: .post, path: "/settings/emergency", fields: [("hours", "36"), ("days", "3"), ("reason", "Flu")], allowed: ["coordinator"]),
        // No round of this open proposal has failed, so there is no consent process to change.
        .init(method: .post, path: "/proposals/{poll}/amend", fields: [("amended", "Again")], allowed: []),
        .init(method: .post, path: "/proposals/{poll}/objections/0", fields: [("resolution", "withdrawn")], allowed: []),
        // Last: the caller stops being a member.
        .init(method: .post, path: "/membership/resign", fields: [("confirm", "1")], allowed: fullySignedIn),
    ]

    @Test(arguments: Caller.allCases)
    func everyGovernanceRouteAsEveryCaller(caller: Caller) async throws {
        try await withApp { services, client in
            let governance = Governance(services: services)
            let (author, _) = try await TestServices.member(services, roles: [.coordinator])
            let authorActor = Actor(memberID: author.id, roles: author.roles, mfaSatisfied: true)
            let (other, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            var browser = try await Browser.anonymous(client)
            if caller != .anonymous {
                browser = try await Browser.member(services, roles: caller.roles, mfa: caller == .clinicianWithoutMFA ? false : nil)
            }
            let poll = try await governance.open(actor: authorActor, draft: ProposalDraft(title: "Open one"), origin: .system)
            let closed = try await governance.open(
                actor: authorActor,
                draft: ProposalDraft(
                    title: "Closed election", decisionType: .election, kind: .stv(STVSettings(seats: 1)),
                    options: [PollOption("A", candidate: author.id), PollOption("B", candidate: other.id)]
                ),
                origin: .system
            )
            try await governance.close(actor: authorActor, poll: closed, origin: .system)
            let now = services.now()
            let meeting = try await Meetings(governance: governance).schedule(
                actor: authorActor,
                draft: MeetingDraft(
                    title: "Assembly", agenda: [AgendaDraftItem(title: "Annual report")],
                    time: .poll(candidates: [now + 7200, now + 10800], pollCloses: now + 3600)
                ),
                origin: .system
            )
            let tomorrow = ISO8601DateFormatter().string(from: now + 86400).prefix(16)
            for route in Self.routes {
                let path = route.path.replacingOccurrences(of: "{poll}", with: poll.rawValue).replacingOccurrences(
                    of: "{closed}", with: closed.rawValue
                ).replacingOccurrences(of: "{meeting}", with: meeting.rawValue)
                let expected = route.allowed.contains(caller.description)
                let fields = route.fields.map {
                    (
                        $0.0,
                        $0.1.replacingOccurrences(of: "{author}", with: author.id.rawValue).replacingOccurrences(of: "{other}", with: other.id.rawValue)
                            .replacingOccurrences(of: "{tomorrow}", with: String(tomorrow))
                    )
                }
                let response =
                    route.method == .post ? try await client.post(path, fields, as: browser) : try await client.get(path, as: browser)
                let location = response.headers[.location] ?? ""
                let wasAllowed =
                    response.status == .ok
                    || (response.status == .seeOther && !location.hasPrefix("/sign-in") && !location.hasPrefix("/account/second-factor"))
                #expect(wasAllowed == expected, "\(caller) \(route.method) \(path): \(response.status) \(location)")
            }
        }
    }
}
