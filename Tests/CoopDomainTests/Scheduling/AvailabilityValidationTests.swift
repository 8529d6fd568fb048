import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

@Suite("Availability bad input")
struct AvailabilityValidationTests {
    @Test func endBeforeOrAtStart() {
        #expect(throws: SchedulingError.endNotAfterStart(.weekday(.monday), start: F.time("12:00"), end: F.time("09:00"))) {
            try AvailabilityRules(zone: F.losAngeles, weekly: [F.rule(.monday, "12:00", "09:00")], session: F.session())
        }
        #expect(throws: SchedulingError.endNotAfterStart(.weekday(.friday), start: F.time("10:00"), end: F.time("10:00"))) {
            try AvailabilityRules(zone: F.losAngeles, weekly: [F.rule(.friday, "10:00", "10:00")], session: F.session())
        }
    }

    @Test func overlappingRulesOnOneWeekday() throws {
        #expect(throws: SchedulingError.overlappingRules(.monday)) {
            try AvailabilityRules(
                zone: F.losAngeles,
                weekly: [F.rule(.monday, "09:00", "12:00"), F.rule(.monday, "11:00", "14:00")],
                session: F.session()
            )
        }
        // Touching rules and the same hours on different days are fine.
        _ = try AvailabilityRules(
            zone: F.losAngeles,
            weekly: [F.rule(.monday, "09:00", "12:00"), F.rule(.monday, "12:00", "14:00"), F.rule(.tuesday, "11:00", "14:00")],
            session: F.session()
        )
    }

    @Test func sessionMustFitEachWindow() {
        #expect(throws: SchedulingError.sessionDoesNotFit(.weekday(.monday), windowMinutes: 30, sessionMinutes: 50)) {
            try AvailabilityRules(zone: F.losAngeles, weekly: [F.rule(.monday, "09:00", "09:30")], session: F.session(50))
        }
        #expect(throws: SchedulingError.sessionDoesNotFit(.date(F.day("2026-03-18")), windowMinutes: 20, sessionMinutes: 50)) {
            try DateException.validate([.extraHours(F.day("2026-03-18"), start: F.time("10:00"), end: F.time("10:20"))], session: F.session(50))
        }
    }

    @Test(arguments: ["PST", "Mars/Base", "America/Nowhere"])
    func unknownZone(identifier: String) {
        #expect(throws: SchedulingError.unknownTimeZone(identifier)) {
            try AvailabilityRules(zoneIdentifier: identifier, weekly: [F.rule(.monday, "09:00", "12:00")], session: F.session())
        }
    }

    @Test func exceptionsAreChecked() {
        let date = F.day("2026-03-18")
        #expect(throws: SchedulingError.endNotAfterStart(.date(date), start: F.time("14:00"), end: F.time("13:00"))) {
            try DateException.validate([.extraHours(date, start: F.time("14:00"), end: F.time("13:00"))], session: F.session())
        }
        #expect(throws: SchedulingError.conflictingExceptions(date)) {
            try DateException.validate([.dayOff(date), .extraHours(date, start: F.time("13:00"), end: F.time("15:00"))], session: F.session())
        }
        let rules = F.rules([F.rule(.monday, "09:00", "12:00")])
        #expect(throws: SchedulingError.conflictingExceptions(date)) {
            try AvailabilityCalculator.openSlots(
                rules: rules,
                exceptions: [.extraHours(date, start: F.time("13:00"), end: F.time("15:00")), .dayOff(date)],
                bookings: [],
                from: F.utc("2026-03-16T00:00:00Z"),
                to: F.utc("2026-03-20T00:00:00Z"),
                now: F.utc("2026-03-01T00:00:00Z")
            )
        }
    }

    @Test(arguments: [
        ("sessionMinutes", 0, 0, 0), ("sessionMinutes", 721, 0, 0), ("bufferBeforeMinutes", 50, -5, 0), ("bufferAfterMinutes", 50, 0, -1),
    ])
    func settingsOutOfRange(name: String, minutes: Int, before: Int, after: Int) {
        let value = name == "sessionMinutes" ? minutes : (name == "bufferBeforeMinutes" ? before : after)
        #expect(throws: SchedulingError.invalidSetting(name: name, value: value)) {
            try SessionSettings(sessionMinutes: minutes, bufferBeforeMinutes: before, bufferAfterMinutes: after)
        }
    }

    @Test func capsAndNoticeMustBeSensible() {
        #expect(throws: SchedulingError.invalidSetting(name: "maximumPerDay", value: 0)) { try SessionSettings(sessionMinutes: 50, maximumPerDay: 0) }
        #expect(throws: SchedulingError.invalidSetting(name: "minimumNoticeMinutes", value: -60)) {
            try SessionSettings(sessionMinutes: 50, minimumNoticeMinutes: -60)
        }
        #expect(throws: SchedulingError.invalidSetting(name: "startEveryMinutes", value: 2)) {
            try SessionSettings(sessionMinutes: 50, startEveryMinutes: 2)
        }
    }

    @Test func rangesAreChecked() {
        let rules = F.rules([F.rule(.monday, "09:00", "12:00")])
        let from = F.utc("2026-03-16T00:00:00Z")
        #expect(throws: SchedulingError.invalidRange(from: from, to: from - 1)) {
            try AvailabilityCalculator.openSlots(rules: rules, exceptions: [], bookings: [], from: from, to: from - 1, now: from)
        }
        #expect(throws: SchedulingError.rangeTooLong(maximumDays: AvailabilityCalculator.maximumRangeDays)) {
            try AvailabilityCalculator.openSlots(rules: rules, exceptions: [], bookings: [], from: from, to: from + 500 * 86_400, now: from)
        }
        #expect(throws: SchedulingError.invalidTimeOff(start: from, end: from)) { try TimeOff(start: from, end: from) }
        #expect(throws: SchedulingError.invalidSlot(start: from, end: from)) { try Slot(start: from, end: from) }
    }

    @Test func defaultStepIsSessionPlusBuffers() throws {
        #expect(try SessionSettings(sessionMinutes: 50, bufferAfterMinutes: 10).startEveryMinutes == 60)
        #expect(try SessionSettings(sessionMinutes: 45, bufferBeforeMinutes: 5, bufferAfterMinutes: 10).startEveryMinutes == 60)
    }
}
