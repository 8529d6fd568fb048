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

    @Test func anAttachmentMakesAMultipartMessageWhoseFileDecodesExactly() throws {
        let invitation = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Sesión con Ana\r\n" + String(repeating: "X", count: 200) + "\r\nEND:VCALENDAR\r\n"
        let message = MailMessage(
            from: "coop@example.org", to: "ana@example.org", subject: "Reservada", body: "Su sesión = confirmada",
            date: Date(timeIntervalSince1970: 1_800_000_000), messageID: "abc-123@example.org",
            attachment: MailAttachment(filename: "session.ics", contentType: "text/calendar; method=REQUEST", content: invitation)
        )
        let text = message.rendered
        let parts = text.components(separatedBy: "\r\n\r\n")
        let headers = parts[0].components(separatedBy: "\r\n")
        #expect(headers.contains("Content-Type: multipart/mixed; boundary=\"=_coopcare_abc123exampleorg\""))
        #expect(!headers.contains("Content-Type: text/plain; charset=utf-8"))
        // The text part, quoted-printable (its "=" written as =3D, so it can never look like the boundary).
        #expect(text.contains("--=_coopcare_abc123exampleorg\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"))
        #expect(text.contains("Su sesi=C3=B3n =3D confirmada"))
        // The file, in base64 lines of at most 76 characters, decodes to exactly what was attached.
        #expect(text.contains("Content-Type: text/calendar; method=REQUEST; charset=utf-8; name=\"session.ics\"\r\nContent-Transfer-Encoding: base64"))
        #expect(text.contains("Content-Disposition: attachment; filename=\"session.ics\""))
        let filePart = try #require(text.components(separatedBy: "--=_coopcare_abc123exampleorg").dropFirst(2).first)
        let lines = filePart.components(separatedBy: "\r\n\r\n")[1].components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.allSatisfy { $0.count <= 76 } && lines.count > 1)
        let decoded = try #require(Data(base64Encoded: lines.joined()))
        #expect(String(decoding: decoded, as: UTF8.self) == invitation)
        #expect(text.hasSuffix("--=_coopcare_abc123exampleorg--\r\n"))
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
