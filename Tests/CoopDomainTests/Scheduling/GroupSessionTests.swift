import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

@Suite("Groups and workshops")
struct GroupSessionTests {
    static let start = "2026-04-02T01:00:00Z"
    static let before = F.utc("2026-03-20T00:00:00Z")

    static func session(_ kind: GroupKind, seats: Int = 2) throws -> GroupSession {
        try GroupSession(id: .make(), kind: kind, slot: F.slot(start, minutes: 90), facilitator: F.therapist, seats: seats)
    }

    static func member(_ name: String) throws -> Participant { try Participant(member: .make(), name: .registered(name)) }

    @Test func seatsFillThenTheWaitlistIsPromotedInOrder() throws {
        var workshop = try Self.session(.workshop)
        let ids = (0..<4).map { _ in RegistrationID.make() }
        #expect(try workshop.register(Self.member("Ana"), id: ids[0], at: Self.before) == .confirmed(ids[0]))
        #expect(try workshop.register(Self.member("Ben"), id: ids[1], at: Self.before + 1) == .confirmed(ids[1]))
        #expect(try workshop.register(Self.member("Cy"), id: ids[2], at: Self.before + 2) == .waitlisted(ids[2], position: 1))
        #expect(
            try workshop.register(Participant(member: nil, name: .registered("Dee")), id: ids[3], at: Self.before + 3)
                == .waitlisted(ids[3], position: 2)
        )
        #expect(workshop.seatsLeft == 0)
        #expect(try workshop.cancel(ids[0], at: Self.before + 10) == [.cancelled(ids[0]), .promoted(ids[2])])
        #expect(workshop.confirmed.map(\.id) == [ids[1], ids[2]])
        #expect(workshop.waitlist.map(\.id) == [ids[3]])
        #expect(try workshop.cancel(ids[0], at: Self.before + 11).isEmpty)
        #expect(try workshop.setSeats(5) == [.promoted(ids[3])])
        #expect(throws: SchedulingError.seatsBelowConfirmed(seats: 2, confirmed: 3)) { try workshop.setSeats(2) }
        #expect(!workshop.createsClinicalRecord)
    }

    @Test func noPromotionOnceTheSessionHasStarted() throws {
        var group = try Self.session(.therapyGroup, seats: 1)
        let first = RegistrationID.make()
        let second = RegistrationID.make()
        _ = try group.register(Self.member("Ana"), id: first, at: Self.before)
        _ = try group.register(Self.member("Ben"), id: second, at: Self.before)
        #expect(try group.cancel(first, at: F.utc(Self.start) + 60) == [.cancelled(first)])
        #expect(group.waitlist.map(\.id) == [second])
    }

    @Test func peerGroupsAllowChosenNamesAndAreNotClinical() throws {
        var peer = try Self.session(.peerSupport)
        let chosen = try Participant(member: nil, name: .chosen("  River  "))
        #expect(chosen.name == .chosen("River"))
        _ = try peer.register(chosen, id: .make(), at: Self.before)
        #expect(!peer.createsClinicalRecord)
        var therapy = try Self.session(.therapyGroup)
        #expect(therapy.createsClinicalRecord)
        #expect(throws: SchedulingError.chosenNameNotAllowed(.therapyGroup)) { try therapy.register(chosen, id: .make(), at: Self.before) }
        #expect(throws: SchedulingError.memberRequired(.therapyGroup)) {
            try therapy.register(Participant(member: nil, name: .registered("Guest")), id: .make(), at: Self.before)
        }
        var workshop = try Self.session(.workshop)
        #expect(throws: SchedulingError.chosenNameNotAllowed(.workshop)) { try workshop.register(chosen, id: .make(), at: Self.before) }
    }

    @Test func registrationRules() throws {
        var group = try Self.session(.therapyGroup)
        let ana = try Self.member("Ana")
        let id = RegistrationID.make()
        _ = try group.register(ana, id: id, at: Self.before)
        #expect(throws: SchedulingError.alreadyRegistered(ana.member!)) { try group.register(ana, id: .make(), at: Self.before) }
        #expect(throws: SchedulingError.registrationClosed(group.id)) { try group.register(Self.member("Late"), id: .make(), at: F.utc(Self.start)) }
        #expect(throws: SchedulingError.attendanceBeforeStart(group.id)) { try group.recordAttendance(id, attended: true, at: Self.before) }
        try group.recordAttendance(id, attended: true, at: F.utc(Self.start) + 600)
        #expect(group.registrations.first?.attendance == .attended)
        #expect(throws: SchedulingError.registrationNotFound(RegistrationID(rawValue: "00000000-0000-0000-0000-000000000000")!)) {
            try group.recordAttendance(
                RegistrationID(rawValue: "00000000-0000-0000-0000-000000000000")!,
                attended: false,
                at: F.utc(Self.start) + 600
            )
        }
        #expect(throws: SchedulingError.invalidSeatCount(0)) { try Self.session(.workshop, seats: 0) }
        #expect(throws: SchedulingError.invalidParticipantName("")) { try Participant(member: nil, name: .registered("")) }
        #expect(throws: SchedulingError.invalidParticipantName("a\u{7}b")) { try Participant(member: nil, name: .chosen("a\u{7}b")) }
    }

    @Test func cancellingTheSessionCancelsEveryone() throws {
        var group = try Self.session(.workshop, seats: 1)
        let ids = [RegistrationID.make(), RegistrationID.make()]
        for id in ids { _ = try group.register(Self.member("X"), id: id, at: Self.before) }
        #expect(group.cancelSession() == ids.map { .cancelled($0) })
        #expect(throws: SchedulingError.registrationClosed(group.id)) { try group.register(Self.member("Y"), id: .make(), at: Self.before) }
    }
}
