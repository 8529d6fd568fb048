import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// Notification emails: queued in the outbox when a poll opens, a day before it closes (non-voters, once) and when it closes.
@Suite struct GovernanceNotificationTests {
    struct Plain: GovernanceMessages {
        func email(_ notice: GovernanceNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String) {
            switch notice {
            case .opened(let title, _, _): ("opened \(title) \(language.rawValue)", "body")
            case .closingSoon(let title, _, _): ("soon \(title)", "body")
            case .closed(let title, _, let status): ("closed \(title) \(status.rawValue)", "body")
            }
        }
    }

    @Test func openReminderAndCloseEmailsGoToTheElectorate() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let governance = Governance(services: services, messages: Plain())
            var people: [(Member, Actor)] = []
            for language in [Language.english, .spanish, .english] {
                let (member, _) = try await TestServices.member(services, roles: [.peerFacilitator], language: language)
                people.append((member, Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true)))
            }
            let id = try await governance.open(actor: people[0].1, draft: ProposalDraft(title: "Mail", votingPeriod: 2 * 86400), origin: .system)
            func outbox() async throws -> [OutboxMessage] {
                try await services.database.read { sql in try await OutboxStore().recent(limit: 100, sql: sql) }
            }
            let opened = try await outbox().filter { $0.subject.hasPrefix("opened") }
            #expect(Set(opened.map(\.recipient)) == Set([people[1].0.email.value, people[2].0.email.value]))
            #expect(opened.contains { $0.recipient == people[1].0.email.value && $0.subject == "opened Mail es" })
            try await governance.vote(actor: people[1].1, poll: id, choice: .stance(.agree), reason: nil, origin: .system)
            clock.advance(86400 + 60)
            try await governance.settleDue()
            try await governance.settleDue()
            let soon = try await outbox().filter { $0.subject == "soon Mail" }
            #expect(Set(soon.map(\.recipient)) == Set([people[0].0.email.value, people[2].0.email.value]))
            clock.advance(86400)
            try await governance.settleDue()
            let closed = try await outbox().filter { $0.subject.hasPrefix("closed Mail") }
            // One ballot of three eligible misses the 50% quorum.
            #expect(closed.count == 3 && closed.allSatisfy { $0.subject == "closed Mail no-quorum" })
        }
    }
}
