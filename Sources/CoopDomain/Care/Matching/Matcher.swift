import Foundation

/// Ranks therapists for a client (USERS.md, co-op need 6: matching by language, specialty, modality,
/// sliding-scale capacity and licence state).
///
/// Hard filters: accepting new clients; authorised in the client's state on `today` (`PracticeAuthority`); a free
/// sliding-scale place when the client needs one. Everyone else is scored by `MatchWeights` and ranked by score,
/// then earliest opening, then id, so the order is stable.
public enum Matcher {
    /// The ranking for `request` among `candidates` at `now`.
    public static func rank(
        _ request: MatchRequest,
        candidates: [MatchCandidate],
        today: LocalDate,
        now: Date,
        weights: MatchWeights = .standard,
        licensure: LicensureRules = .standard
    ) -> MatchResult {
        var excluded: [MatchExclusion] = []
        var scored: [RankedMatch] = []
        for candidate in candidates {
            let profile = candidate.profile
            guard profile.acceptingNewClients else {
                excluded.append(MatchExclusion(therapist: profile.id, reason: .notAcceptingNewClients))
                continue
            }
            let coverage = PracticeAuthority.covers(
                profile.credentials,
                clientState: request.clientState,
                on: today,
                delivery: request.delivery,
                client: request.client,
                rules: licensure
            )
            guard let basis = coverage.basis else {
                excluded.append(MatchExclusion(therapist: profile.id, reason: .notLicensed(coverage.gaps)))
                continue
            }
            guard !request.needsSlidingScale || profile.slidingScale.hasFreePlace else {
                excluded.append(MatchExclusion(therapist: profile.id, reason: .noSlidingScalePlace))
                continue
            }
            let (reasons, concerns) = score(request, candidate, basis: basis, now: now, weights: weights)
            scored.append(
                RankedMatch(
                    rank: 0,
                    therapist: profile.id,
                    score: reasons.reduce(0) { $0 + $1.points },
                    reasons: reasons,
                    concerns: concerns,
                    coverage: basis,
                    firstOpening: candidate.firstOpening
                )
            )
        }
        let ordered = scored.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let aOpening = a.firstOpening ?? .distantFuture
            let bOpening = b.firstOpening ?? .distantFuture
            if aOpening != bOpening { return aOpening < bOpening }
            return a.therapist.rawValue < b.therapist.rawValue
        }
        let ranked = ordered.enumerated().map { index, item in
            RankedMatch(
                rank: index + 1,
                therapist: item.therapist,
                score: item.score,
                reasons: item.reasons,
                concerns: item.concerns,
                coverage: item.coverage,
                firstOpening: item.firstOpening
            )
        }
        return MatchResult(ranked: ranked, excluded: excluded)
    }

    /// The reasons with points, and the concerns, for one candidate who passed the filters.
    static func score(
        _ request: MatchRequest,
        _ candidate: MatchCandidate,
        basis: CoverageBasis,
        now: Date,
        weights: MatchWeights
    ) -> ([MatchReason], [LocalizedMessage]) {
        let profile = candidate.profile
        var reasons = [
            MatchReason(message: LocalizedMessage("match.reason.licensed", ["state": request.clientState.code, "basis": basis.code]), points: 0)
        ]
        var concerns: [LocalizedMessage] = []

        if let language = request.language {
            if profile.languages.contains(where: { $0.primary == language.primary }) {
                reasons.append(MatchReason(message: LocalizedMessage("match.reason.language", ["language": language.tag]), points: weights.language))
            } else {
                concerns.append(LocalizedMessage("match.concern.language", ["language": language.tag]))
            }
        }
        var needPoints = 0
        for need in request.needs.sorted() where profile.specialties.contains(need) {
            let points = min(weights.perNeed, weights.needsCap - needPoints)
            needPoints += points
            reasons.append(MatchReason(message: LocalizedMessage("match.reason.specialty", ["specialty": need.slug]), points: points))
        }
        if profile.modalities.contains(request.modality) {
            reasons.append(
                MatchReason(message: LocalizedMessage("match.reason.modality", ["modality": request.modality.rawValue]), points: weights.modality)
            )
        } else {
            concerns.append(LocalizedMessage("match.concern.modality", ["modality": request.modality.rawValue]))
        }
        if profile.deliveries.contains(request.delivery) {
            reasons.append(
                MatchReason(message: LocalizedMessage("match.reason.delivery", ["delivery": request.delivery.rawValue]), points: weights.delivery)
            )
        } else {
            concerns.append(LocalizedMessage("match.concern.delivery", ["delivery": request.delivery.rawValue]))
        }
        let days = candidate.firstOpening.map { Int(($0.timeIntervalSince(now) / 86_400).rounded(.up)) }
        if let days, let band = weights.openingBands.first(where: { days <= $0.days }) {
            reasons.append(MatchReason(message: LocalizedMessage("match.reason.opening", ["days": String(max(days, 0))]), points: band.points))
        } else {
            concerns.append(LocalizedMessage("match.concern.no-opening-soon"))
        }
        if request.needsSlidingScale {
            reasons.append(
                MatchReason(message: LocalizedMessage("match.reason.sliding-scale", ["places": String(profile.slidingScale.free)]), points: 0)
            )
        }
        return (reasons, concerns)
    }
}
