import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Words that show the language and the notice, so tests can tell which email went where.
private struct TaggedChangeMessages: GroupChangeMessages {
    func email(_ notice: GroupChangeNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String) {
        switch notice {
        case .changed(let name, let title, _, _, _, let fields, _, _):
            ("[\(language.rawValue)] changed \(title ?? "-")", "\(name): \(fields.map(\.rawValue).joined(separator: ","))")
        case .cancelled(let name, let title, _, let reason, _, _):
            ("[\(language.rawValue)] cancelled \(title ?? "-")", "\(name): \(reason)")
        case .seatGiven(let name, _, _): ("[\(language.rawValue)] seat", name)
        }
    }
}

private struct TaggedReminders: ReminderMessages {
    func email(_ notice: ReminderNotice, language: Language) -> (subject: String, body: String) { ("reminder", "\(notice)") }
}

/// Recurring groups, changes and cancellations over a real database: authorisation (refusals audited), emails in each
/// person's language, reminders sent again after a move, waitlist promotion, and refusals that change nothing.
@Suite struct GroupScheduleTests {
    static let now = CareTestData.monday  // 5 January 2026
    static let zone = try! IANATimeZone("America/Los_Angeles")

    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }

    func schedule(_ services: CoopServices) -> GroupSchedule {
        GroupSchedule(services: services, zone: Self.zone, changeMessages: TaggedChangeMessages())
    }

    func draft(_ kind: GroupKind = .peerSupport, seats: Int = 5, start: Date? = nil) -> GroupDraft {
        GroupDraft(
            kind: kind, title: "Evening circle", description: "Peer support.", start: start ?? Self.now.addingTimeInterval(3 * 86_400), durationMinutes: 90,
            seats: seats, online: true)
    }

    func sessionCount(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM group_sessions").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    func session(_ services: CoopServices, _ id: GroupSessionID) async throws -> GroupSessionRecord {
        try #require(try await services.database.read { sql in try await GroupStore().session(id, sql: sql) })
    }

    func outbox(_ services: CoopServices) async throws -> [OutboxMessage] {
        try await services.database.read { sql in try await OutboxStore().recent(limit: 200, sql: sql) }
    }

    func audit(_ services: CoopServices) async throws -> [AuditEntry] {
        try await services.database.read { sql in try await AuditStore().recent(limit: 1000, sql: sql) }
    }

    @Test func aWeeklySeriesMakesSeparateSessionsOnTheSameWallClockAcrossMarch() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let first = Self.zone.resolve(try LocalDate("2026-02-26"), try LocalTime("18:00")).rfc5545Instant
            let ids = try await schedule(services).create(
                draft(start: first), repeats: .weekly, count: 3, actor: signedIn(facilitator), origin: .system)
            #expect(ids.count == 3)
            let view = try await schedule(services).view(ids[1])
            #expect(view.series.map(\.id) == ids)
            #expect(view.series.map { Self.zone.local(at: $0.start).time.description } == ["18:00", "18:00", "18:00"])
            #expect(view.series.map { Self.zone.local(at: $0.start).date.description } == ["2026-02-26", "2026-03-05", "2026-03-12"])
            #expect(view.series.allSatisfy { $0.seats == 5 && $0.end.timeIntervalSince($0.start) == 5400 })
            // Each meeting has its own roster: joining one leaves the others untouched.
            let (member, _) = try await TestServices.member(services, roles: [.communityMember])
            try await schedule(services).join(ids[0], chosenName: "", allFollowing: false, actor: signedIn(member), origin: .system)
            #expect(try await session(services, ids[0]).confirmedCount == 1)
            #expect(try await session(services, ids[1]).confirmedCount == 0)
        }
    }

    @Test(arguments: [(GroupRepeat.weekly, 1), (.weekly, 13), (.everyTwoWeeks, 0)])
    func aCountOutsideTwoToTwelveCreatesNothing(repeats: GroupRepeat, count: Int) async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            await #expect(throws: GroupSeriesError.invalidCount(minimum: 2, maximum: 12)) {
                try await schedule(services).create(draft(), repeats: repeats, count: count, actor: signedIn(facilitator), origin: .system)
            }
            #expect(try await sessionCount(services) == 0)
        }
    }

    @Test func joiningAllFollowingAndLeavingAllFollowing() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (member, _) = try await TestServices.member(services, roles: [.communityMember])
            let ids = try await schedule(services).create(draft(), repeats: .weekly, count: 4, actor: signedIn(facilitator), origin: .system)
            // Already in the third: joining all from the second skips it rather than fail.
            try await schedule(services).join(ids[2], chosenName: "Wren", allFollowing: false, actor: signedIn(member), origin: .system)
            try await schedule(services).join(ids[1], chosenName: "Wren", allFollowing: true, actor: signedIn(member), origin: .system)
            var counts: [Int] = []
            for id in ids { counts.append(try await session(services, id).confirmedCount) }
            #expect(counts == [0, 1, 1, 1])
            try await schedule(services).leave(ids[2], allFollowing: true, actor: signedIn(member), origin: .system)
            counts = []
            for id in ids { counts.append(try await session(services, id).confirmedCount) }
            #expect(counts == [0, 1, 0, 0])
        }
    }

    @Test func aPlainMemberOrAnotherFacilitatorIsRefusedAndTheRefusalAudited() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (other, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (member, _) = try await TestServices.member(services, roles: [.communityMember])
            let id = try await schedule(services).create(draft(), repeats: .once, count: 1, actor: signedIn(facilitator), origin: .system)[0]
            let before = try await session(services, id)
            let edit = GroupSessionEdit(title: "Hijacked", description: "", start: before.start, durationMinutes: 90, seats: 5, online: true)
            for intruder in [other, member] {
                await #expect(throws: AccessDenied.self) {
                    try await schedule(services).change(id, edit: edit, scope: .this, actor: signedIn(intruder), origin: .system)
                }
                await #expect(throws: AccessDenied.self) {
                    try await schedule(services).cancel(id, reason: "", scope: .this, actor: signedIn(intruder), origin: .system)
                }
            }
            #expect(try await session(services, id) == before)
            let denials = try await audit(services).filter { $0.action == .accessDenied && $0.resourceType == "groups" }
            #expect(denials.count == 4)
            #expect(Set(denials.compactMap(\.actor)) == [other.id.rawValue, member.id.rawValue])
            // A coordinator may.
            let (coordinator, _) = try await TestServices.member(services, roles: [.coordinator])
            try await schedule(services).change(id, edit: edit, scope: .this, actor: signedIn(coordinator), origin: .system)
            #expect(try await session(services, id).title == "Hijacked")
        }
    }

    @Test func aChangeEmailsEveryoneConfirmedInTheirLanguageAndRemindsAgain() async throws {
        let clock = TestClock(Self.now)
        try await TestServices.with(clock: clock) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (english, _) = try await TestServices.member(services, roles: [.communityMember], email: "en@example.org")
            let (spanish, _) = try await TestServices.member(services, roles: [.communityMember], email: "es@example.org", language: .spanish)
            let (waiting, _) = try await TestServices.member(services, roles: [.communityMember], email: "wait@example.org")
            // Twenty hours ahead: inside the 24-hour group reminder lead.
            let start = Self.now.addingTimeInterval(20 * 3600)
            let id = try await schedule(services).create(
                draft(seats: 2, start: start), repeats: .once, count: 1, actor: signedIn(facilitator), origin: .system)[0]
            try await schedule(services).join(id, chosenName: "", allFollowing: false, actor: signedIn(english), origin: .system)
            try await schedule(services).join(id, chosenName: "Luz", allFollowing: false, actor: signedIn(spanish), origin: .system)
            try await schedule(services).join(id, chosenName: "", allFollowing: false, actor: signedIn(waiting), origin: .system)
            let reminders = Reminders(services: services, messages: TaggedReminders())
            #expect(try await reminders.sendGroupReminders() == 2)
            #expect(try await reminders.sendGroupReminders() == 0)
            let before = try await outbox(services).count
            let edit = GroupSessionEdit(
                title: "Evening circle", description: "Peer support.", start: start.addingTimeInterval(3600), durationMinutes: 90, seats: 2, online: false)
            #expect(try await schedule(services).change(id, edit: edit, scope: .this, actor: signedIn(facilitator), origin: .system) == 1)
            let mail = try await outbox(services)
            let changes = mail.filter { $0.subject.contains("changed") }
            #expect(mail.count == before + 2)
            #expect(Set(changes.map(\.recipient)) == ["en@example.org", "es@example.org"])
            #expect(changes.first { $0.recipient == "es@example.org" }?.subject == "[es] changed Evening circle")
            #expect(changes.first { $0.recipient == "es@example.org" }?.body == "Luz: time,place")
            #expect(changes.first { $0.recipient == "en@example.org" }?.subject == "[en] changed Evening circle")
            // The reminder already sent was for the old time: the new time is reminded again.
            #expect(try await reminders.sendGroupReminders() == 2)
            #expect(try await reminders.sendGroupReminders() == 0)
            // Moved back to the first time: what was sent for it before the moves is forgotten, so it is reminded again.
            var back = edit
            back.start = start
            try await schedule(services).change(id, edit: back, scope: .this, actor: signedIn(facilitator), origin: .system)
            #expect(try await reminders.sendGroupReminders() == 2)
            #expect(try await reminders.sendGroupReminders() == 0)
        }
    }

    @Test func raisingSeatsConfirmsTheWaitlistInOrderWithTheUsualEmail() async throws {
        let clock = TestClock(Self.now)
        try await TestServices.with(clock: clock) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let id = try await schedule(services).create(
                draft(.workshop, seats: 1), repeats: .once, count: 1, actor: signedIn(facilitator), origin: .system)[0]
            let groups = Groups(services: services)
            for number in 1...4 {
                clock.advance(1)
                try await groups.registerForWorkshop(id, name: "Guest \(number)", email: "g\(number)@example.org", language: number == 3 ? .spanish : .english)
            }
            let before = try await session(services, id)
            let edit = GroupSessionEdit(
                title: before.title, description: before.description, start: before.start, durationMinutes: 90, seats: 3, online: true)
            try await schedule(services).change(id, edit: edit, scope: .this, actor: signedIn(facilitator), origin: .system)
            let registrations = try await services.database.read { sql in try await GroupStore().registrations(id, sql: sql) }
            #expect(registrations.map(\.status) == [.confirmed, .confirmed, .confirmed, .waitlisted])
            let mail = try await outbox(services)
            #expect(mail.filter { $0.subject.hasPrefix("A seat for you") }.map(\.recipient).sorted() == ["g2@example.org", "g3@example.org"])
            // Only seats changed: nobody else is told.
            #expect(!mail.contains { $0.subject.contains("changed") })
        }
    }

    @Test func badChangesAreRefusedAndChangeNothing() async throws {
        let clock = TestClock(Self.now)
        try await TestServices.with(clock: clock) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let actor = signedIn(facilitator)
            let id = try await schedule(services).create(draft(seats: 3), repeats: .once, count: 1, actor: actor, origin: .system)[0]
            for _ in 0..<2 {
                let (member, _) = try await TestServices.member(services, roles: [.communityMember])
                try await schedule(services).join(id, chosenName: "", allFollowing: false, actor: signedIn(member), origin: .system)
            }
            let before = try await session(services, id)
            let mailBefore = try await outbox(services).count
            func edit(start: Date? = nil, minutes: Int = 90, seats: Int = 3) -> GroupSessionEdit {
                GroupSessionEdit(title: before.title, description: before.description, start: start ?? before.start, durationMinutes: minutes, seats: seats, online: true)
            }
            let cases: [(GroupSessionEdit, any Error)] = [
                (edit(start: Self.now.addingTimeInterval(-3600)), GroupsError.startInPast),
                (edit(seats: 1), GroupSeriesError.seatsBelowConfirmed(seats: 1, confirmed: 2)),
                (edit(minutes: 5), GroupsError.invalidDuration(minimum: 15, maximum: 480)),
                (edit(minutes: 600), GroupsError.invalidDuration(minimum: 15, maximum: 480)),
                (edit(seats: 0), GroupsError.invalidSeats(minimum: 1, maximum: 500)),
            ]
            for (bad, expected) in cases {
                do {
                    try await schedule(services).change(id, edit: bad, scope: .this, actor: actor, origin: .system)
                    Issue.record("accepted \(bad)")
                } catch {
                    #expect(String(describing: error) == String(describing: expected))
                }
            }
            #expect(try await session(services, id) == before)
            #expect(try await outbox(services).count == mailBefore)
        }
    }

    /// "This and all following" is all or nothing: a later meeting with more people confirmed than the new seats
    /// refuses the whole change, the earlier meetings included, and nobody is emailed.
    @Test func aFollowingChangeThatOneMeetingRefusesChangesNoMeeting() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let ids = try await schedule(services).create(draft(seats: 3), repeats: .weekly, count: 3, actor: signedIn(facilitator), origin: .system)
            for _ in 0..<2 {
                let (member, _) = try await TestServices.member(services, roles: [.communityMember])
                try await schedule(services).join(ids[2], chosenName: "", allFollowing: false, actor: signedIn(member), origin: .system)
            }
            var before: [GroupSessionRecord] = []
            for id in ids { before.append(try await session(services, id)) }
            let mailBefore = try await outbox(services).count
            let edit = GroupSessionEdit(
                title: "Renamed", description: "", start: before[0].start.addingTimeInterval(3600), durationMinutes: 60, seats: 1, online: true)
            await #expect(throws: GroupSeriesError.seatsBelowConfirmed(seats: 1, confirmed: 2)) {
                try await schedule(services).change(ids[0], edit: edit, scope: .following, actor: signedIn(facilitator), origin: .system)
            }
            var after: [GroupSessionRecord] = []
            for id in ids { after.append(try await session(services, id)) }
            #expect(after == before)
            #expect(try await outbox(services).count == mailBefore)
            // With enough seats the same change moves all three an hour later on the wall clock.
            var fits = edit
            fits.seats = 2
            #expect(try await schedule(services).change(ids[0], edit: fits, scope: .following, actor: signedIn(facilitator), origin: .system) == 3)
            for (index, id) in ids.enumerated() {
                let moved = try await session(services, id)
                #expect(moved.title == "Renamed" && moved.seats == 2 && moved.start == before[index].start.addingTimeInterval(3600))
            }
        }
    }

    @Test func cancellingEmailsEveryoneClosesTheSessionAndTwiceIsRefused() async throws {
        let clock = TestClock(Self.now)
        try await TestServices.with(clock: clock) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let actor = signedIn(facilitator)
            let id = try await schedule(services).create(
                draft(.workshop, seats: 1, start: Self.now.addingTimeInterval(20 * 3600)), repeats: .once, count: 1, actor: actor, origin: .system)[0]
            let groups = Groups(services: services)
            try await groups.registerForWorkshop(id, name: "Ana", email: "ana@example.org", language: .spanish)
            try await groups.registerForWorkshop(id, name: "Bo", email: "bo@example.org", language: .english)
            let before = try await outbox(services).count
            await #expect(throws: GroupSeriesError.reasonTooLong(maximum: 500)) {
                try await schedule(services).cancel(id, reason: String(repeating: "x", count: 501), scope: .this, actor: actor, origin: .system)
            }
            #expect(try await session(services, id).cancelled == false)
            #expect(try await schedule(services).cancel(id, reason: "Room flooded", scope: .this, actor: actor, origin: .system) == 1)
            let mail = try await outbox(services)
            #expect(mail.count == before + 2)
            #expect(mail.contains { $0.recipient == "ana@example.org" && $0.subject == "[es] cancelled Evening circle" && $0.body == "Ana: Room flooded" })
            #expect(mail.contains { $0.recipient == "bo@example.org" && $0.subject == "[en] cancelled Evening circle" })
            // Kept, marked, with its registrations; gone from the public list; closed to registration; no reminders.
            let after = try await session(services, id)
            #expect(after.cancelled && after.confirmedCount == 1 && after.waitlistCount == 1)
            #expect(try await groups.upcomingWorkshops().isEmpty)
            await #expect(throws: GroupSeriesError.sessionCancelled) {
                try await groups.registerForWorkshop(id, name: "Cy", email: "cy@example.org", language: .english)
            }
            #expect(try await Reminders(services: services, messages: TaggedReminders()).sendGroupReminders() == 0)
            await #expect(throws: GroupSeriesError.alreadyCancelled) {
                try await schedule(services).cancel(id, reason: "", scope: .this, actor: actor, origin: .system)
            }
            #expect(try await schedule(services).view(id).cancellation?.reason == "Room flooded")
        }
    }

    @Test func cancellingThisAndFollowingLeavesEarlierMeetings() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (member, _) = try await TestServices.member(services, roles: [.communityMember])
            let ids = try await schedule(services).create(draft(), repeats: .everyTwoWeeks, count: 3, actor: signedIn(facilitator), origin: .system)
            #expect(try await schedule(services).cancel(ids[1], reason: "", scope: .following, actor: signedIn(facilitator), origin: .system) == 2)
            var cancelled: [Bool] = []
            for id in ids { cancelled.append(try await session(services, id).cancelled) }
            #expect(cancelled == [false, true, true])
            await #expect(throws: GroupSeriesError.sessionCancelled) {
                try await schedule(services).join(ids[2], chosenName: "", allFollowing: false, actor: signedIn(member), origin: .system)
            }
            // Cancelled meetings show in "mine" for their facilitator, and never in the joinable list.
            let (open, mine) = try await Groups(services: services).list(actor: signedIn(member), origin: .system)
            #expect(open.map(\.id) == [ids[0]])
            #expect(mine.isEmpty)
            let facilitatorList = try await Groups(services: services).list(actor: signedIn(facilitator), origin: .system)
            #expect(facilitatorList.mine.filter(\.cancelled).count == 2)
        }
    }

    @Test func aTherapyGroupChangeIsAuditedAndItsEmailCarriesNoTitle() async throws {
        try await TestServices.with(clock: TestClock(Self.now)) { services in
            let (clinician, _) = try await TestServices.member(services, roles: [.clinician])
            let (client, _) = try await TestServices.member(services, roles: [.client], email: "client@example.org")
            let ids = try await schedule(services).create(draft(.therapyGroup), repeats: .weekly, count: 2, actor: signedIn(clinician), origin: .system)
            try await schedule(services).join(ids[0], chosenName: "", allFollowing: true, actor: signedIn(client), origin: .system)
            let first = try await session(services, ids[0])
            let edit = GroupSessionEdit(
                title: first.title, description: first.description, start: first.start.addingTimeInterval(86_400 + 1800), durationMinutes: 60,
                seats: first.seats, online: true)
            #expect(try await schedule(services).change(ids[0], edit: edit, scope: .following, actor: signedIn(clinician), origin: .system) == 2)
            let second = try await session(services, ids[1])
            #expect(Self.zone.local(at: second.start).time == Self.zone.local(at: edit.start).time)
            #expect(second.start.timeIntervalSince(edit.start) == 7 * 86_400)
            let mail = try await outbox(services).filter { $0.recipient == "client@example.org" }
            #expect(mail.count == 2)
            #expect(mail.allSatisfy { $0.subject == "[en] changed -" && !$0.body.contains("Evening circle") })
            let entries = try await audit(services).filter { $0.resourceType == "group-therapy" && $0.action == .update }
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0.detail == "changed=time,duration" })
            try await schedule(services).cancel(ids[1], reason: "", scope: .this, actor: signedIn(clinician), origin: .system)
            #expect(try await audit(services).filter { $0.resourceType == "group-therapy" && $0.detail == "cancelled" }.count == 1)
        }
    }
}
