import Foundation

/// A slot as a viewer sees it in their own zone: local dates and times with the UTC offsets in force.
/// Client and therapist each see their own wall clock, so confirmations never show the wrong hour.
public struct SlotDisplay: Hashable, Sendable {
    /// The slot shown.
    public let slot: Slot
    /// The viewer's zone.
    public let zone: IANATimeZone
    /// Local date at the start.
    public let startDate: LocalDate
    /// Local time at the start.
    public let startTime: LocalTime
    /// Local date at the end (differs from `startDate` across midnight).
    public let endDate: LocalDate
    /// Local time at the end.
    public let endTime: LocalTime
    /// UTC offset at the start in seconds (e.g. -25200).
    public let startOffset: Int
    /// UTC offset at the end in seconds (differs from `startOffset` across a change).
    public let endOffset: Int

    /// Shows `slot` in `zone`.
    public init(_ slot: Slot, in zone: IANATimeZone) {
        let start = zone.local(at: slot.start)
        let end = zone.local(at: slot.end)
        self.slot = slot
        self.zone = zone
        self.startDate = start.date
        self.startTime = start.time
        self.endDate = end.date
        self.endTime = end.time
        self.startOffset = zone.offset(at: slot.start)
        self.endOffset = zone.offset(at: slot.end)
    }

    /// The weekday at the start.
    public var weekday: Weekday { startDate.weekday }

    /// ISO 8601 with offsets: `2026-03-10T09:00-07:00/2026-03-10T09:50-07:00`; locale-independent.
    public var iso8601: String {
        "\(startDate)T\(startTime)\(Self.offsetText(startOffset))/\(endDate)T\(endTime)\(Self.offsetText(endOffset))"
    }

    /// A fixed, locale-independent line: `Tue 2026-03-10 09:00–09:50 (America/Los_Angeles, UTC-07:00)`.
    public var text: String {
        let endText = endDate == startDate ? endTime.description : "\(endDate) \(endTime)"
        return "\(weekday) \(startDate) \(startTime)–\(endText) (\(zone.identifier), UTC\(Self.offsetText(startOffset)))"
    }

    /// `+HH:MM` / `-HH:MM` for an offset in seconds.
    public static func offsetText(_ seconds: Int) -> String {
        (seconds < 0 ? "-" : "+") + (abs(seconds) / 3600).zeroPadded(2) + ":" + (abs(seconds) % 3600 / 60).zeroPadded(2)
    }

    /// The start and end times in the viewer's language, via Foundation's date formatter (medium date, short time).
    /// Output depends on the platform's locale data; use `text` or `iso8601` where exact text matters.
    public func formatted(locale: Locale) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = zone.timeZone
        formatter.dateStyle = .medium
        formatter.timeStyle = .short
        let endFormatter = DateFormatter()
        endFormatter.locale = locale
        endFormatter.timeZone = zone.timeZone
        endFormatter.dateStyle = endDate == startDate ? .none : .medium
        endFormatter.timeStyle = .short
        return "\(formatter.string(from: slot.start)) – \(endFormatter.string(from: slot.end))"
    }
}
