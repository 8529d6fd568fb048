import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

/// A Monday 09:00 PDT session (16:00Z, 16 March 2026) comes free and is offered down the waitlist.
@Suite("Waitlist back-fill")
struct WaitlistTests {
    static let es = try! LanguageCode("es")
    static let opening = WaitlistOpening(
        slot: F.slot("2026-03-16T16:00:00Z"),
        credentials: F.caCredentials,
        languages: [try! LanguageCode("en"), try! LanguageCode("es-MX")],
        slidingScale: try! SlidingScaleCapacity(places: 2, taken: 1)
    )

    static func entry(
        joined: String,
        therapist: MemberID? = nil,
        state: USState = .CA,
        language: String? = nil,
        windows: [WaitlistWindow] = [],
        zone: IANATimeZone = F.losAngeles,
        slidingScale: Bool = false
    ) -> WaitlistEntry {
        WaitlistEntry(
            id: .make(),
            client: .make(),
            joinedAt: F.utc(joined),
            therapist: therapist,
            state: state,
            language: language.map { try! LanguageCode($0) },
            windows: windows,
            zone: zone,
            needsSlidingScale: slidingScale
        )
    }

    static let mondayMorning = try! WaitlistWindow(.monday, F.time("08:00"), F.time("12:00"))
    static let a = entry(joined: "2026-03-01T00:00:00Z", language: "es", windows: [mondayMorning])
    static let b = entry(joined: "2026-02-20T00:00:00Z", state: .OR)
    static let c = entry(joined: "2026-02-25T00:00:00Z", language: "vi")
    static let d = entry(joined: "2026-03-02T00:00:00Z", windows: [try! WaitlistWindow(.tuesday, F.time("08:00"), F.time("12:00"))])
    static let e = entry(joined: "2026-03-03T00:00:00Z", slidingScale: true)
    static let f = entry(joined: "2026-03-04T00:00:00Z", therapist: .make())
    static let g = entry(joined: "2026-03-05T00:00:00Z", windows: [try! WaitlistWindow(.monday, F.time("12:00"), F.time("13:00"))], zone: F.newYork)
    static let all = [g, f, e, d, c, b, a]

    @Test func onlyEntriesWhoseConstraintsFitAreQueuedInJoinOrder() throws {
        let (backfill, events) = try Backfill.start(Self.opening, entries: Self.all, now: F.utc("2026-03-14T00:00:00Z"), offerDuration: 86_400)
        #expect(events == [.offered(Self.a.id, expiresAt: F.utc("2026-03-15T00:00:00Z"))])
        #expect(backfill.queue == [Self.e.id, Self.g.id])
        #expect(!Self.b.accepts(Self.opening))
        #expect(!Self.c.accepts(Self.opening))
        #expect(!Self.d.accepts(Self.opening))
        #expect(!Self.f.accepts(Self.opening))
    }

    @Test func offersExpireAndMoveOnThenSomeoneAccepts() throws {
        var (backfill, _) = try Backfill.start(Self.opening, entries: Self.all, now: F.utc("2026-03-14T00:00:00Z"), offerDuration: 86_400)
        #expect(backfill.tick(now: F.utc("2026-03-14T23:59:59Z")).isEmpty)
        #expect(
            backfill.tick(now: F.utc("2026-03-15T00:00:00Z")) == [.expired(Self.a.id), .offered(Self.e.id, expiresAt: F.utc("2026-03-16T00:00:00Z"))]
        )
        #expect(throws: SchedulingError.noOfferFor(Self.a.id)) { try backfill.accept(Self.a.id, now: F.utc("2026-03-15T01:00:00Z")) }
        // The last offer is cut short so it ends when the session starts.
        #expect(
            try backfill.decline(Self.e.id, now: F.utc("2026-03-15T20:00:00Z"))
                == [.declined(Self.e.id), .offered(Self.g.id, expiresAt: F.utc("2026-03-16T16:00:00Z"))]
        )
        #expect(try backfill.accept(Self.g.id, now: F.utc("2026-03-16T08:00:00Z")) == [.accepted(Self.g.id)])
        #expect(backfill.state == .accepted(Self.g.id))
    }

    @Test func aLateAnswerIsRefusedAndTheListRunsOut() throws {
        var (backfill, _) = try Backfill.start(Self.opening, entries: [Self.a], now: F.utc("2026-03-14T00:00:00Z"), offerDuration: 3_600)
        #expect(throws: SchedulingError.offerExpired(Self.a.id, expiredAt: F.utc("2026-03-14T01:00:00Z"))) {
            try backfill.accept(Self.a.id, now: F.utc("2026-03-14T01:00:00Z"))
        }
        #expect(backfill.tick(now: F.utc("2026-03-14T01:00:00Z")) == [.expired(Self.a.id), .exhausted])
        #expect(backfill.state == .exhausted)
    }

    @Test func offersStopWhenTheSlotIsTooClose() throws {
        var (backfill, _) = try Backfill.start(
            Self.opening,
            entries: Self.all,
            now: F.utc("2026-03-15T10:00:00Z"),
            offerDuration: 86_400,
            latestAcceptance: F.utc("2026-03-15T16:00:00Z")
        )
        #expect(backfill.state == .offered(Self.a.id, expiresAt: F.utc("2026-03-15T16:00:00Z")))
        #expect(backfill.tick(now: F.utc("2026-03-15T16:00:00Z")) == [.expired(Self.a.id), .lapsed])
    }

    @Test func entriesHoldingAnotherOfferAreSkipped() throws {
        let (backfill, events) = try Backfill.start(
            Self.opening,
            entries: Self.all,
            now: F.utc("2026-03-14T00:00:00Z"),
            offerDuration: 86_400,
            busy: [Self.a.id]
        )
        #expect(events == [.offered(Self.e.id, expiresAt: F.utc("2026-03-15T00:00:00Z"))])
        #expect(backfill.queue == [Self.g.id])
    }

    @Test func slidingScaleAndLanguageFilters() throws {
        let full = WaitlistOpening(
            slot: Self.opening.slot,
            credentials: F.caCredentials,
            languages: Self.opening.languages,
            slidingScale: try SlidingScaleCapacity(places: 1, taken: 1)
        )
        #expect(!Self.e.accepts(full))
        #expect(Self.a.accepts(full))
        #expect(throws: SchedulingError.invalidOfferDuration(0)) {
            try Backfill.start(Self.opening, entries: Self.all, now: F.utc("2026-03-14T00:00:00Z"), offerDuration: 0)
        }
    }

    @Test func windowsAreReadInTheClientsZone() throws {
        let noon = try WaitlistWindow(.monday, F.time("12:00"), F.time("12:50"))
        #expect(noon.holds(Self.opening.slot, in: F.newYork))
        #expect(!noon.holds(Self.opening.slot, in: F.losAngeles))
        #expect(throws: SchedulingError.invalidWaitlistWindow(.monday, start: F.time("13:00"), end: F.time("12:00"))) {
            try WaitlistWindow(.monday, F.time("13:00"), F.time("12:00"))
        }
    }
}
