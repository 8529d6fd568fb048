import CoopDomain
import Foundation
import Testing

@Suite struct CarePolicyTests {
    let client = MemberID.make()
    let other = MemberID.make()
    let therapist = MemberID.make()

    func actor(_ id: MemberID?, _ roles: Set<Role>, mfa: Bool = true) -> Actor { Actor(memberID: id, roles: roles, mfaSatisfied: mfa) }

    @Test func anyoneMaySearchTheDirectory() {
        #expect(CarePolicy.decide(.anonymous, .viewDirectory) == .allow)
    }

    @Test func clientsBookOnlyForThemselves() {
        #expect(CarePolicy.decide(actor(client, [.client]), .book(client: client, therapist: therapist)) == .allow)
        #expect(CarePolicy.decide(actor(client, [.client]), .book(client: other, therapist: therapist)) == .deny(.missingRole))
        #expect(CarePolicy.decide(.anonymous, .book(client: client, therapist: therapist)) == .deny(.notSignedIn))
        // A community member without the client role does not book sessions.
        #expect(CarePolicy.decide(actor(client, [.communityMember]), .book(client: client, therapist: therapist)) == .deny(.missingRole))
    }

    @Test func staffBookForClients() {
        let coordinator = MemberID.make()
        #expect(CarePolicy.decide(actor(coordinator, [.coordinator]), .book(client: client, therapist: therapist)) == .allow)
        #expect(CarePolicy.decide(actor(therapist, [.clinician]), .book(client: client, therapist: therapist)) == .allow)
        // A clinician can't fill a colleague's calendar.
        #expect(CarePolicy.decide(actor(other, [.clinician]), .book(client: client, therapist: therapist)) == .deny(.missingRole))
        // Staff roles act only after their second factor.
        #expect(CarePolicy.decide(actor(coordinator, [.coordinator], mfa: false), .book(client: client, therapist: therapist)) == .deny(.secondFactorRequired))
    }

    @Test func onlyThePeopleInAnAppointmentAndCoordinatorsSeeOrChangeIt() {
        let action = CareAction.changeAppointment(client: client, therapist: therapist)
        #expect(CarePolicy.decide(actor(client, [.client]), action) == .allow)
        #expect(CarePolicy.decide(actor(therapist, [.clinician]), action) == .allow)
        #expect(CarePolicy.decide(actor(MemberID.make(), [.coordinator]), action) == .allow)
        #expect(CarePolicy.decide(actor(other, [.client]), action) == .deny(.missingRole))
        #expect(CarePolicy.decide(actor(other, [.clinician]), .viewAppointment(client: client, therapist: therapist)) == .deny(.missingRole))
    }

    @Test func bookingsHoursAndFeedsBelongToTheTherapist() {
        #expect(CarePolicy.decide(actor(therapist, [.clinician]), .viewBookings(therapist: therapist)) == .allow)
        #expect(CarePolicy.decide(actor(other, [.clinician]), .viewBookings(therapist: therapist)) == .deny(.missingRole))
        #expect(CarePolicy.decide(actor(therapist, [.clinician]), .manageAvailability(therapist: therapist)) == .allow)
        #expect(CarePolicy.decide(actor(client, [.client]), .manageAvailability(therapist: client)) == .deny(.missingRole))
        #expect(CarePolicy.decide(actor(MemberID.make(), [.coordinator]), .manageAvailability(therapist: therapist)) == .allow)
        #expect(CarePolicy.decide(actor(therapist, [.clinician]), .manageCalendarFeed) == .allow)
        #expect(CarePolicy.decide(actor(client, [.client]), .manageCalendarFeed) == .deny(.missingRole))
    }

    @Test func onlyTheTherapistOrACoordinatorRecordsAMissedSessionOrWaivesAFee() {
        for action in [CareAction.recordAttendance(therapist: therapist), .waiveFee(therapist: therapist)] {
            #expect(CarePolicy.decide(actor(therapist, [.clinician]), action) == .allow)
            #expect(CarePolicy.decide(actor(MemberID.make(), [.coordinator]), action) == .allow)
            // The client owes the fee and cannot waive it; a colleague cannot either.
            #expect(CarePolicy.decide(actor(client, [.client]), action) == .deny(.missingRole))
            #expect(CarePolicy.decide(actor(other, [.clinician]), action) == .deny(.missingRole))
            #expect(CarePolicy.decide(actor(therapist, [.clinician], mfa: false), action) == .deny(.secondFactorRequired))
            #expect(CarePolicy.decide(.anonymous, action) == .deny(.notSignedIn))
        }
    }
}
