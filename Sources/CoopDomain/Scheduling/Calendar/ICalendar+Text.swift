import Foundation

extension ICalendar {
    /// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash; a line break
    /// (CRLF, LF or CR) becomes `\n`; other control characters, which TEXT may not hold, are dropped.
    public static func escapeText(_ text: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.properties.generalCategory == .control { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds one content line (RFC 5545 §3.1): no line longer than 75 octets, continuation lines begin with one
    /// space, and a multi-octet UTF-8 character is never split. The result has CRLF-space between parts and no
    /// trailing CRLF.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var octets = 0
        // The first line may hold 75 octets; continuation lines hold 74 after their leading space.
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > limit {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                octets = 0
                limit = 74
            }
            current.append(scalar)
            octets += size
        }
        parts.append(String(current))
        return parts.joined(separator: "\r\n ")
    }

    /// A UTC DATE-TIME value: `20260310T160000Z` (seconds dropped below one).
    public static func utcDateTime(_ date: Date) -> String {
        let (day, second) = civil(date)
        return day.year.zeroPadded(4) + day.month.zeroPadded(2) + day.day.zeroPadded(2) + "T" + (second / 3600).zeroPadded(2)
            + (second % 3600 / 60).zeroPadded(2) + (second % 60).zeroPadded(2) + "Z"
    }

    /// ISO 8601 in UTC: `2026-03-10T16:00:00Z`.
    public static func isoUTC(_ date: Date) -> String {
        let (day, second) = civil(date)
        return day.description + "T" + (second / 3600).zeroPadded(2) + ":" + (second % 3600 / 60).zeroPadded(2) + ":" + (second % 60).zeroPadded(2) + "Z"
    }

    /// The UTC date and second of day of an instant.
    private static func civil(_ date: Date) -> (LocalDate, Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        return (LocalDate(daysSinceEpoch: days), seconds - days * 86_400)
    }
}
