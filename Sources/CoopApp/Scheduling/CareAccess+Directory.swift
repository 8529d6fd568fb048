import CoopData
import CoopDomain
import Foundation

/// What a client looks for in the directory.
public struct DirectoryQuery: Sendable, Equatable {
    /// Where the client will be during sessions: the hard licence filter.
    public var state: USState
    /// A language the client wants to speak, if any.
    public var language: LanguageCode?
    /// Individual, couples, family or group.
    public var modality: Modality
    /// Telehealth or in person.
    public var delivery: Delivery
    /// Whether the client needs a sliding-scale place (one field the finance area can fill later).
    public var needsSlidingScale: Bool

    /// Creates a query.
    public init(state: USState, language: LanguageCode? = nil, modality: Modality = .individual, delivery: Delivery = .telehealth, needsSlidingScale: Bool = false) {
        self.state = state
        self.language = language
        self.modality = modality
        self.delivery = delivery
        self.needsSlidingScale = needsSlidingScale
    }
}

/// One therapist in the results: their place, the reasons, and any disclosure.
public struct DirectoryEntry: Sendable {
    /// The therapist.
    public let therapist: TherapistRecord
    /// Rank, score, reasons and concerns from `Matcher`.
    public let match: RankedMatch
    /// Associate disclosure sentences, one list per registration.
    public let disclosures: [[LocalizedMessage]]
}

extension CareAccess {
    /// The ranked directory for `query`: only therapists authorised in the client's state (with a free sliding-scale
    /// place when asked), each with the reasons for its rank and its first open time in the next two weeks.
    public func search(_ query: DirectoryQuery, actor: Actor, origin: RequestOrigin) async throws -> [DirectoryEntry] {
        try await require(actor, .viewDirectory, origin: origin)
        let now = services.now()
        let to = now.addingTimeInterval(TimeInterval(Self.horizonDays) * 86_400)
        let (stamped, busy) = try await services.database.read { sql in
            // Every therapist with a licence, registration, compact privilege or temporary authorisation for the state.
            // From the cache: only the records changed since the last search are read again.
            let stamped = try await services.therapistCache.stamped(licensedIn: query.state, store: therapists, sql: sql)
            let busy = try await appointments.busyTimes(
                licensedIn: query.state, from: now.addingTimeInterval(-8 * 86_400), to: to.addingTimeInterval(8 * 86_400), sql: sql
            )
            return (stamped, busy)
        }
        let today = IANATimeZone.utc.localDate(at: now)
        var byID: [MemberID: TherapistRecord] = [:]
        var candidates: [MatchCandidate] = []
        for (record, stamp) in stamped {
            byID[record.id] = record
            // Only someone who may see this client is worth the cost of expanding their calendar.
            guard PracticeAuthority.covers(record.profile.credentials, clientState: query.state, on: today, delivery: query.delivery).isCovered else {
                candidates.append(MatchCandidate(profile: record.profile, firstOpening: nil))
                continue
            }
            let held = busy[record.id] ?? []
            var digest = Hasher()
            for time in held { digest.combine(time) }
            let first = services.therapistCache.firstOpening(
                record.id, stamp: stamp, busyDigest: digest.finalize(),
                earliest: now.addingTimeInterval(TimeInterval(record.session.minimumNoticeMinutes) * 60)
            ) { firstOpening(record, busy: held, now: now, until: to) }
            candidates.append(MatchCandidate(profile: record.profile, firstOpening: first))
        }
        let request = MatchRequest(
            clientState: query.state, language: query.language, modality: query.modality, delivery: query.delivery,
            needsSlidingScale: query.needsSlidingScale, client: actor.memberID
        )
        let result = Matcher.rank(request, candidates: candidates, today: today, now: now)
        return result.ranked.compactMap { match in
            guard let record = byID[match.therapist] else { return nil }
            return DirectoryEntry(therapist: record, match: match, disclosures: Self.disclosures(record, on: today))
        }
    }

    /// The first open time before `until`: two days are expanded first, since most calendars have a time that soon.
    func firstOpening(_ record: TherapistRecord, busy bookings: [BusyTime], now: Date, until: Date) -> Date? {
        guard let rules = try? record.rules() else { return nil }
        for end in [min(until, now.addingTimeInterval(2 * 86_400)), until] {
            let slots = try? AvailabilityCalculator.openSlots(rules: rules, exceptions: record.exceptions, bookings: bookings, from: now, to: end, now: now)
            if let first = slots?.first { return first.start }
        }
        return nil
    }
}
