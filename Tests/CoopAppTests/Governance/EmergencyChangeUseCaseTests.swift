import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Emergency changes of a governed setting: enacted by a coordinator, then ratified, rejected or expired.
@Suite struct EmergencyChangeUseCaseTests {
    let origin = RequestOrigin(sourceAddress: "192.0.2.40", requestID: "req-emergency")
    static let day: TimeInterval = 86400

    func actor(_ services: CoopServices, _ roles: Set<Role> = [.peerFacilitator]) async throws -> Actor {
        let (member, _) = try await TestServices.member(services, roles: roles)
        return Actor(memberID: member.id, roles: roles, mfaSatisfied: true)
    }

    enum Ending: Sendable { case agreeAndClose, blockAndClose, expire }

    /// (how it ends, state name, cancellation window in hours afterwards, history causes)
    @Test(arguments: [
        (Ending.agreeAndClose, "ratified", 48, ["emergency", "emergency-ratified"]),
        (.blockAndClose, "rejected", 24, ["emergency", "emergency-rejected"]),
        (.expire, "expired", 24, ["emergency", "emergency-expired"]),
    ])
    func anEmergencyChangeEnds(ending: Ending, state: String, hours: Int, causes: [String]) async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let governance = Governance(services: services)
            let coordinator = try await actor(services, [.coordinator])
            let workers = [try await actor(services), try await actor(services)]
            let poll = try await governance.enactEmergency(
                actor: coordinator, setting: .cancellationWindow(.hours(48)), reason: "Flu outbreak: clinicians need notice", lasting: 7 * Self.day,
                origin: origin
            )
            #expect(try await governance.currentSettings().cancellationWindow == .hours(48))
            let record = try #require(try await services.database.read { sql in try await PollStore().find(poll, sql: sql) })
            #expect(record.poll.subject == .ratification(try #require(try await governance.emergencies().first).change.id))
            #expect(record.poll.closesAt < record.poll.opensAt.addingTimeInterval(7 * Self.day))
            switch ending {
            case .agreeAndClose:
                for worker in workers { try await governance.vote(actor: worker, poll: poll, choice: .stance(.agree), reason: nil, origin: origin) }
                try await governance.close(actor: coordinator, poll: poll, origin: origin)
            case .blockAndClose:
                for worker in workers {
                    try await governance.vote(actor: worker, poll: poll, choice: .stance(.block), reason: "Too sudden", origin: origin)
                }
                try await governance.close(actor: coordinator, poll: poll, origin: origin)
            case .expire:
                clock.advance(7 * Self.day + 1)
                try await governance.runDueWork()
            }
            let change = try #require(try await governance.emergencies().first).change
            #expect(!change.isInForce)
            switch (change.state, state) {
            case (.ratified, "ratified"), (.reverted(.rejected, _), "rejected"), (.reverted(.expired, _), "expired"): break
            default: Issue.record("ended as \(change.state), expected \(state)")
            }
            #expect(try await governance.currentSettings().cancellationWindow == .hours(hours))
            let history = try await services.database.read { sql in try await GovernedSettingStore().history(sql: sql) }
            #expect(history.filter { $0.key == "cancellation-window" }.map(\.cause).suffix(2) == ArraySlice(causes))
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 30, sql: sql) }
            #expect(audit.contains { $0.detail?.hasPrefix("emergency-enacted") == true })
            #expect(audit.contains { $0.detail?.hasPrefix("emergency-\(state)") == true })
        }
    }

    @Test func onlyCoordinatorsActWithAReasonForAtMostThirtyDaysOneAtATime() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let coordinator = try await actor(services, [.coordinator])
            let worker = try await actor(services)
            await #expect(throws: AccessDenied(.missingRole)) {
                try await governance.enactEmergency(
                    actor: worker, setting: .cancellationWindow(.hours(48)), reason: "Because", lasting: Self.day, origin: origin)
            }
            await #expect(throws: GovernanceError.emergencyReasonRequired(maximumLength: 1_000)) {
                try await governance.enactEmergency(
                    actor: coordinator, setting: .cancellationWindow(.hours(48)), reason: "  ", lasting: Self.day, origin: origin)
            }
            await #expect(throws: GovernanceError.emergencyDurationOutOfRange(maximum: 30 * Self.day)) {
                try await governance.enactEmergency(
                    actor: coordinator, setting: .cancellationWindow(.hours(48)), reason: "Long", lasting: 31 * Self.day, origin: origin)
            }
            #expect(try await governance.emergencies().isEmpty)
            #expect(try await governance.currentSettings().cancellationWindow == .hours(24))
            try await governance.enactEmergency(
                actor: coordinator, setting: .cancellationWindow(.hours(48)), reason: "Flu", lasting: Self.day, origin: origin)
            await #expect(throws: GovernanceError.emergencyAlreadyInForce(.cancellationWindow)) {
                try await governance.enactEmergency(
                    actor: coordinator, setting: .cancellationWindow(.hours(72)), reason: "More flu", lasting: Self.day, origin: origin)
            }
        }
    }
}
