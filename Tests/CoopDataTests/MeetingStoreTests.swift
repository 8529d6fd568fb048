import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// The meeting store on a real database (SQLite here; PostgreSQL too when COOPCARE_TEST_POSTGRES_URL is set).
@Suite struct MeetingStoreTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    func member(_ database: Database) async throws -> MemberID {
        let member = Member(
            id: .make(), email: try EmailAddress("m-\(UUID().uuidString.prefix(8))@example.org"), displayName: try DisplayName("Store Person"),
            roles: [.peerFacilitator], status: .active, language: .english, mfaEnabled: false, createdAt: start
        )
        try await database.transaction { sql in try await MemberStore().insert(member, passwordHash: nil, sql: sql) }
        return member.id
    }

    @Test func aMeetingComesBackWithAgendaLinksAttendanceProxiesAndMinutes() async throws {
        try await withDatabase { database in
            let people = [try await member(database), try await member(database), try await member(database)]
            let poll = Poll(author: people[0], title: "Adopt", decisionType: .ordinary, kind: .proposal, opensAt: start, closesAt: start + 3600)
            let rule = Bylaws.sample.decisionRules[.ordinary]!
            try await database.transaction { sql in
                try await PollStore().insert(
                    PollRecord(poll: poll, body: "", electorate: Electorate(asOf: start, weights: [people[0]: 1]), rule: rule, createdAt: start), sql: sql
                )
            }
            let meeting = Meeting(
                title: "Board — spring", decisionType: .budget, startsAt: start,
                agenda: [AgendaItem(title: "Report", minutes: 10), AgendaItem(title: "Budget", minutes: 50)]
            )
            let record = MeetingRecord(
                meeting: meeting, kind: .board, organiser: people[0], location: "Room 1", isTimeSet: true,
                itemMinutes: [AgendaMinutes(notes: "Read.", outcome: "Noted"), AgendaMinutes()],
                links: [MeetingPollLink(pollID: poll.id, position: 1, purpose: .vote)], createdAt: start - 86400
            )
            let proxy = Proxy(giver: people[2], holder: people[1], scope: .meeting(meeting.id), grantedAt: start - 3600)
            try await database.transaction { sql in
                try await MeetingStore().insert(record, sql: sql)
                try await MeetingStore().insertProxy(proxy, sql: sql)
                try await MeetingStore().addAttendance(meeting.id, Attendance(member: people[1], mode: .online), seq: 1, at: start, sql: sql)
                try await MeetingStore().addAttendance(
                    meeting.id, Attendance(member: people[2], mode: .byProxy(holder: people[1], proxy: proxy.id)), seq: 2, at: start, sql: sql
                )
                try await MeetingStore().setOpened(meeting.id, at: start - 60, sql: sql)
                try await MeetingStore().setMinutesState(meeting.id, .awaitingSignOff(author: people[0], submittedAt: start + 7200), sql: sql)
            }
            let found = try #require(try await database.read { sql in try await MeetingStore().find(meeting.id, sql: sql) })
            #expect(found.meeting.title == "Board — spring" && found.meeting.decisionType == .budget && found.kind == .board)
            #expect(found.meeting.agenda.map(\.title) == ["Report", "Budget"] && found.meeting.agenda[1].linkedPolls == [poll.id])
            #expect(found.links == record.links && found.itemMinutes == record.itemMinutes && found.openedAt == start - 60)
            #expect(found.meeting.attendance.map(\.member) == [people[1], people[2]])
            #expect(found.meeting.attendance[1].mode == .byProxy(holder: people[1], proxy: proxy.id))
            #expect(found.meeting.minutes == .awaitingSignOff(author: people[0], submittedAt: start + 7200))
            #expect(found.hasStarted(at: start - 30) && !MeetingRecord(meeting: meeting, kind: .board, organiser: people[0], location: "", isTimeSet: false, createdAt: start).hasStarted(at: start + 1))
            let proxies = try await database.read { sql in try await MeetingStore().proxies(for: meeting.id, sql: sql) }
            #expect(proxies == [proxy])
            try await database.transaction { sql in
                try await MeetingStore().setTime(meeting.id, startsAt: start + 86400, sql: sql)
                try await MeetingStore().saveItemMinutes(meeting.id, position: 1, AgendaMinutes(notes: "Agreed."), sql: sql)
            }
            let moved = try #require(try await database.read { sql in try await MeetingStore().find(meeting.id, sql: sql) })
            #expect(moved.meeting.startsAt == start + 86400 && moved.itemMinutes[1].notes == "Agreed.")
            let linked = try await database.read { sql in try await MeetingStore().meetingID(linkedTo: poll.id, sql: sql) }
            #expect(linked == meeting.id)
        }
    }
}
