import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Logging
import Testing

/// The background scheduler, driven by a test clock: each job in order, errors logged without stopping the others,
/// spacing respected, and the co-op's standard jobs doing what page reads used to.
@Suite struct SchedulerTests {
    actor Log {
        var entries: [String] = []
        func add(_ entry: String) { entries.append(entry) }
    }

    struct Broken: Error {}

    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test func runsEveryJobInOrderAndAFailureDoesNotStopTheOthers() async throws {
        let clock = TestClock()
        let log = Log()
        let scheduler = Scheduler(
            jobs: [
                DueWork("first") { now in await log.add("first \(Int(now.timeIntervalSince1970))") },
                DueWork("broken") { _ in throw Broken() },
                DueWork("last") { _ in await log.add("last") },
            ],
            now: { clock.now }, logger: Self.quiet
        )
        #expect(await scheduler.runDue() == ["broken"])
        #expect(await log.entries == ["first \(Int(clock.now.timeIntervalSince1970))", "last"])
    }

    @Test func aSpacedJobWaitsForItsTime() async throws {
        let clock = TestClock()
        let log = Log()
        let scheduler = Scheduler(
            jobs: [DueWork("hourly", every: 3600) { _ in await log.add("hourly") }, DueWork("tick") { _ in await log.add("tick") }],
            now: { clock.now }, logger: Self.quiet
        )
        await scheduler.runDue()
        clock.advance(30)
        await scheduler.runDue()
        clock.advance(3570)
        await scheduler.runDue()
        #expect(await log.entries == ["hourly", "tick", "tick", "hourly", "tick"])
    }

    struct Plain: GovernanceMessages, ReminderMessages {
        func email(_ notice: GovernanceNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String) {
            switch notice {
            case .opened(let title, _, _): ("opened \(title)", "body")
            case .closingSoon(let title, _, _): ("soon \(title)", "body")
            case .closed(let title, _, let status): ("closed \(title) \(status.rawValue)", "body")
            }
        }
        func email(_ notice: ReminderNotice, language: Language) -> (subject: String, body: String) { ("reminder", "body") }
    }

    @Test func theStandardJobsCloseDuePollsSendClosingRemindersAndDeliver() async throws {
        let clock = TestClock()
        let server = try FakeSMTPServer()
        defer { server.stop() }
        try await TestServices.with(clock: clock) { services in
            let governance = Governance(services: services, messages: Plain())
            let (author, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (other, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let actor = Actor(memberID: author.id, roles: author.roles, mfaSatisfied: true)
            let id = try await governance.open(actor: actor, draft: ProposalDraft(title: "Garden", votingPeriod: 2 * 86400), origin: .system)
            let mail = MailSettings(transport: SMTPClient(host: "127.0.0.1", port: server.port, timeout: 5), from: "coop@example.org")
            let scheduler = Scheduler(
                jobs: Scheduler.standardJobs(
                    governance: governance, reminders: Reminders(services: services, messages: Plain()), mail: MailDelivery(services: services, settings: mail)
                ),
                now: { clock.now }, logger: Self.quiet
            )
            #expect(await scheduler.runDue().isEmpty)
            #expect(server.messages.map(\.recipients) == [[other.email.value]])
            clock.advance(86400 + 60)
            await scheduler.runDue()
            let subjects = server.messages.compactMap { $0.header("Subject") }
            #expect(subjects.filter { $0 == "soon Garden" }.count == 2)
            clock.advance(86400)
            await scheduler.runDue()
            let record = try await services.database.read { sql in try await PollStore().find(id, sql: sql) }
            #expect(record?.isSettled == true)
            #expect(server.messages.compactMap { $0.header("Subject") }.filter { $0.hasPrefix("closed Garden") }.count == 2)
            #expect(try await services.database.read { sql in try await OutboxStore().counts(sql: sql) } == [.sent: 5])
        }
    }

    @Test func waitlistOffersRunBeforeRemindersAndMailGoesLast() async throws {
        try await TestServices.with { services in
            let settings = MailSettings(transport: nil, from: "coop@example.org")
            let jobs = Scheduler.standardJobs(
                governance: Governance(services: services, messages: Plain()), reminders: Reminders(services: services, messages: Plain()),
                mail: MailDelivery(services: services, settings: settings), care: CareAccess(services: services)
            )
            #expect(
                jobs.map(\.name) == [
                    "governance.settle-due", "care.waitlist-offers", "care.booking-notices", "care.session-reminders", "care.credential-reminders",
                    "mail.deliver",
                ])
            // With nothing due, a tick runs every job without a failure.
            let scheduler = Scheduler(jobs: jobs, now: { Date() }, logger: Self.quiet)
            #expect(await scheduler.runDue().isEmpty)
        }
    }
}
