import CoopDomain
import Foundation
import Testing

/// Who may use waitlists, and the extra constraints of an entry (date range, kind of session).
@Suite struct WaitlistPolicyTests {
    let client = MemberID.make()
    let other = MemberID.make()

    func actor(_ id: MemberID?, _ roles: Set<Role>, mfa: Bool = true) -> Actor { Actor(memberID: id, roles: roles, mfaSatisfied: mfa) }

    @Test func clientsUseTheirOwnPlacesAndCoordinatorsAnyone() {
        #expect(CarePolicy.decide(actor(client, [.client]), .waitlist(client: client)) == .allow)
        #expect(CarePolicy.decide(actor(client, [.client]), .waitlist(client: other)) == .deny(.missingRole))
        #expect(CarePolicy.decide(actor(client, [.communityMember]), .waitlist(client: client)) == .deny(.missingRole))
        #expect(CarePolicy.decide(.anonymous, .waitlist(client: client)) == .deny(.notSignedIn))
        #expect(CarePolicy.decide(actor(other, [.coordinator]), .waitlist(client: client)) == .allow)
        #expect(CarePolicy.decide(actor(other, [.coordinator], mfa: false), .waitlist(client: client)) == .deny(.secondFactorRequired))
        #expect(CarePolicy.decide(actor(other, [.coordinator]), .viewWaitlists) == .allow)
        #expect(CarePolicy.decide(actor(other, [.clinician]), .viewWaitlists) == .deny(.missingRole))
        #expect(CarePolicy.decide(actor(client, [.client]), .viewWaitlists) == .deny(.missingRole))
    }

    @Test func constraintsCheckDatesInTheClientsZoneAndTheKindOfSession() throws {
        #expect(throws: WaitlistError.invalidDateRange) { try WaitlistConstraints(earliest: LocalDate("2026-02-02"), latest: LocalDate("2026-02-01")) }
        let constraints = try WaitlistConstraints(earliest: LocalDate("2026-01-06"), latest: LocalDate("2026-01-06"), modality: .couples, delivery: .inPerson)
        // 2026-01-07 06:00 UTC is still the 6th in Los Angeles (22:00), already the 7th in New York (01:00).
        let slot = try Slot(start: Date(timeIntervalSince1970: 1_767_765_600), minutes: 50)
        let losAngeles = try IANATimeZone("America/Los_Angeles"), newYork = try IANATimeZone("America/New_York")
        #expect(constraints.accepts(slot, zone: losAngeles, modalities: [.couples], deliveries: [.inPerson]))
        #expect(!constraints.accepts(slot, zone: newYork, modalities: [.couples], deliveries: [.inPerson]))
        #expect(!constraints.accepts(slot, zone: losAngeles, modalities: [.individual], deliveries: [.inPerson]))
        #expect(!constraints.accepts(slot, zone: losAngeles, modalities: [.couples], deliveries: [.telehealth]))
    }
}
