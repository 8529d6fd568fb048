import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// One past general assembly (attendance with a proxy, a vote taken at it, minutes signed off) and one upcoming
    /// assembly whose time is being chosen by a time poll. Plainly fictional.
    func addMeetingsDemo(members: [Member], now: Date, sql: any SQLDatabase) async throws {
        let day: TimeInterval = 86400
        let ids = members.map(\.id)
        guard ids.count >= 12 else { return }
        let bylaws = try await GovernedSettingStore().load(sql: sql).bylaws
        let rule = try bylaws.rule(for: .ordinary)
        let memberships = try await MembershipStore().all(sql: sql)
        let hour = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)

        // Past: the spring assembly, a month ago.
        let held = hour.addingTimeInterval(-30 * day)
        var spring = Meeting(
            title: "Spring general assembly", startsAt: held,
            agenda: [
                AgendaItem(title: "Welcome and the year so far", minutes: 15), AgendaItem(title: "Budget for the coming year", minutes: 45),
                AgendaItem(title: "Any other business", minutes: 15),
            ]
        )
        let electorate = try Electorate(memberships: memberships, rule: rule, at: held)
        var register = ProxyRegister()
        let proxy = Proxy(giver: ids[7], holder: ids[5], scope: .meeting(spring.id), grantedAt: held.addingTimeInterval(-2 * day))
        try register.grant(proxy, rule: rule.proxies, electorate: electorate)
        let present: [(Int, AttendanceMode)] = [(0, .inPerson), (1, .online), (2, .inPerson), (3, .online), (5, .inPerson), (6, .inPerson)]
        for (index, mode) in present {
            try spring.recordAttendance(of: ids[index], mode: mode, rule: rule, electorate: electorate, proxies: register, at: held)
        }
        try spring.recordAttendance(
            of: ids[7], mode: .byProxy(holder: ids[5], proxy: proxy.id), rule: rule, electorate: electorate, proxies: register, at: held
        )
        // The vote taken under the budget item, with the proxy carried into it.
        let budget = Poll(
            author: ids[0], title: "Adopt the budget for the coming year", decisionType: .ordinary, kind: .proposal,
            opensAt: held.addingTimeInterval(1800), closesAt: held.addingTimeInterval(3600), meetingID: spring.id
        )
        let pollProxy = Proxy(giver: ids[7], holder: ids[5], scope: .poll(budget.id), grantedAt: budget.opensAt)
        try await PollStore().insert(PollRecord(poll: budget, body: "As circulated before the meeting.", electorate: electorate, rule: rule, createdAt: budget.opensAt), sql: sql)
        try await ProxyStore().insert(pollProxy, sql: sql)
        var box = BallotBox(pollID: budget.id)
        let votes: [(Int, MemberID?, BallotChoice)] = [
            (0, nil, .stance(.agree)), (1, nil, .stance(.agree)), (2, nil, .stance(.agree)), (3, nil, .stance(.abstain)), (5, nil, .stance(.agree)),
            (5, ids[7], .stance(.disagree)), (6, nil, .stance(.agree)),
        ]
        for (step, (voter, giver, choice)) in votes.enumerated() {
            let cast = try box.cast(
                BallotSubmission(submittedBy: ids[voter], onBehalfOf: giver, choice: choice), poll: budget, rule: rule, electorate: electorate,
                proxies: ProxyRegister([pollProxy]), at: budget.opensAt.addingTimeInterval(TimeInterval(60 * (step + 1)))
            )
            try await BallotStore().record(cast.ballot, in: budget, sql: sql)
            try await BallotStore().recordReceipt(cast.receipt, sql: sql)
        }
        let result = try PollResult.evaluate(poll: budget, rule: rule, ballots: box.ballots, electorate: electorate)
        try await PollStore().settle(budget.id, closedEarlyAt: nil, result: result.status, sql: sql)
        try spring.startMinutes(author: ids[0])
        try spring.submitMinutes(by: ids[0], at: held.addingTimeInterval(day))
        try spring.signOffMinutes(by: ids[2], at: held.addingTimeInterval(3 * day))
        let springRecord = MeetingRecord(
            meeting: Meeting(id: spring.id, title: spring.title, startsAt: held, agenda: spring.agenda), kind: .generalAssembly, organiser: ids[0],
            location: "Community room, 1 Example Street, and online at https://meet.demo.coopcare.example/spring", isTimeSet: true,
            openedAt: held,
            itemMinutes: [
                AgendaMinutes(notes: "Avery opened the meeting; seven of twelve members present or represented.", outcome: "Quorum confirmed."),
                AgendaMinutes(notes: "Blake presented the budget. Questions about the hardship fund.", outcome: "Budget adopted (5 for, 1 against, 1 abstention)."),
                AgendaMinutes(notes: "Next assembly in the autumn; time to be polled.", outcome: ""),
            ],
            createdAt: held.addingTimeInterval(-14 * day)
        )
        try await MeetingStore().insert(springRecord, sql: sql)
        try await MeetingStore().insertProxy(proxy, sql: sql)
        for (seq, attendance) in spring.attendance.enumerated() {
            try await MeetingStore().addAttendance(spring.id, attendance, seq: seq, at: held, sql: sql)
        }
        try await MeetingStore().link(spring.id, MeetingPollLink(pollID: budget.id, position: 1, purpose: .vote), at: budget.opensAt, sql: sql)
        try await MeetingStore().setMinutesState(spring.id, spring.minutes, sql: sql)

        // Upcoming: the autumn assembly, its time put to a poll.
        let candidates = [10, 12, 14].map { hour.addingTimeInterval(Double($0) * day) }
        let autumn = Meeting(
            title: "Autumn general assembly", startsAt: candidates[0],
            agenda: [AgendaItem(title: "Sliding-scale review", minutes: 40), AgendaItem(title: "Board report", minutes: 20)]
        )
        let timePoll = Poll(
            author: ids[0], title: "Time for: Autumn general assembly", decisionType: .ordinary, kind: .meetingTime(allowsMaybe: true),
            options: candidates.map { PollOption(Meetings.slotName($0), slot: DateInterval(start: $0, duration: 3600)) },
            opensAt: now.addingTimeInterval(-day), closesAt: now.addingTimeInterval(5 * day), reasonPolicy: .disabled, meetingID: autumn.id
        )
        let pollElectorate = try Electorate(for: timePoll, rule: rule, memberships: memberships)
        try await PollStore().insert(
            PollRecord(poll: timePoll, body: autumn.title, electorate: pollElectorate, rule: rule, createdAt: timePoll.opensAt), sql: sql
        )
        var times = BallotBox(pollID: timePoll.id)
        let answers: [(Int, [Availability])] = [(1, [.yes, .maybe, .no]), (2, [.yes, .yes, .no]), (5, [.no, .yes, .maybe]), (8, [.maybe, .yes, .no])]
        for (step, (voter, said)) in answers.enumerated() {
            let cast = try times.cast(
                BallotSubmission(submittedBy: ids[voter], choice: .availability(said)), poll: timePoll, rule: rule, electorate: pollElectorate,
                proxies: ProxyRegister(), at: timePoll.opensAt.addingTimeInterval(TimeInterval(3600 * (step + 1)))
            )
            try await BallotStore().record(cast.ballot, in: timePoll, sql: sql)
            try await BallotStore().recordReceipt(cast.receipt, sql: sql)
        }
        try await MeetingStore().insert(
            MeetingRecord(
                meeting: autumn, kind: .generalAssembly, organiser: ids[0], location: "Online at https://meet.demo.coopcare.example/autumn",
                isTimeSet: false, timePollID: timePoll.id, createdAt: timePoll.opensAt
            ),
            sql: sql
        )
    }
}
