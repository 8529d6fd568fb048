import Foundation

/// One reason a therapist scored points, or a concern that cost them, in words a client can read.
public struct MatchReason: Hashable, Sendable {
    /// The sentence, as a message key with values ("match.reason.language", ["language": "es"]).
    public let message: LocalizedMessage
    /// Points it added (0 for concerns).
    public let points: Int
}

/// A therapist who passed the hard filters, with their place and why.
public struct RankedMatch: Hashable, Sendable {
    /// 1 for the best.
    public let rank: Int
    /// The therapist.
    public let therapist: MemberID
    /// Total points.
    public let score: Int
    /// What earned the points, in the order: licence, language, needs, modality, delivery, opening, sliding scale.
    public let reasons: [MatchReason]
    /// What did not fit (language not spoken, modality not offered, no opening soon).
    public let concerns: [LocalizedMessage]
    /// What authorises them in the client's state.
    public let coverage: CoverageBasis
    /// Their first open slot, if any.
    public let firstOpening: Date?
}

/// Why a therapist was left out of the ranking.
public enum ExclusionReason: Hashable, Sendable {
    /// Not authorised in the client's state (hard filter).
    case notLicensed([CoverageGap])
    /// The client needs a sliding-scale place and none is free (hard filter).
    case noSlidingScalePlace
    /// Not taking new clients.
    case notAcceptingNewClients

    /// The sentence for staff, as a message key.
    public var message: LocalizedMessage {
        switch self {
        case .notLicensed: LocalizedMessage("match.excluded.not-licensed")
        case .noSlidingScalePlace: LocalizedMessage("match.excluded.no-sliding-scale-place")
        case .notAcceptingNewClients: LocalizedMessage("match.excluded.not-accepting")
        }
    }
}

/// A therapist left out, and why.
public struct MatchExclusion: Hashable, Sendable {
    /// The therapist.
    public let therapist: MemberID
    /// Why.
    public let reason: ExclusionReason
}

/// The outcome of matching: the ranking, and who was left out and why.
public struct MatchResult: Hashable, Sendable {
    /// Ranked therapists, best first.
    public let ranked: [RankedMatch]
    /// Therapists filtered out, in input order.
    public let excluded: [MatchExclusion]
}
