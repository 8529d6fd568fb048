import Foundation

/// One email as it goes over the wire (RFC 5322 with MIME, RFC 2045–2047): plain UTF-8 text, quoted-printable,
/// the subject as RFC 2047 encoded words when it is not plain ASCII. Header values never carry CR or LF, so a subject
/// cannot add headers.
public struct MailMessage: Sendable, Equatable {
    /// The sender's address (also the envelope's MAIL FROM).
    public var from: String
    /// The recipient's address (also the envelope's RCPT TO).
    public var to: String
    /// The subject, any Unicode.
    public var subject: String
    /// The body, plain text, any Unicode; line ends are normalised to CRLF.
    public var body: String
    /// When it was written.
    public var date: Date
    /// A unique id, without the angle brackets: `local@domain`.
    public var messageID: String
    /// A file sent with the text (a calendar invitation), or nil.
    public var attachment: MailAttachment?

    /// Creates a message.
    public init(from: String, to: String, subject: String, body: String, date: Date, messageID: String, attachment: MailAttachment? = nil) {
        self.attachment = attachment
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
    }

    /// The whole message: headers, a blank line and the encoded body, every line ended by CRLF. With an attachment it
    /// is `multipart/mixed`: the text, then the file in base64. The boundary starts with `=_`, which neither
    /// quoted-printable nor base64 can produce, so no part can end the message early.
    /// Not yet dot-stuffed: the SMTP client does that while sending DATA.
    public var rendered: String {
        var headers = [
            "Date: " + MailEncoding.date(date),
            "From: " + MailEncoding.headerValue(from),
            "To: " + MailEncoding.headerValue(to),
            "Subject: " + MailEncoding.encodedWords(MailEncoding.headerValue(subject)),
            "Message-ID: <" + MailEncoding.headerValue(messageID) + ">",
            "MIME-Version: 1.0",
        ]
        let text = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"
        guard let attachment else {
            return (headers + [text]).joined(separator: "\r\n") + "\r\n\r\n" + MailEncoding.quotedPrintable(body) + "\r\n"
        }
        let boundary = "=_coopcare_" + String(messageID.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.prefix(40))
        headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
        let name = MailEncoding.headerValue(attachment.filename).replacingOccurrences(of: "\"", with: "")
        let file = [
            "Content-Type: \(MailEncoding.headerValue(attachment.contentType)); charset=utf-8; name=\"\(name)\"",
            "Content-Transfer-Encoding: base64",
            "Content-Disposition: attachment; filename=\"\(name)\"",
        ].joined(separator: "\r\n")
        return headers.joined(separator: "\r\n") + "\r\n\r\n"
            + "--\(boundary)\r\n" + text + "\r\n\r\n" + MailEncoding.quotedPrintable(body) + "\r\n"
            + "--\(boundary)\r\n" + file + "\r\n\r\n" + MailEncoding.base64Lines(attachment.content) + "\r\n"
            + "--\(boundary)--\r\n"
    }
}

/// A file sent with an email: its name, MIME type (with parameters, such as `text/calendar; method=REQUEST`) and
/// UTF-8 text.
public struct MailAttachment: Sendable, Equatable {
    /// The file name the recipient sees ("session.ics").
    public var filename: String
    /// The MIME type with its parameters, without the charset.
    public var contentType: String
    /// The file's text.
    public var content: String

    /// Creates an attachment.
    public init(filename: String, contentType: String, content: String) {
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }
}

/// The text encodings mail needs.
public enum MailEncoding {
    /// A header value with every CR, LF and other control character replaced by a space.
    public static func headerValue(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// `text` unchanged when it is printable ASCII; otherwise RFC 2047 "B" encoded words of at most 75 characters each,
    /// split between characters (never inside one), folded onto continuation lines.
    public static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return text }
        // "=?UTF-8?B?" + "?=" is 12 characters; 45 bytes make 60 base64 characters: 72 in all.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: lines end in CRLF, no encoded line is longer than 76
    /// characters (soft breaks end in `=`), `=`, non-ASCII bytes, controls and trailing spaces are encoded.
    /// `text`'s UTF-8 bytes in base64, in lines of 76 characters ended by CRLF (RFC 2045 §6.8).
    public static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [Substring] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[start..<end])
            start = end
        }
        return lines.joined(separator: "\r\n")
    }

    public static func quotedPrintable(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalised.split(separator: "\n", omittingEmptySubsequences: false).map { encodeLine(Substring($0)) }.joined(separator: "\r\n")
    }

    private static func encodeLine(_ line: Substring) -> String {
        let bytes = Array(line.utf8)
        var pieces: [String] = []
        for (index, byte) in bytes.enumerated() {
            let last = index == bytes.count - 1
            let plain = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last)
            pieces.append(plain ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte))
        }
        var lines: [String] = []
        var current = ""
        for piece in pieces {
            if current.count + piece.count > 75 {
                lines.append(current + "=")
                current = ""
            }
            current += piece
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// Reverses ``quotedPrintable(_:)`` (for tests and the development outbox).
    public static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let joined = text.replacingOccurrences(of: "=\r\n", with: "")
        var iterator = Array(joined.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == 61, iterator.count >= 2, let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lines that begin with a dot get a second one (RFC 5321 §4.5.2), so no line of the message ends DATA early.
    public static func dotStuffed(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false).map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }

    /// An RFC 5322 date in UTC: `Sun, 29 Nov 2026 08:00:00 +0000`.
    public static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", days[(parts.weekday ?? 1) - 1], parts.day ?? 1, months[(parts.month ?? 1) - 1],
            parts.year ?? 1970, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
