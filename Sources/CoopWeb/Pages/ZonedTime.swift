import CoopDomain
import Foundation

/// A time as pages and emails show it: the date, the time and the zone's abbreviation, in the reader's language and
/// zone (with `namingZone`, the zone's name in brackets after it).
enum ZonedTime {
    static func text(
        _ date: Date, zone: TimeZone, language: Language, date dateStyle: Date.FormatStyle.DateStyle, namingZone: Bool = false
    ) -> String {
        var style = Date.FormatStyle(date: dateStyle, time: .shortened, locale: Locale(identifier: language.rawValue), timeZone: zone)
        style.timeZone = zone
        let text = date.formatted(style) + " " + (zone.abbreviation(for: date) ?? zone.identifier)
        return namingZone ? text + " (" + zone.identifier + ")" : text
    }
}
