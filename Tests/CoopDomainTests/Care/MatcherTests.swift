import CoopDomain
import Foundation
import Testing

private typealias C = CareFixtures

/// A Spanish-speaking client in California with trauma and anxiety needs, wanting individual telehealth and a
/// sliding-scale place. Scores follow `MatchWeights.standard`: language 40, 10 a need (cap 30), modality 20,
/// delivery 15, an opening within 7/14/28 days 20/10/5.
@Suite("Matching")
struct MatcherTests {
    static let now = ISO8601DateFormatter().date(from: "2026-06-01T12:00:00Z")!
    static let today = C.day("2026-06-01")
    static let es = try! LanguageCode("es")
    static let en = try! LanguageCode("en")
    static let trauma = try! Specialty("trauma")
    static let anxiety = try! Specialty("anxiety")
    static let request = MatchRequest(clientState: .CA, language: es, needs: [trauma, anxiety], modality: .individual, needsSlidingScale: true)

    static func candidate(
        _ credentials: PracticeCredentials,
        languages: Set<LanguageCode>,
        specialties: Set<Specialty> = [],
        modalities: Set<Modality> = [.individual],
        deliveries: Set<Delivery> = [.telehealth],
        places: Int = 5,
        taken: Int = 1,
        accepting: Bool = true,
        openingInDays: Double?
    ) -> MatchCandidate {
        MatchCandidate(
            profile: TherapistProfile(
                credentials: credentials,
                languages: languages,
                specialties: specialties,
                modalities: modalities,
                deliveries: deliveries,
                slidingScale: try! SlidingScaleCapacity(places: places, taken: taken),
                acceptingNewClients: accepting
            ),
            firstOpening: openingInDays.map { now.addingTimeInterval($0 * 86_400) }
        )
    }

    static let t1 = candidate(
        C.credentials([C.licence(.CA, .lmft)]),
        languages: [es, en],
        specialties: [trauma, anxiety],
        modalities: [.individual, .couples],
        openingInDays: 3
    )
    static let t2 = candidate(
        C.credentials([C.licence(.CA, .lcsw)]),
        languages: [en],
        specialties: [trauma],
        deliveries: [.telehealth, .inPerson],
        openingInDays: 10
    )
    static let t3 = candidate(
        C.credentials([C.licence(.CA, .amft)], supervision: [C.supervision()]),
        languages: [try! LanguageCode("es-MX")],
        specialties: [anxiety],
        openingInDays: 1
    )
    static let t4 = candidate(C.credentials([C.licence(.NV, .lmft)]), languages: [es], specialties: [trauma, anxiety], openingInDays: 1)
    static let t5 = candidate(C.credentials([C.licence(.CA, .lmft)]), languages: [es], places: 3, taken: 3, openingInDays: 1)
    static let t6 = candidate(C.credentials([C.licence(.CA, .lmft)]), languages: [es], accepting: false, openingInDays: 1)
    static let t7 = candidate(C.credentials([C.licence(.CA, .lmft)]), languages: [es], modalities: [.couples], openingInDays: nil)

    @Test func rankingAndExclusions() {
        let result = Matcher.rank(
            Self.request,
            candidates: [Self.t7, Self.t6, Self.t5, Self.t4, Self.t3, Self.t2, Self.t1],
            today: Self.today,
            now: Self.now
        )
        #expect(result.ranked.map(\.therapist) == [Self.t1, Self.t3, Self.t2, Self.t7].map(\.profile.id))
        #expect(result.ranked.map(\.score) == [115, 105, 55, 55])
        #expect(result.ranked.map(\.rank) == [1, 2, 3, 4])
        #expect(result.excluded.map(\.therapist) == [Self.t6, Self.t5, Self.t4].map(\.profile.id))
        #expect(result.excluded.map(\.reason) == [.notAcceptingNewClients, .noSlidingScalePlace, .notLicensed([.noAuthorityInState(.CA)])])
        #expect(result.ranked[1].coverage.code == "associate")
    }

    @Test func reasonsAreTranslatableMessagesWithPoints() throws {
        let result = Matcher.rank(Self.request, candidates: [Self.t1], today: Self.today, now: Self.now)
        let best = try #require(result.ranked.first)
        #expect(
            best.reasons.map(\.message) == [
                LocalizedMessage("match.reason.licensed", ["state": "CA", "basis": "license"]),
                LocalizedMessage("match.reason.language", ["language": "es"]),
                LocalizedMessage("match.reason.specialty", ["specialty": "anxiety"]),
                LocalizedMessage("match.reason.specialty", ["specialty": "trauma"]),
                LocalizedMessage("match.reason.modality", ["modality": "individual"]),
                LocalizedMessage("match.reason.delivery", ["delivery": "telehealth"]),
                LocalizedMessage("match.reason.opening", ["days": "3"]),
                LocalizedMessage("match.reason.sliding-scale", ["places": "4"]),
            ]
        )
        #expect(best.reasons.map(\.points) == [0, 40, 10, 10, 20, 15, 20, 0])
        #expect(best.concerns.isEmpty)
    }

    @Test func concernsExplainWhatDidNotFit() throws {
        let result = Matcher.rank(Self.request, candidates: [Self.t2, Self.t7], today: Self.today, now: Self.now)
        #expect(result.ranked[0].concerns == [LocalizedMessage("match.concern.language", ["language": "es"])])
        #expect(
            result.ranked[1].concerns == [
                LocalizedMessage("match.concern.modality", ["modality": "individual"]), LocalizedMessage("match.concern.no-opening-soon"),
            ]
        )
    }

    @Test func needsPointsAreCapped() {
        let needs = try! Set(["a", "b", "c", "d"].map(Specialty.init))
        let request = MatchRequest(clientState: .CA, needs: needs)
        let candidate = Self.candidate(C.credentials([C.licence(.CA, .lmft)]), languages: [], specialties: needs, openingInDays: nil)
        let ranked = Matcher.rank(request, candidates: [candidate], today: Self.today, now: Self.now).ranked
        #expect(ranked.first?.reasons.filter { $0.message.key == "match.reason.specialty" }.map(\.points) == [10, 10, 10, 0])
    }

    @Test func withoutASlidingScaleNeedAFullQuotaDoesNotExclude() {
        let request = MatchRequest(clientState: .CA, language: Self.es)
        let result = Matcher.rank(request, candidates: [Self.t5], today: Self.today, now: Self.now)
        #expect(result.ranked.count == 1)
        #expect(throws: CareError.invalidSlidingScaleCapacity(places: -1, taken: 0)) { try SlidingScaleCapacity(places: -1, taken: 0) }
    }
}
