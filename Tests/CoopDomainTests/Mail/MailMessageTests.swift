import CoopDomain
import Foundation
import Testing

/// RFC 5322/2045/2047 text: encoded subjects, quoted-printable bodies, dot-stuffing, no header injection.
@Suite struct MailMessageTests {
    /// Decodes RFC 2047 "B" words (what a mail reader does).
    static func decodeWords(_ header: String) -> String {
        header.replacingOccurrences(of: "\r\n ", with: "").matches(of: /=\?UTF-8\?B\?([A-Za-z0-9+\/=]+)\?=/).map {
            String(decoding: Data(base64Encoded: String($0.1))!, as: UTF8.self)
        }.joined()
    }

    @Test(arguments: [
        ("Plain ASCII subject", false),
        ("Recordatorio: sesión el miércoles", true),
        ("¿Votó ya? La votación cierra mañana — propuesta número veintitrés sobre el año próximo", true),
        ("Emoji 🌱 and ñ", true),
    ])
    func subjectsAreEncodedOnlyWhenNeededAndDecodeBack(subject: String, encoded: Bool) {
        let header = MailEncoding.encodedWords(subject)
        #expect(header.hasPrefix("=?UTF-8?B?") == encoded)
        if encoded {
            #expect(Self.decodeWords(header) == subject)
            for word in header.components(separatedBy: "\r\n ") {
                #expect(word.count <= 75)
                #expect(word.allSatisfy { $0.isASCII })
            }
        } else {
            #expect(header == subject)
        }
    }

    @Test func quotedPrintableKeepsLinesShortAndRoundTrips() {
        let body = "Línea con acentos: áéíóú ñ = igual\nTrailing space \n" + String(repeating: "largo ", count: 40) + "\n.punto al inicio"
        let encoded = MailEncoding.quotedPrintable(body)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.count <= 76)
            #expect(line.allSatisfy { $0.isASCII })
            #expect(!line.hasSuffix(" "))
        }
        #expect(encoded.contains("=3D"))
        #expect(encoded.contains("=C3=A1"))
        #expect(MailEncoding.decodeQuotedPrintable(encoded) == body.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func dotStuffingDoublesLeadingDots() {
        #expect(MailEncoding.dotStuffed("a\r\n.\r\n..b\r\nc.d\r\n") == "a\r\n..\r\n...b\r\nc.d\r\n")
        #expect(MailEncoding.dotStuffed(".first") == "..first")
    }

    @Test func renderedMessageHasTheHeadersAndNoInjectedOnes() {
        let message = MailMessage(
            from: "coop@example.org", to: "ana@example.org", subject: "Hola\r\nBcc: evil@example.org", body: "Texto",
            date: Date(timeIntervalSince1970: 1_800_000_000), messageID: "abc@example.org"
        )
        let text = message.rendered
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(headers.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000"))
        #expect(headers.contains("From: coop@example.org"))
        #expect(headers.contains("To: ana@example.org"))
        #expect(headers.contains("Message-ID: <abc@example.org>"))
        #expect(headers.contains("MIME-Version: 1.0"))
        #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(headers.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(!headers.contains { $0.hasPrefix("Bcc:") })
        #expect(headers.contains("Subject: Hola  Bcc: evil@example.org"))
        #expect(text.hasSuffix("\r\n\r\nTexto\r\n"))
    }

    @Test func retryWaitsDoubleUpToTheCapAndGiveUp() {
        let policy = MailRetryPolicy(maximumAttempts: 8, firstDelay: 60, longestDelay: 3600)
        #expect((1...8).map { policy.delay(afterAttempt: $0) } == [60, 120, 240, 480, 960, 1920, 3600, 3600])
        let now = Date(timeIntervalSince1970: 0)
        #expect(policy.nextAttempt(afterAttempt: 1, permanent: false, at: now) == Date(timeIntervalSince1970: 60))
        #expect(policy.nextAttempt(afterAttempt: 7, permanent: false, at: now) == Date(timeIntervalSince1970: 3600))
        #expect(policy.nextAttempt(afterAttempt: 8, permanent: false, at: now) == nil)
        #expect(policy.nextAttempt(afterAttempt: 1, permanent: true, at: now) == nil)
    }

    @Test(arguments: [(61, nil), (60, 60), (45, 60), (31, 60), (30, 30), (8, 30), (7, 7), (0, 7), (-1, nil)] as [(Int, Int?)])
    func credentialReminderStages(daysLeft: Int, stage: Int?) {
        #expect(CredentialReminder.stage(daysLeft: daysLeft) == stage)
    }

    @Test func sessionReminderIsDueWithinTheLeadTimeOnlyWhileUpcoming() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var appointment = Appointment(
            id: .make(), therapist: .make(), client: .make(), slot: try Slot(start: start, minutes: 50), clientState: .CA
        )
        let hour: TimeInterval = 3600
        #expect(!SessionReminder.isDue(appointment, at: start.addingTimeInterval(-25 * hour)))
        #expect(SessionReminder.isDue(appointment, at: start.addingTimeInterval(-24 * hour)))
        #expect(SessionReminder.isDue(appointment, at: start.addingTimeInterval(-60)))
        #expect(!SessionReminder.isDue(appointment, at: start))
        #expect(SessionReminder.isDue(appointment, lead: 48 * hour, at: start.addingTimeInterval(-47 * hour)))
        appointment.status = .cancelled
        #expect(!SessionReminder.isDue(appointment, at: start.addingTimeInterval(-hour)))
    }
}
