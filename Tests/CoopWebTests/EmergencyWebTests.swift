import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@testable import CoopWeb

/// The emergency change form on /settings.
@Suite struct EmergencyWebTests {
    func changes(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in try await sql.select().column("id").from("emergency_changes").all().count }
    }

    static let good: [(String, String)] = [("hours", "48"), ("days", "7"), ("reason", "Flu outbreak: clinicians need notice.")]

    @Test func aCoordinatorEnactsAChangeThatOpensItsRatification() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let form = try await client.get("/settings", as: coordinator)
            #expect(form.text.contains("action=\"/settings/emergency\""))
            #expect(!(try await client.get("/settings", as: alex)).text.contains("action=\"/settings/emergency\""))
            let enacted = try await client.post("/settings/emergency", Self.good, as: coordinator)
            #expect(enacted.status == .seeOther && enacted.headers[.location]?.hasPrefix("/proposals/") == true)
            let ratification = try await client.get(enacted.headers[.location] ?? "", as: alex)
            #expect(ratification.text.contains("Flu outbreak: clinicians need notice."))
            let settings = try await client.get("/settings", as: alex)
            #expect(settings.text.contains("Emergency change") && settings.text.contains("In force until ratified or expired"))
            #expect(settings.text.contains("48 hours"))
        }
    }

    /// (caller is a coordinator, fields, expected status): refusals change nothing.
    static let refusals: [(Bool, [(String, String)], HTTPResponse.Status)] = [
        (false, good, .forbidden),
        (true, [("hours", "48"), ("days", "7"), ("reason", String(repeating: "r", count: 1_001))], .badRequest),
        (true, [("hours", "48"), ("days", "7"), ("reason", "")], .badRequest),
        (true, [("hours", "48"), ("days", "31"), ("reason", "Long")], .badRequest),
        (true, [("hours", "200"), ("days", "7"), ("reason", "Too long a window")], .badRequest),
    ]

    @Test(arguments: refusals)
    func badOrForbiddenChangesAreRefusedAndChangeNothing(coordinator: Bool, fields: [(String, String)], status: HTTPResponse.Status) async throws {
        try await withApp { services, client in
            let browser = try await Browser.member(services, roles: coordinator ? [.coordinator] : [.peerFacilitator])
            let response = try await client.post("/settings/emergency", fields, as: browser)
            #expect(response.status == status)
            #expect(try await changes(services) == 0)
            let window = try await Governance(services: services).currentSettings().cancellationWindow
            #expect(window == .hours(24))
            #expect(response.text.contains("role=\"alert\"") || status == .forbidden)
        }
    }
}
