import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Groups and workshops over a real database: seats and waitlist, the last-seat race, chosen names, clinical audit,
/// permissions and refused input.
@Suite struct GroupsTests {
    static let now = CareTestData.monday

    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }

    func draft(_ kind: GroupKind = .workshop, seats: Int = 2, title: String = "Sleep and mood", start: Date? = nil, minutes: Int = 60) -> GroupDraft {
        GroupDraft(kind: kind, title: title, description: "", start: start ?? Self.now.addingTimeInterval(3 * 86_400), durationMinutes: minutes, seats: seats, online: true)
    }

    func counts(_ services: CoopServices) async throws -> (sessions: Int, registrations: Int, outbox: Int) {
        try await services.database.read { sql in
            func count(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
            }
            return (try await count("group_sessions"), try await count("group_registrations"), try await count("outbox"))
        }
    }

    func groupAudit(_ services: CoopServices) async throws -> [AuditEntry] {
        try await services.database.read { sql in try await AuditStore().recent(limit: 1000, sql: sql) }.filter { $0.resourceType.hasPrefix("group") }
    }

    /// One row of the seats table: seats, how many register, which (1-based, in order) cancel, and the outcome.
    struct SeatCase: Sendable, CustomStringConvertible {
        var seats: Int
        var registrations: Int
        var cancel: [Int]
        var confirmed: [Int]
        var waiting: [Int]
        var promotionEmails: Int
        var description: String { "\(seats) seats, \(registrations) register, cancel \(cancel)" }
    }

    static let seatCases: [SeatCase] = [
        SeatCase(seats: 2, registrations: 2, cancel: [], confirmed: [1, 2], waiting: [], promotionEmails: 0),
        SeatCase(seats: 2, registrations: 3, cancel: [], confirmed: [1, 2], waiting: [3], promotionEmails: 0),
        SeatCase(seats: 2, registrations: 4, cancel: [1], confirmed: [2, 3], waiting: [4], promotionEmails: 1),
        SeatCase(seats: 2, registrations: 4, cancel: [3], confirmed: [1, 2], waiting: [4], promotionEmails: 0),
        SeatCase(seats: 1, registrations: 4, cancel: [1, 2], confirmed: [3], waiting: [4], promotionEmails: 2),
        SeatCase(seats: 3, registrations: 2, cancel: [2], confirmed: [1], waiting: [], promotionEmails: 0),
    ]

    @Test(arguments: seatCases)
    func seatsWaitlistAndPromotion(_ row: SeatCase) async throws {
        let clock = TestClock(Self.now)
        try await TestServices.with(clock: clock) { services in
            let groups = Groups(services: services)
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let id = try await groups.create(draft(seats: row.seats), actor: signedIn(facilitator), origin: .system)
            var outcomes: [RegistrationOutcome] = []
            for number in 1...row.registrations {
                clock.advance(1)
                outcomes.append(try await groups.registerForWorkshop(id, name: "Guest \(number)", email: "guest\(number)@example.org", language: .english))
            }
            // The outcome at registration: a seat while they last, then waitlist positions 1, 2, …
            for (index, outcome) in outcomes.enumerated() {
                #expect(outcome == (index < row.seats ? .confirmed : .waitlisted(position: index - row.seats + 1)))
            }
            let messages = try await services.database.read { sql in try await OutboxStore().recent(limit: 100, sql: sql) }
            for number in row.cancel {
                let token = try #require(Self.cancelToken(in: messages, for: "guest\(number)@example.org"))
                try await groups.cancel(token: token)
            }
            let registrations = try await services.database.read { sql in try await GroupStore().registrations(id, sql: sql) }
            let confirmed = registrations.filter { $0.status == .confirmed }.map { Int($0.name.dropFirst(6))! }
            let waiting = registrations.filter { $0.status == .waitlisted }.map { Int($0.name.dropFirst(6))! }
            #expect(confirmed == row.confirmed)
            #expect(waiting == row.waiting)
            let after = try await services.database.read { sql in try await OutboxStore().recent(limit: 100, sql: sql) }
            #expect(after.count == row.registrations + row.promotionEmails)
            #expect(after.filter { $0.subject.hasPrefix("A seat for you") }.count == row.promotionEmails)
            let seats = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM group_seats WHERE session_id = \(bind: id.rawValue)").first()?.decode(column: "n", as: Int.self)
            }
            #expect(seats == row.confirmed.count)
        }
    }

    static func cancelToken(in messages: [OutboxMessage], for recipient: String) -> String? {
        guard let body = messages.first(where: { $0.recipient == recipient })?.body, let range = body.range(of: "/workshops/cancel/") else { return nil }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }

    @Test func cancellingTwiceChangesNothingAndTheTokenIsStoredHashed() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let groups = Groups(services: services)
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let id = try await groups.create(draft(seats: 1), actor: signedIn(facilitator), origin: .system)
            try await groups.registerForWorkshop(id, name: "Ana", email: "ana@example.org", language: .spanish)
            let messages = try await services.database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            let token = try #require(Self.cancelToken(in: messages, for: "ana@example.org"))
            let stored = try await services.database.read { sql in
                try await sql.raw("SELECT cancel_token_hash FROM group_registrations").first()?.decode(column: "cancel_token_hash", as: String.self)
            }
            #expect(stored == SecretToken.hash(token))
            #expect(stored != token)
            try await groups.cancel(token: token)
            try await groups.cancel(token: token)
            let registrations = try await services.database.read { sql in try await GroupStore().registrations(id, sql: sql) }
            #expect(registrations.map(\.status) == [.cancelled])
            await #expect(throws: GroupsError.cancelLinkNotFound) { try await groups.cancel(token: "not-a-token") }
        }
    }

    @Test func simultaneousRegistrationsForTheLastSeatConfirmExactlyOne() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let groups = Groups(services: services)
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let id = try await groups.create(draft(seats: 3), actor: signedIn(facilitator), origin: .system)
            try await groups.registerForWorkshop(id, name: "First", email: "first@example.org", language: .english)
            try await groups.registerForWorkshop(id, name: "Second", email: "second@example.org", language: .english)
            let outcomes = try await withThrowingTaskGroup(of: RegistrationOutcome.self) { group in
                for number in 1...40 {
                    group.addTask {
                        try await groups.registerForWorkshop(id, name: "Racer \(number)", email: "racer\(number)@example.org", language: .english)
                    }
                }
                var all: [RegistrationOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == .confirmed }.count == 1)
            let positions = outcomes.compactMap { if case .waitlisted(let position) = $0 { position } else { nil } }
            #expect(positions.count == 39)
            let session = try await groups.workshop(id)
            #expect(session.confirmedCount == 3)
            #expect(session.waitlistCount == 39)
        }
    }

    @Test func peerGroupsShowChosenNamesAndKeepOutOfTheAuditAndClinicalRecord() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let groups = Groups(services: services)
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (member, _) = try await TestServices.member(services, roles: [.communityMember])
            let (other, _) = try await TestServices.member(services, roles: [.client])
            let id = try await groups.create(draft(.peerSupport, seats: 5), actor: signedIn(facilitator), origin: .system)
            #expect(try await groups.join(id, chosenName: "  River ", actor: signedIn(member), origin: .system) == .confirmed)
            #expect(try await groups.join(id, chosenName: "", actor: signedIn(other), origin: .system) == .confirmed)
            await #expect(throws: GroupsError.alreadyJoined) { try await groups.join(id, chosenName: "", actor: signedIn(other), origin: .system) }
            let view = try await groups.group(id, actor: signedIn(facilitator), origin: .system)
            let roster = try #require(view.roster)
            #expect(roster.map(\.name) == ["River", "Test Person"])
            #expect(roster.map(\.chosen) == [true, false])
            // A participant sees their own entry, not the roster.
            let mine = try await groups.group(id, actor: signedIn(member), origin: .system)
            #expect(mine.roster == nil)
            #expect(mine.mine?.name == "River")
            #expect(try await groupAudit(services).isEmpty)
            let appointments = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM appointments").first()?.decode(column: "n", as: Int.self)
            }
            #expect(appointments == 0)
        }
    }

    @Test func groupTherapyMembershipIsAuditedAndRefusesChosenNames() async throws {
        let clock = TestClock(Self.now)
        try await TestServices.with(clock: clock) { services in
            let groups = Groups(services: services)
            let (clinician, _) = try await TestServices.member(services, roles: [.clinician])
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let (neighbour, _) = try await TestServices.member(services, roles: [.communityMember])
            let id = try await groups.create(draft(.therapyGroup, seats: 6), actor: signedIn(clinician), origin: .system)
            await #expect(throws: GroupsError.chosenNameNotAllowed) { try await groups.join(id, chosenName: "Alias", actor: signedIn(client), origin: .system) }
            await #expect(throws: AccessDenied.self) { try await groups.join(id, chosenName: "", actor: signedIn(neighbour), origin: .system) }
            // Someone who may not join does not learn the therapy group exists.
            await #expect(throws: GroupsError.sessionNotFound) { try await groups.group(id, actor: signedIn(neighbour), origin: .system) }
            try await groups.join(id, chosenName: "", actor: signedIn(client), origin: .system)
            _ = try await groups.group(id, actor: signedIn(clinician), origin: .system)
            clock.advance(3 * 86_400 + 60)
            let registration = try #require(try await groups.group(id, actor: signedIn(clinician), origin: .system).roster?.first)
            try await groups.recordAttendance(id, attended: [registration.id], actor: signedIn(clinician), origin: .system)
            let entries = try await groupAudit(services).map(\.resourceType)
            #expect(entries.filter { $0 == "group-therapy" }.count == 1)
            #expect(entries.filter { $0 == "group-therapy-membership" }.count == 1)
            #expect(entries.filter { $0 == "group-therapy-roster" }.count == 2)
            #expect(entries.filter { $0 == "group-therapy-attendance" }.count == 1)
            let membership = try await services.database.read { sql in try await AuditStore().recent(limit: 100, sql: sql) }
                .first { $0.resourceType == "group-therapy-membership" }
            #expect(membership?.client == client.id.rawValue)
        }
    }

    @Test func attendanceIsRecordedOnlyAfterTheStartAndOnlyByTheFacilitator() async throws {
        let clock = TestClock(Self.now)
        try await TestServices.with(clock: clock) { services in
            let groups = Groups(services: services)
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (member, _) = try await TestServices.member(services, roles: [.communityMember])
            let id = try await groups.create(draft(.peerSupport), actor: signedIn(facilitator), origin: .system)
            try await groups.join(id, chosenName: "Sky", actor: signedIn(member), origin: .system)
            let registration = try #require(try await groups.group(id, actor: signedIn(facilitator), origin: .system).roster?.first)
            await #expect(throws: GroupsError.attendanceBeforeStart) {
                try await groups.recordAttendance(id, attended: [registration.id], actor: signedIn(facilitator), origin: .system)
            }
            clock.advance(3 * 86_400)
            await #expect(throws: AccessDenied.self) {
                try await groups.recordAttendance(id, attended: [registration.id], actor: signedIn(member), origin: .system)
            }
            try await groups.recordAttendance(id, attended: [registration.id], actor: signedIn(facilitator), origin: .system)
            let after = try #require(try await groups.group(id, actor: signedIn(facilitator), origin: .system).roster?.first)
            #expect(after.attendance == .attended)
        }
    }

    /// Who may create which kind: (roles, kind, allowed).
    static let creators: [(Set<Role>, GroupKind, Bool)] = [
        ([.client], .peerSupport, false), ([.client], .workshop, false), ([.client], .therapyGroup, false),
        ([.communityMember], .peerSupport, false),
        ([.peerFacilitator], .peerSupport, true), ([.peerFacilitator], .workshop, true), ([.peerFacilitator], .therapyGroup, false),
        ([.coordinator], .peerSupport, true), ([.coordinator], .workshop, true), ([.coordinator], .therapyGroup, false),
        ([.clinician], .therapyGroup, true), ([.clinician], .workshop, true), ([.clinician], .peerSupport, false),
    ]

    @Test func whoMayCreateWhichKind() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let groups = Groups(services: services)
            for (roles, kind, allowed) in Self.creators {
                let (member, _) = try await TestServices.member(services, roles: roles)
                let before = try await counts(services).sessions
                if allowed {
                    try await groups.create(draft(kind), actor: signedIn(member), origin: .system)
                    #expect(try await counts(services).sessions == before + 1, "\(roles) \(kind)")
                } else {
                    await #expect(throws: AccessDenied.self, "\(roles) \(kind)") { try await groups.create(draft(kind), actor: signedIn(member), origin: .system) }
                    #expect(try await counts(services).sessions == before)
                }
            }
            // A clinician who has not passed the second factor creates nothing.
            let (clinician, _) = try await TestServices.member(services, roles: [.clinician])
            let unverified = Actor(memberID: clinician.id, roles: clinician.roles, mfaSatisfied: false)
            await #expect(throws: AccessDenied.self) { try await groups.create(draft(.therapyGroup), actor: unverified, origin: .system) }
        }
    }

    @Test func badSessionsAreRefusedAndNothingIsStored() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let groups = Groups(services: services)
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let actor = signedIn(facilitator)
            let cases: [(GroupDraft, GroupsError)] = [
                (draft(seats: 0), .invalidSeats(minimum: 1, maximum: 500)),
                (draft(seats: 10_000), .invalidSeats(minimum: 1, maximum: 500)),
                (draft(start: Self.now.addingTimeInterval(-60)), .startInPast),
                (draft(title: "  "), .invalidTitle(maximum: 120)),
                (draft(title: String(repeating: "x", count: 121)), .invalidTitle(maximum: 120)),
                (draft(minutes: 5), .invalidDuration(minimum: 15, maximum: 480)),
            ]
            for (bad, error) in cases {
                await #expect(throws: error) { try await groups.create(bad, actor: actor, origin: .system) }
            }
            #expect(try await counts(services).sessions == 0)
        }
    }

    @Test func badRegistrationsAreRefusedAndNothingIsStored() async throws {
        let clock = TestClock(Self.now)
        try await TestServices.with(clock: clock) { services in
            let groups = Groups(services: services)
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let id = try await groups.create(draft(seats: 5), actor: signedIn(facilitator), origin: .system)
            try await groups.registerForWorkshop(id, name: "Ana", email: "ana@example.org", language: .english)
            let before = try await counts(services)
            let cases: [(String, String, GroupsError)] = [
                ("Bo", "not-an-email", .invalidEmail), ("Bo", "bo@", .invalidEmail), ("Bo", "", .invalidEmail),
                (String(repeating: "n", count: 101), "bo@example.org", .invalidName(maximum: 100)), ("", "bo@example.org", .invalidName(maximum: 100)),
                ("Ana again", "ANA@example.org", .duplicateEmail),
            ]
            for (name, email, error) in cases {
                await #expect(throws: error) { try await groups.registerForWorkshop(id, name: name, email: email, language: .english) }
            }
            await #expect(throws: GroupsError.sessionNotFound) {
                try await groups.registerForWorkshop(.make(), name: "Bo", email: "bo@example.org", language: .english)
            }
            clock.advance(3 * 86_400)
            await #expect(throws: GroupsError.registrationClosed) {
                try await groups.registerForWorkshop(id, name: "Late", email: "late@example.org", language: .english)
            }
            let after = try await counts(services)
            #expect(after.registrations == before.registrations)
            #expect(after.outbox == before.outbox)
        }
    }
}
