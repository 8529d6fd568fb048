import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// The SMTP client against a fake relay that speaks STARTTLS or implicit TLS with a certificate from a CA made for the
/// test, and asks for AUTH PLAIN or LOGIN: the message arrives intact over TLS, credentials only go over TLS, and
/// missing STARTTLS, a wrong password or an untrusted certificate stop the send without losing the message or
/// logging the password.
@Suite struct SMTPTLSTests {
    static let password = "correct horse 🐎 battery"
    static let certificates = Result { try TestCertificates.make() }

    static func message(to: String = "ana@example.org") -> MailMessage {
        MailMessage(
            from: "coop@example.org", to: to, subject: "Recordatorio: sesión el miércoles",
            body: "Hola Ana,\nsu sesión es el miércoles a las 10:00.\n.\nGracias — la cooperativa ☕",
            date: Date(timeIntervalSince1970: 1_800_000_000), messageID: "m1@example.org"
        )
    }

    static func client(
        _ server: FakeSMTPServer, _ security: SMTPSecurity, password: String = password, trustTestCA: Bool = true, user: String? = "coop@example.org"
    ) throws -> SMTPClient {
        let ca = Array(try certificates.get().caPEM.utf8)
        return try SMTPClient(
            host: "127.0.0.1", port: server.port, heloName: "coop.test", timeout: 5, security: security,
            credentials: user.map { SMTPCredentials(user: $0, password: password) }, extraTrustedCertificatesPEM: trustTestCA ? ca : nil
        )
    }

    static func server(_ security: FakeSMTPServer.Security, mechanisms: [String] = ["PLAIN", "LOGIN"]) throws -> FakeSMTPServer {
        try FakeSMTPServer(
            security: security, certificates: try certificates.get(),
            auth: FakeSMTPServer.Auth(mechanisms: mechanisms, user: "coop@example.org", password: password)
        )
    }

    /// Every form the password could travel or be echoed in.
    static func secretForms(_ password: String = password) -> [String] {
        [
            password, Data(password.utf8).base64EncodedString(),
            Data("\u{0}coop@example.org\u{0}\(password)".utf8).base64EncodedString(),
        ]
    }

    @Test func startTLSThenAuthPlainDeliversTheMessageIntact() async throws {
        let server = try Self.server(.startTLS)
        defer { server.stop() }
        try await Self.client(server, .startTLS).send(Self.message())
        let plain = Data("\u{0}coop@example.org\u{0}\(Self.password)".utf8).base64EncodedString()
        #expect(
            server.commands == [
                "EHLO coop.test", "STARTTLS", "EHLO coop.test", "AUTH PLAIN \(plain)", "MAIL FROM:<coop@example.org>", "RCPT TO:<ana@example.org>",
                "DATA", "QUIT",
            ]
        )
        // Only the greeting and STARTTLS itself went in clear.
        #expect(server.transcript.map(\.overTLS) == [false, false, true, true, true, true, true, true])
        let received = try #require(server.messages.first)
        #expect(received.overTLS)
        #expect(received.mailFrom == "coop@example.org" && received.recipients == ["ana@example.org"])
        #expect(MailMessageDecoding.words(received.header("Subject") ?? "") == "Recordatorio: sesión el miércoles")
        #expect(received.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(received.header("Message-ID") == "<m1@example.org>")
        #expect(received.header("From") == "coop@example.org" && received.header("To") == "ana@example.org")
        #expect(
            MailEncoding.decodeQuotedPrintable(received.body)
                == "Hola Ana,\r\nsu sesión es el miércoles a las 10:00.\r\n.\r\nGracias — la cooperativa ☕"
        )
    }

    @Test func authLoginIsUsedWhenPlainIsNotOffered() async throws {
        let server = try Self.server(.startTLS, mechanisms: ["LOGIN"])
        defer { server.stop() }
        try await Self.client(server, .startTLS).send(Self.message())
        let commands = server.commands
        #expect(commands.prefix(6) == [
            "EHLO coop.test", "STARTTLS", "EHLO coop.test", "AUTH LOGIN", Data("coop@example.org".utf8).base64EncodedString(),
            Data(Self.password.utf8).base64EncodedString(),
        ])
        #expect(server.messages.count == 1)
    }

    @Test func implicitTLSDeliversFromTheFirstByte() async throws {
        let server = try Self.server(.implicitTLS)
        defer { server.stop() }
        try await Self.client(server, .implicitTLS).send(Self.message())
        #expect(server.commands.first == "EHLO coop.test" && !server.commands.contains("STARTTLS"))
        #expect(server.transcript.allSatisfy { $0.overTLS })
        #expect(server.commands.contains { $0.hasPrefix("AUTH PLAIN ") })
        let received = try #require(server.messages.first)
        #expect(received.overTLS && received.recipients == ["ana@example.org"])
    }

    @Test(arguments: [FakeSMTPServer.Security.none, .startTLS])
    func opportunisticUsesTLSOnlyWhenOffered(serverSecurity: FakeSMTPServer.Security) async throws {
        let server = try FakeSMTPServer(security: serverSecurity, certificates: try Self.certificates.get())
        defer { server.stop() }
        try await Self.client(server, .opportunistic, user: nil).send(Self.message())
        let received = try #require(server.messages.first)
        #expect(received.overTLS == (serverSecurity == .startTLS))
        #expect(server.commands.contains("STARTTLS") == (serverSecurity == .startTLS))
    }

    @Test func requiredStartTLSThatIsNotOfferedSendsNothing() async throws {
        let server = try FakeSMTPServer()
        defer { server.stop() }
        let error = await #expect(throws: SMTPError.self) { try await Self.client(server, .startTLS).send(Self.message()) }
        guard case .tls(let what)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(what.contains("STARTTLS"))
        #expect(error?.isConfigurationProblem == true && error?.isPermanent == false)
        // Neither the credentials nor the message went out in clear.
        #expect(server.commands == ["EHLO coop.test"])
        #expect(server.messages.isEmpty)
    }

    @Test func linesInjectedBeforeTheHandshakeAreRefused() async throws {
        let server = try FakeSMTPServer(
            replies: ["STARTTLS": "220 2.0.0 ready\r\n250 2.1.0 injected by someone in the middle"], security: .startTLS,
            certificates: try Self.certificates.get()
        )
        defer { server.stop() }
        await #expect(throws: SMTPError.tls("the relay sent data before the TLS handshake")) {
            try await Self.client(server, .startTLS).send(Self.message())
        }
        #expect(server.commands == ["EHLO coop.test", "STARTTLS"])
        #expect(server.messages.isEmpty)
    }

    @Test func credentialsMayGoInClearToALoopbackRelayOnly() async throws {
        let server = try FakeSMTPServer(auth: FakeSMTPServer.Auth(mechanisms: ["PLAIN"], user: "local", password: "pw on loopback"))
        defer { server.stop() }
        let client = try SMTPClient(
            host: "127.0.0.1", port: server.port, heloName: "coop.test", timeout: 5, security: .plain,
            credentials: SMTPCredentials(user: "local", password: "pw on loopback")
        )
        try await client.send(Self.message())
        #expect(server.commands.contains { $0.hasPrefix("AUTH PLAIN ") })
        #expect(server.messages.count == 1 && server.messages.allSatisfy { !$0.overTLS })
        // The same credentials for a relay off this machine are refused before anything is sent.
        #expect(throws: MailSettingsError.credentialsInClear) { try SMTPRelayURL("smtp://local:pw@relay.example.org?starttls=off") }
    }

    @Test func aRelayWithoutAuthIsAConfigurationProblemWhenCredentialsAreSet() async throws {
        let server = try FakeSMTPServer(security: .startTLS, certificates: try Self.certificates.get())
        defer { server.stop() }
        await #expect(throws: SMTPError.configuration("the relay offers no AUTH, but a user and password are set")) {
            try await Self.client(server, .startTLS).send(Self.message())
        }
        #expect(!server.commands.contains { $0.hasPrefix("MAIL") })
    }

    @Test func aWrongPasswordIsRefusedAndNeverRepeated() async throws {
        let server = try Self.server(.startTLS)
        defer { server.stop() }
        let wrong = "not the password at all"
        let error = await #expect(throws: SMTPError.self) { try await Self.client(server, .startTLS, password: wrong).send(Self.message()) }
        guard case .authentication(let code, let text)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(code == 535)
        // The fake relay repeats what it was given; the client hides it.
        #expect(text.contains("<hidden>"))
        for secret in Self.secretForms(wrong) { #expect(!text.contains(secret) && !(error?.summary.contains(secret) ?? true)) }
        #expect(error?.isPermanent == false && error?.isConfigurationProblem == true)
        #expect(!server.commands.contains { $0.hasPrefix("MAIL") })
        #expect(server.messages.isEmpty)
    }

    @Test(arguments: [SMTPSecurity.startTLS, .implicitTLS])
    func anUntrustedCertificateIsRefused(security: SMTPSecurity) async throws {
        let server = try Self.server(security == .startTLS ? .startTLS : .implicitTLS)
        defer { server.stop() }
        let error = await #expect(throws: SMTPError.self) {
            try await Self.client(server, security, trustTestCA: false).send(Self.message())
        }
        guard case .tls(let what)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(what.contains("not trusted"))
        // Nothing after the handshake reached the server: no AUTH, no MAIL.
        #expect(!server.commands.contains { $0.hasPrefix("AUTH") || $0.hasPrefix("MAIL") })
        #expect(server.messages.isEmpty)
    }

    @Test func aCertificateFromAnotherAuthorityIsRefused() async throws {
        let server = try Self.server(.startTLS)
        defer { server.stop() }
        let other = try TestCertificates.make(authorityName: "Someone Else's CA")
        let client = try SMTPClient(
            host: "127.0.0.1", port: server.port, timeout: 5, security: .startTLS, extraTrustedCertificatesPEM: Array(other.caPEM.utf8)
        )
        await #expect(throws: SMTPError.tls("the relay's certificate is not trusted")) { try await client.send(Self.message()) }
        #expect(server.messages.isEmpty)
    }

    @Test func aSilentTLSRelayTimesOut() async throws {
        let server = try FakeSMTPServer(greets: false, security: .implicitTLS, certificates: try Self.certificates.get())
        defer { server.stop() }
        let client = try SMTPClient(
            host: "127.0.0.1", port: server.port, timeout: 0.3, security: .implicitTLS,
            extraTrustedCertificatesPEM: Array(try Self.certificates.get().caPEM.utf8)
        )
        let started = Date()
        await #expect(throws: SMTPError.timeout) { try await client.send(Self.message()) }
        // Far below "never": a relay that ignored the limit would hang here; the margin is for a loaded machine running every suite at once.
        #expect(Date().timeIntervalSince(started) < 15)
    }
}

/// The outbox over a TLS relay: configuration problems keep messages queued with backoff, are logged once per run
/// with the relay's words, and never put the password in the log or the outbox.
@Suite struct MailDeliveryTLSTests {
    static func queue(_ services: CoopServices, _ count: Int) async throws {
        try await services.database.transaction { sql in
            for index in 0..<count {
                try await OutboxStore().enqueue(
                    recipient: "person\(index)@example.org", subject: "Aviso \(index)", body: "Cuerpo ñ \(index)", now: services.now(), sql: sql)
            }
        }
    }

    static func outbox(_ services: CoopServices) async throws -> [OutboxMessage] {
        try await services.database.read { sql in try await OutboxStore().recent(limit: 500, sql: sql) }
    }

    static func run(
        _ server: FakeSMTPServer, security: SMTPSecurity, password: String, queued: Int, clock: TestClock, capture: LogCapture,
        _ check: (CoopServices, MailDelivery) async throws -> Void
    ) async throws {
        try await TestServices.with(clock: clock) { services in
            var services = services
            services.logger = capture.logger()
            try await Self.queue(services, queued)
            let client = try SMTPTLSTests.client(server, security, password: password)
            let settings = MailSettings(transport: client, relayDescription: "smtp+starttls://coop@example.org@127.0.0.1", from: "coop@example.org")
            try await check(services, MailDelivery(services: services, settings: settings))
        }
    }

    @Test func aWrongPasswordKeepsEveryMessageQueuedAndIsTriedOncePerRun() async throws {
        let server = try SMTPTLSTests.server(.startTLS)
        defer { server.stop() }
        let capture = LogCapture()
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let wrong = "wrong-password-123"
        try await Self.run(server, security: .startTLS, password: wrong, queued: 3, clock: clock, capture: capture) { services, delivery in
            #expect(try await delivery.deliverDue() == DeliveryReport(sent: 0, retrying: 3, failed: 0))
            // One connection tried the password; the other two messages were not sent to the relay again.
            #expect(server.commands.filter { $0.hasPrefix("AUTH") }.count == 1)
            let stored = try await Self.outbox(services)
            #expect(stored.allSatisfy {
                $0.status == .queued && $0.attempts == 1 && $0.nextAttemptAt == clock.now.addingTimeInterval(60)
                    && $0.lastError?.hasPrefix("authentication refused: 535") == true
            })
        }
        let errors = capture.lines(atLeast: .error)
        #expect(errors.contains { $0.contains("cannot be used as configured") && $0.contains("535") })
        for line in capture.lines {
            for secret in SMTPTLSTests.secretForms(wrong) { #expect(!line.contains(secret), "\(line)") }
        }
        #expect(server.messages.isEmpty)
    }

    @Test func aRelayWithoutStartTLSKeepsMessagesQueuedWithAClearLog() async throws {
        let server = try FakeSMTPServer()
        defer { server.stop() }
        let capture = LogCapture()
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await Self.run(server, security: .startTLS, password: SMTPTLSTests.password, queued: 2, clock: clock, capture: capture) { services, delivery in
            #expect(try await delivery.deliverDue() == DeliveryReport(sent: 0, retrying: 2, failed: 0))
            let stored = try await Self.outbox(services)
            #expect(stored.allSatisfy { $0.status == .queued && $0.lastError == "tls: the relay does not offer STARTTLS, which this setting requires" })
            // Not due yet: nothing is tried; when due, it is tried again (and still refused).
            #expect(try await delivery.deliverDue() == DeliveryReport())
            clock.advance(60)
            #expect(try await delivery.deliverDue().retrying == 2)
        }
        #expect(capture.lines(atLeast: .error).contains { $0.contains("STARTTLS") })
        #expect(server.messages.isEmpty)
        #expect(!server.commands.contains { $0.hasPrefix("MAIL") || $0.hasPrefix("AUTH") })
    }

    @Test func aGoodRelayGetsEveryMessageAndThePasswordIsNeverLogged() async throws {
        let server = try SMTPTLSTests.server(.startTLS)
        defer { server.stop() }
        let capture = LogCapture()
        try await Self.run(server, security: .startTLS, password: SMTPTLSTests.password, queued: 2, clock: TestClock(), capture: capture) { services, delivery in
            let report = try await delivery.deliverDue()
            let stored = try await Self.outbox(services)
            #expect(report == DeliveryReport(sent: 2))
            #expect(stored.count == 2 && stored.allSatisfy { $0.status == .sent })
        }
        #expect(server.messages.count == 2 && server.messages.allSatisfy { $0.overTLS })
        for line in capture.lines {
            for secret in SMTPTLSTests.secretForms() { #expect(!line.contains(secret)) }
        }
    }
}
