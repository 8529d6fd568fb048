import CoopApp
import CoopDomain
import Foundation

/// The decisions log as an Atom feed (RFC 4287).
enum DecisionFeed {
    /// The feed document for `entries` (newest first).
    static func atom(_ entries: [DecisionEntry], renderer: PageRenderer, context: CoopRequestContext) -> String {
        let base = renderer.configuration.publicURL
        let language = context.language
        let stamp = ISO8601DateFormatter()
        let updated = entries.first.map { stamp.string(from: $0.record.poll.closingTime) } ?? stamp.string(from: Date(timeIntervalSince1970: 0))
        var lines = [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\#(language.rawValue)">"#,
            "<title>\(escape(renderer.catalog.text("decisions.feed_title", language)))</title>",
            "<id>\(escape(base))/decisions</id>",
            #"<link rel="alternate" type="text/html" href="\#(escape(base))/decisions"/>"#,
            #"<link rel="self" type="application/atom+xml" href="\#(escape(base))/decisions.atom"/>"#,
            "<updated>\(updated)</updated>",
            "<author><name>CoopCare</name></author>",
        ]
        for entry in entries {
            let poll = entry.record.poll
            let status = renderer.catalog.text("gov.status.\(entry.result.status.rawValue)", language)
            var summary = renderer.catalog.text(
                "decisions.feed_summary", language, ["status": status, "cast": String(entry.result.tally.accounting.cast)])
            if let outcome = poll.outcome { summary += " " + outcome.text }
            lines += [
                "<entry>",
                "<title>\(escape(poll.title))</title>",
                "<id>urn:uuid:\(poll.id.rawValue)</id>",
                #"<link rel="alternate" type="text/html" href="\#(escape(base))/decisions#poll-\#(poll.id.rawValue)"/>"#,
                "<updated>\(stamp.string(from: poll.closingTime))</updated>",
                "<summary>\(escape(summary))</summary>",
                "</entry>",
            ]
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes text for XML content and attribute values.
    static func escape(_ text: String) -> String {
        // XML 1.0 cannot carry most control characters at all, escaped or not.
        let allowed = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }))
        return allowed.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;"
        )
        .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
