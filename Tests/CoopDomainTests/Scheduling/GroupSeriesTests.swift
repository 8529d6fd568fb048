import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

/// Recurring groups: meetings on the co-op's wall clock across daylight-saving changes, the count bounds, the repeat
/// and scope values, seat changes against the confirmed count, and who may change or cancel a session.
@Suite("Recurring groups")
struct GroupSeriesTests {
    /// Minutes since midnight, local, read as an instant's wall clock in `zone`.
    static func local(_ instant: Date, _ zone: IANATimeZone) -> String {
        let local = zone.local(at: instant)
        return "\(local.date)T\(local.time)"
    }

    static func instant(_ text: String, _ zone: IANATimeZone) throws -> Date {
        let parts = text.split(separator: "T")
        return zone.resolve(try LocalDate(String(parts[0])), try LocalTime(String(parts[1]))).rfc5545Instant
    }

    struct RecurrenceCase: Sendable, CustomStringConvertible {
        var zone: String
        var first: String
        var repeats: GroupRepeat
        var count: Int
        /// Expected starts in UTC.
        var utc: [String]
        /// Expected local starts (the same wall-clock time unless the clocks skip it).
        var local: [String]
        var description: String { "\(zone) \(first) \(repeats.rawValue) ×\(count)" }
    }

    static let recurrenceCases: [RecurrenceCase] = [
        // March change in Los Angeles (8 March 2026): 18:00 PST, then 18:00 PDT.
        RecurrenceCase(
            zone: "America/Los_Angeles", first: "2026-02-26T18:00", repeats: .weekly, count: 3,
            utc: ["2026-02-27T02:00:00Z", "2026-03-06T02:00:00Z", "2026-03-13T01:00:00Z"],
            local: ["2026-02-26T18:00", "2026-03-05T18:00", "2026-03-12T18:00"]),
        // November change (1 November 2026): 18:00 PDT, then 18:00 PST.
        RecurrenceCase(
            zone: "America/Los_Angeles", first: "2026-10-22T18:00", repeats: .weekly, count: 3,
            utc: ["2026-10-23T01:00:00Z", "2026-10-30T01:00:00Z", "2026-11-06T02:00:00Z"],
            local: ["2026-10-22T18:00", "2026-10-29T18:00", "2026-11-05T18:00"]),
        // Every two weeks in New York across 8 March.
        RecurrenceCase(
            zone: "America/New_York", first: "2026-02-24T19:30", repeats: .everyTwoWeeks, count: 3,
            utc: ["2026-02-25T00:30:00Z", "2026-03-10T23:30:00Z", "2026-03-24T23:30:00Z"],
            local: ["2026-02-24T19:30", "2026-03-10T19:30", "2026-03-24T19:30"]),
        // Europe changes on other dates (29 March, 25 October).
        RecurrenceCase(
            zone: "Europe/Madrid", first: "2026-03-19T18:00", repeats: .weekly, count: 3,
            utc: ["2026-03-19T17:00:00Z", "2026-03-26T17:00:00Z", "2026-04-02T16:00:00Z"],
            local: ["2026-03-19T18:00", "2026-03-26T18:00", "2026-04-02T18:00"]),
        RecurrenceCase(
            zone: "Europe/Madrid", first: "2026-10-15T18:00", repeats: .weekly, count: 3,
            utc: ["2026-10-15T16:00:00Z", "2026-10-22T16:00:00Z", "2026-10-29T17:00:00Z"],
            local: ["2026-10-15T18:00", "2026-10-22T18:00", "2026-10-29T18:00"]),
        // 01:30 happens twice on 1 November: the first (daylight) one is used.
        RecurrenceCase(
            zone: "America/Los_Angeles", first: "2026-10-18T01:30", repeats: .weekly, count: 3,
            utc: ["2026-10-18T08:30:00Z", "2026-10-25T08:30:00Z", "2026-11-01T08:30:00Z"],
            local: ["2026-10-18T01:30", "2026-10-25T01:30", "2026-11-01T01:30"]),
        // 02:30 never happens on 8 March: that meeting is read as 03:30 PDT (RFC 5545), the next is 02:30 again.
        RecurrenceCase(
            zone: "America/Los_Angeles", first: "2026-03-01T02:30", repeats: .weekly, count: 3,
            utc: ["2026-03-01T10:30:00Z", "2026-03-08T10:30:00Z", "2026-03-15T09:30:00Z"],
            local: ["2026-03-01T02:30", "2026-03-08T03:30", "2026-03-15T02:30"]),
        // Once: one meeting whatever the count says.
        RecurrenceCase(
            zone: "America/Los_Angeles", first: "2026-03-05T18:00", repeats: .once, count: 0,
            utc: ["2026-03-06T02:00:00Z"], local: ["2026-03-05T18:00"]),
    ]

    @Test(arguments: recurrenceCases)
    func meetingsKeepTheWallClockAcrossDaylightSavingChanges(_ row: RecurrenceCase) throws {
        let zone = try IANATimeZone(row.zone)
        let plan = try GroupSeriesPlan(repeats: row.repeats, firstStart: try Self.instant(row.first, zone), zone: zone, count: row.count)
        #expect(plan.starts == row.utc.map(F.utc))
        #expect(plan.starts.map { Self.local($0, zone) } == row.local)
    }

    struct CountCase: Sendable, CustomStringConvertible {
        var repeats: GroupRepeat
        var text: String
        var expected: Int?
        var description: String { "\(repeats.rawValue) '\(text)'" }
    }

    static let countCases: [CountCase] = [
        CountCase(repeats: .weekly, text: "2", expected: 2),
        CountCase(repeats: .weekly, text: " 12 ", expected: 12),
        CountCase(repeats: .everyTwoWeeks, text: "7", expected: 7),
        CountCase(repeats: .weekly, text: "1", expected: nil),
        CountCase(repeats: .weekly, text: "13", expected: nil),
        CountCase(repeats: .weekly, text: "0", expected: nil),
        CountCase(repeats: .weekly, text: "-3", expected: nil),
        CountCase(repeats: .weekly, text: "2.5", expected: nil),
        CountCase(repeats: .weekly, text: "", expected: nil),
        CountCase(repeats: .everyTwoWeeks, text: "many", expected: nil),
        CountCase(repeats: .once, text: "", expected: 1),
        CountCase(repeats: .once, text: "40", expected: 1),
    ]

    @Test(arguments: countCases)
    func theNumberOfMeetingsIsTwoToTwelve(_ row: CountCase) throws {
        if let expected = row.expected {
            #expect(try GroupSeriesPlan.parseCount(row.text, repeats: row.repeats) == expected)
        } else {
            #expect(throws: GroupSeriesError.invalidCount(minimum: 2, maximum: 12)) { try GroupSeriesPlan.parseCount(row.text, repeats: row.repeats) }
        }
    }

    @Test(arguments: [(1, false), (2, true), (12, true), (13, false), (260, false)])
    func aPlanRefusesCountsOutsideTheBounds(count: Int, allowed: Bool) throws {
        let zone = try IANATimeZone("America/Los_Angeles")
        let start = F.utc("2026-03-01T02:00:00Z")
        if allowed {
            #expect(try GroupSeriesPlan(repeats: .weekly, firstStart: start, zone: zone, count: count).starts.count == count)
        } else {
            #expect(throws: GroupSeriesError.invalidCount(minimum: 2, maximum: 12)) {
                try GroupSeriesPlan(repeats: .weekly, firstStart: start, zone: zone, count: count)
            }
        }
    }

    @Test(arguments: [("", GroupRepeat.once), ("once", .once), ("weekly", .weekly), ("every-two-weeks", .everyTwoWeeks)])
    func repeatValuesAreRead(text: String, expected: GroupRepeat) throws {
        #expect(try GroupRepeat.parse(text) == expected)
    }

    @Test(arguments: ["daily", "WEEKLY", "monthly", "weekly; DROP"])
    func unknownRepeatValuesAreRefused(text: String) {
        #expect(throws: GroupSeriesError.invalidRepeat) { try GroupRepeat.parse(text) }
    }

    @Test func scopesAreReadAndUnknownOnesRefused() throws {
        #expect(try GroupScope.parse("") == .this)
        #expect(try GroupScope.parse("following") == .following)
        #expect(throws: GroupSeriesError.invalidScope) { try GroupScope.parse("all") }
    }

    @Test(arguments: [(5, 3, true), (3, 3, true), (2, 3, false), (1, 0, true), (0, 1, false), (10, 11, false)])
    func seatsCannotDropBelowTheConfirmedCount(seats: Int, confirmed: Int, allowed: Bool) throws {
        if allowed {
            try GroupSessionEdit.checkSeats(seats, confirmed: confirmed)
        } else {
            #expect(throws: GroupSeriesError.seatsBelowConfirmed(seats: seats, confirmed: confirmed)) {
                try GroupSessionEdit.checkSeats(seats, confirmed: confirmed)
            }
        }
    }

    @Test func reasonsAreTrimmedAndBounded() throws {
        #expect(try GroupSessionEdit.checkReason("  Facilitator unwell \n") == "Facilitator unwell")
        #expect(try GroupSessionEdit.checkReason(String(repeating: "a", count: 500)).count == 500)
        #expect(throws: GroupSeriesError.reasonTooLong(maximum: 500)) { try GroupSessionEdit.checkReason(String(repeating: "a", count: 501)) }
    }

    /// Moving one Thursday 18:00 meeting to Friday 19:00 moves a later one (after the March change) to Friday 19:00 too.
    @Test func followingMeetingsMoveOnTheWallClock() throws {
        let zone = try IANATimeZone("America/Los_Angeles")
        let moved = GroupSeriesPlan.shifted(
            try Self.instant("2026-03-12T18:00", zone), from: try Self.instant("2026-03-05T18:00", zone), to: try Self.instant("2026-03-06T19:00", zone),
            zone: zone)
        #expect(Self.local(moved, zone) == "2026-03-13T19:00")
        #expect(moved == F.utc("2026-03-14T02:00:00Z"))
    }

    @Test func onlyTheFacilitatorOrACoordinatorChangesOrCancels() {
        let facilitator = MemberID.make()
        func actor(_ id: MemberID?, _ roles: Set<Role>) -> Actor { Actor(memberID: id, roles: roles, mfaSatisfied: true) }
        let cases: [(Actor, Bool)] = [
            (actor(facilitator, [.peerFacilitator]), true),
            (actor(.make(), [.coordinator]), true),
            (actor(.make(), [.peerFacilitator]), false),
            (actor(.make(), [.communityMember]), false),
            (actor(.make(), [.clinician]), false),
            (actor(nil, []), false),
            (Actor(memberID: .make(), roles: [.coordinator], mfaSatisfied: false), false),
        ]
        for kind in GroupKind.allCases {
            for (who, allowed) in cases {
                #expect(GroupPolicy.decide(who, .changeSession(kind, facilitator: facilitator)).isAllowed == allowed)
                #expect(GroupPolicy.decide(who, .cancelSession(kind, facilitator: facilitator)).isAllowed == allowed)
            }
        }
    }
}
