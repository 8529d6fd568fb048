import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// Draining the outbox: sent through the relay, retried with backoff on temporary refusals, given up after the
/// last try or on a permanent refusal, and never sent twice by two deliverers.
@Suite struct MailDeliveryTests {
    static func queue(_ services: CoopServices, _ count: Int, subject: String = "Asunto") async throws {
        try await services.database.transaction { sql in
            for index in 0..<count {
                try await OutboxStore().enqueue(
                    recipient: "person\(index)@example.org", subject: "\(subject) \(index)", body: "Cuerpo \(index)\n.punto", now: services.now(), sql: sql)
            }
        }
    }

    static func outbox(_ services: CoopServices) async throws -> [OutboxMessage] {
        try await services.database.read { sql in try await OutboxStore().recent(limit: 500, sql: sql) }
    }

    static func smtp(_ server: FakeSMTPServer, retry: MailRetryPolicy = .standard) -> MailSettings {
        MailSettings(transport: SMTPClient(host: "127.0.0.1", port: server.port, timeout: 5), from: "coop@example.org", retry: retry)
    }

    @Test func queuedMessagesAreSentThroughTheRelayOnce() async throws {
        let server = try FakeSMTPServer()
        defer { server.stop() }
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await TestServices.with(clock: clock) { services in
            try await Self.queue(services, 3, subject: "Votación")
            let delivery = MailDelivery(services: services, settings: Self.smtp(server))
            #expect(try await delivery.deliverDue() == DeliveryReport(sent: 3, retrying: 0, failed: 0))
            #expect(try await delivery.deliverDue() == DeliveryReport())
            #expect(server.messages.count == 3)
            #expect(Set(server.messages.flatMap(\.recipients)) == ["person0@example.org", "person1@example.org", "person2@example.org"])
            let stored = try await Self.outbox(services)
            #expect(stored.allSatisfy { $0.status == .sent && $0.attempts == 1 && $0.sentAt == clock.now && $0.lastError == nil })
            // The Message-ID is the outbox id, so a relay can recognise a repeat.
            let ids = Set(stored.map { "<\($0.id)@example.org>" })
            #expect(Set(server.messages.compactMap { $0.header("Message-ID") }) == ids)
        }
    }

    @Test func aQueuedAttachmentReachesTheRelayAsAMultipartMessage() async throws {
        let server = try FakeSMTPServer()
        defer { server.stop() }
        try await TestServices.with(clock: TestClock(Date(timeIntervalSince1970: 1_800_000_000))) { services in
            let invitation = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
            try await services.database.transaction { sql in
                try await OutboxStore().enqueue(
                    recipient: "sky@example.org", subject: "Booked", body: "See the invitation.", now: services.now(),
                    attachment: MailAttachment(filename: "session.ics", contentType: "text/calendar; method=REQUEST", content: invitation), sql: sql)
            }
            #expect(try await MailDelivery(services: services, settings: Self.smtp(server)).deliverDue().sent == 1)
            let received = try #require(server.messages.first)
            #expect(received.header("Content-Type")?.hasPrefix("multipart/mixed; boundary=\"=_coopcare_") == true)
            #expect(received.data.contains("Content-Disposition: attachment; filename=\"session.ics\""))
            #expect(received.data.contains(Data(invitation.utf8).base64EncodedString()))
        }
    }

    @Test func temporaryRefusalsAreRetriedWithBackoffThenGivenUp() async throws {
        let server = try FakeSMTPServer(replies: ["RCPT": "451 4.3.0 try later"])
        defer { server.stop() }
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await TestServices.with(clock: clock) { services in
            try await Self.queue(services, 1)
            let policy = MailRetryPolicy(maximumAttempts: 4, firstDelay: 60, longestDelay: 3600)
            let delivery = MailDelivery(services: services, settings: Self.smtp(server, retry: policy))
            #expect(try await delivery.deliverDue().retrying == 1)
            var message = try #require(try await Self.outbox(services).first)
            #expect(message.status == .queued && message.attempts == 1 && message.lastError == "451 4.3.0 try later")
            #expect(message.nextAttemptAt == clock.now.addingTimeInterval(60))
            // Not due yet: nothing is tried.
            clock.advance(59)
            #expect(try await delivery.deliverDue() == DeliveryReport())
            clock.advance(1)
            #expect(try await delivery.deliverDue().retrying == 1)
            message = try #require(try await Self.outbox(services).first)
            #expect(message.attempts == 2 && message.nextAttemptAt == clock.now.addingTimeInterval(120))
            clock.advance(120)
            #expect(try await delivery.deliverDue().retrying == 1)
            clock.advance(240)
            #expect(try await delivery.deliverDue().failed == 1)
            message = try #require(try await Self.outbox(services).first)
            #expect(message.status == .failed && message.attempts == 4)
            clock.advance(86400)
            #expect(try await delivery.deliverDue() == DeliveryReport())
            #expect(server.messages.isEmpty)
        }
    }

    @Test func aTemporaryProblemThatClearsEndsInSent() async throws {
        let server = try FakeSMTPServer(replies: ["MAIL": "421 4.7.0 too busy"])
        defer { server.stop() }
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await TestServices.with(clock: clock) { services in
            try await Self.queue(services, 1)
            let delivery = MailDelivery(services: services, settings: Self.smtp(server))
            #expect(try await delivery.deliverDue().retrying == 1)
            server.reply(to: "MAIL", with: nil)
            clock.advance(60)
            #expect(try await delivery.deliverDue().sent == 1)
            let message = try #require(try await Self.outbox(services).first)
            #expect(message.status == .sent && message.attempts == 2 && message.lastError == nil)
        }
    }

    @Test func aPermanentRefusalFailsAtOnce() async throws {
        let server = try FakeSMTPServer(replies: ["RCPT": "550 5.1.1 no such user"])
        defer { server.stop() }
        try await TestServices.with { services in
            try await Self.queue(services, 1)
            #expect(try await MailDelivery(services: services, settings: Self.smtp(server)).deliverDue().failed == 1)
            let message = try #require(try await Self.outbox(services).first)
            #expect(message.status == .failed && message.attempts == 1 && message.lastError?.hasPrefix("550") == true)
        }
    }

    @Test func withoutARelayMessagesStayInTheOutbox() async throws {
        try await TestServices.with { services in
            try await Self.queue(services, 2)
            #expect(try await MailDelivery(services: services, settings: .development).deliverDue() == DeliveryReport())
            #expect(try await Self.outbox(services).allSatisfy { $0.status == .queued && $0.attempts == 0 })
        }
    }

    /// Records what it sends; slow enough that two deliverers overlap.
    actor Recorder: MailTransport {
        var sent: [String] = []
        nonisolated func send(_ message: MailMessage) async throws {
            try await Task.sleep(for: .milliseconds(5))
            await record(message.to)
        }
        func record(_ to: String) { sent.append(to) }
    }

    @Test func twoDeliverersNeverSendTheSameMessage() async throws {
        try await TestServices.with { services in
            try await Self.queue(services, 30)
            let recorder = Recorder()
            let settings = MailSettings(transport: recorder, from: "coop@example.org", batchSize: 10)
            let first = MailDelivery(services: services, settings: settings, claimer: "instance-a")
            let second = MailDelivery(services: services, settings: settings, claimer: "instance-b")
            @Sendable func threeRuns(_ delivery: MailDelivery) async throws -> [DeliveryReport] {
                var reports: [DeliveryReport] = []
                for _ in 0..<3 { reports.append(try await delivery.deliverDue()) }
                return reports
            }
            async let a = threeRuns(first)
            async let b = threeRuns(second)
            let reports = try await a + b
            #expect(reports.map(\.sent).reduce(0, +) == 30)
            let sent = await recorder.sent
            #expect(sent.count == 30 && Set(sent).count == 30)
            #expect(try await Self.outbox(services).allSatisfy { $0.status == .sent && $0.attempts == 1 })
        }
    }

    @Test func anExpiredLeaseIsTakenOver() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await TestServices.with(clock: clock) { services in
            try await Self.queue(services, 1)
            // An instance claims the message and dies before sending it.
            let claimed = try await services.database.transaction { sql in
                try await OutboxStore().claimDue(now: clock.now, until: clock.now.addingTimeInterval(300), limit: 10, claimer: "dead", sql: sql)
            }
            #expect(claimed.count == 1)
            let recorder = Recorder()
            let delivery = MailDelivery(services: services, settings: MailSettings(transport: recorder, from: "coop@example.org"))
            #expect(try await delivery.deliverDue().sent == 0)
            clock.advance(301)
            #expect(try await delivery.deliverDue().sent == 1)
            #expect(await recorder.sent == ["person0@example.org"])
        }
    }
}
