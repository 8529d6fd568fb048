import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// The outbox page: coordinators see what waits, was sent or failed, and each message's text; nobody else does.
@Suite struct OutboxWebTests {
    static func queue(_ services: CoopServices, to recipient: String, subject: String, body: String) async throws -> String {
        try await services.database.transaction { sql in
            try await OutboxStore().enqueue(recipient: recipient, subject: subject, body: body, now: services.now(), sql: sql)
        }
        return try await services.database.read { sql in try await OutboxStore().recent(limit: 1, sql: sql) }[0].id
    }

    @Test func aCoordinatorSeesTheDevelopmentOutboxAndAMessage() async throws {
        try await withApp { services, client in
            let id = try await Self.queue(services, to: "ana@example.org", subject: "Nueva propuesta para votar: Huerto", body: "Léala <aquí>")
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let page = try await client.get("/outbox", as: coordinator)
            #expect(page.status == .ok)
            #expect(page.text.contains("Development outbox: what would be sent"))
            #expect(page.text.contains("ana@example.org"))
            #expect(page.text.contains("Nueva propuesta para votar: Huerto"))
            #expect(page.text.contains("1 waiting, 0 sent, 0 failed."))
            #expect(page.text.contains("href=\"/outbox/\(id)\""))
            #expect(page.text.contains("<a href=\"/outbox\">Outbox</a>"))
            let message = try await client.get("/outbox/\(id)", as: coordinator)
            #expect(message.status == .ok)
            #expect(message.text.contains("Léala &lt;aquí&gt;"))
            // Reading a body is recorded.
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 5, sql: sql) }
            #expect(audit.contains { $0.resourceType == "outbox-message" && $0.resourceID == id && $0.actor == coordinator.member?.id.rawValue })
            #expect(try await client.get("/outbox/\(UUID().uuidString.lowercased())", as: coordinator).status == .notFound)
            #expect(try await client.get("/outbox/not%20an%20id'", as: coordinator).status == .notFound)
        }
    }

    @Test func theOutboxIsInSpanishForASpanishSpeakingCoordinator() async throws {
        try await withApp { services, client in
            _ = try await Self.queue(services, to: "ana@example.org", subject: "Asunto", body: "Texto")
            let coordinator = try await Browser.member(services, roles: [.coordinator], language: .spanish)
            let page = try await client.get("/outbox", as: coordinator)
            #expect(page.text.contains("Bandeja de desarrollo: lo que se enviaría"))
            #expect(page.text.contains("1 en espera, 0 enviados, 0 fallidos."))
            #expect(page.text.contains("En espera"))
        }
    }

    @Test(arguments: [Set<Role>([.clinician]), [.client], [.treasurer], [.peerFacilitator], [.communityMember]])
    func nobodyButACoordinatorSeesTheOutbox(roles: Set<Role>) async throws {
        try await withApp { services, client in
            let id = try await Self.queue(services, to: "ana@example.org", subject: "Asunto", body: "Texto secreto")
            let someone = try await Browser.member(services, roles: roles)
            let list = try await client.get("/outbox", as: someone)
            #expect(list.status == .forbidden)
            #expect(!list.text.contains("ana@example.org"))
            #expect(!list.text.contains("href=\"/outbox\""))
            let message = try await client.get("/outbox/\(id)", as: someone)
            #expect(message.status == .forbidden)
            #expect(!message.text.contains("Texto secreto"))
        }
    }

    @Test func sentAndFailedMessagesShowTheirStatusTriesAndProblem() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { services, client in
            let id = try await Self.queue(services, to: "bo@example.org", subject: "Asunto", body: "Texto")
            try await services.database.transaction { sql in
                _ = try await OutboxStore().claimDue(now: clock.now, until: clock.now.addingTimeInterval(60), limit: 5, claimer: "x", sql: sql)
                try await OutboxStore().markFailed(id, claimer: "x", error: "550 5.1.1 no such user", retryAt: nil, now: clock.now, sql: sql)
            }
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let page = try await client.get("/outbox", as: coordinator).text
            #expect(page.contains("0 waiting, 0 sent, 1 failed."))
            #expect(page.contains("550 5.1.1 no such user"))
            #expect(page.contains("<td>Failed</td>"))
        }
    }
}
