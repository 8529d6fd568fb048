import CoopApp
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// The SMTP client against a fake relay on loopback: the conversation, the headers, dot-stuffing, encoded subjects,
/// and what 4xx/5xx replies and silence turn into.
@Suite struct SMTPClientTests {
    static func message(subject: String = "Recordatorio: sesión el miércoles", body: String = "Hola\n.\n..dos puntos\nfin") -> MailMessage {
        MailMessage(
            from: "coop@example.org", to: "ana@example.org", subject: subject, body: body, date: Date(timeIntervalSince1970: 1_800_000_000),
            messageID: "m1@example.org"
        )
    }

    @Test func sendsTheWholeConversationAndMessage() async throws {
        let server = try FakeSMTPServer()
        defer { server.stop() }
        try await SMTPClient(host: "127.0.0.1", port: server.port, heloName: "coop.test", timeout: 5).send(Self.message())
        #expect(server.commands == ["EHLO coop.test", "MAIL FROM:<coop@example.org>", "RCPT TO:<ana@example.org>", "DATA", "QUIT"])
        let received = try #require(server.messages.first)
        #expect(received.mailFrom == "coop@example.org" && received.recipients == ["ana@example.org"])
        // Lines of the body that begin with a dot went over the wire with one more.
        #expect(received.rawData.contains("\r\n..\r\n...dos puntos\r\n"))
        #expect(received.body == "Hola\r\n.\r\n..dos puntos\r\nfin")
        #expect(received.header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        #expect(MailMessageDecoding.words(received.header("Subject") ?? "") == "Recordatorio: sesión el miércoles")
        #expect(received.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(received.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(received.header("MIME-Version") == "1.0")
        #expect(received.header("Message-ID") == "<m1@example.org>")
        #expect(received.header("Date") == "Fri, 15 Jan 2027 08:00:00 +0000")
        #expect(received.header("From") == "coop@example.org" && received.header("To") == "ana@example.org")
    }

    @Test func fallsBackToHeloWhenEhloIsRefused() async throws {
        let server = try FakeSMTPServer(replies: ["EHLO": "502 5.5.1 not implemented"])
        defer { server.stop() }
        try await SMTPClient(host: "127.0.0.1", port: server.port, heloName: "coop.test", timeout: 5).send(Self.message(subject: "Hi"))
        #expect(server.commands.prefix(2) == ["EHLO coop.test", "HELO coop.test"])
        #expect(server.messages.count == 1)
    }

    @Test(arguments: [
        ("RCPT", "450 4.2.1 mailbox busy", 450, false),
        ("MAIL", "451 4.3.0 try again later", 451, false),
        ("RCPT", "550 5.1.1 no such user", 550, true),
        ("DATA-END", "554 5.6.0 message refused", 554, true),
    ])
    func refusalsBecomeTemporaryOrPermanentErrors(verb: String, reply: String, code: Int, permanent: Bool) async throws {
        let server = try FakeSMTPServer(replies: [verb: reply])
        defer { server.stop() }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(host: "127.0.0.1", port: server.port, timeout: 5).send(Self.message())
        }
        guard case .reply(let got, _)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(got == code)
        #expect(error?.isPermanent == permanent)
        #expect(server.messages.isEmpty)
    }

    @Test func aSilentRelayTimesOut() async throws {
        let server = try FakeSMTPServer(greets: false)
        defer { server.stop() }
        let started = Date()
        await #expect(throws: SMTPError.timeout) {
            try await SMTPClient(host: "127.0.0.1", port: server.port, timeout: 0.3).send(Self.message())
        }
        // Far below "never": a relay that ignored the limit would hang here; the margin is for a loaded machine running every suite at once.
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func aClosedPortIsAConnectionError() async throws {
        let server = try FakeSMTPServer()
        let port = server.port
        server.stop()
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(host: "127.0.0.1", port: port, timeout: 2).send(Self.message())
        }
        #expect(error?.isPermanent == false)
    }
}

/// Decodes RFC 2047 "B" words, as a mail reader would.
enum MailMessageDecoding {
    static func words(_ header: String) -> String {
        header.matches(of: /=\?UTF-8\?B\?([A-Za-z0-9+\/=]+)\?=/).map {
            String(decoding: Data(base64Encoded: String($0.1))!, as: UTF8.self)
        }.joined()
    }
}
