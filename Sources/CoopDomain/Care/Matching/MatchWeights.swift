import Foundation

/// The points matching gives each kind of fit; a distribution rule the members vote on (USERS.md, co-op need 6).
public struct MatchWeights: Hashable, Sendable, Codable {
    /// Points when the therapist works in the client's language.
    public var language: Int
    /// Points per client need the therapist specialises in.
    public var perNeed: Int
    /// The most points needs can add up to.
    public var needsCap: Int
    /// Points when the therapist offers the client's modality.
    public var modality: Int
    /// Points when the therapist offers the client's delivery (telehealth or in person).
    public var delivery: Int
    /// Points for a first opening within so many days, checked in order: `[(7, 20), (14, 10)]`.
    public var openingBands: [OpeningBand]

    /// Points for an opening within `days` days.
    public struct OpeningBand: Hashable, Sendable, Codable {
        /// The band's limit in days.
        public var days: Int
        /// The points.
        public var points: Int

        /// Creates a band.
        public init(days: Int, points: Int) {
            self.days = days
            self.points = points
        }
    }

    /// Creates weights.
    public init(language: Int, perNeed: Int, needsCap: Int, modality: Int, delivery: Int, openingBands: [OpeningBand]) {
        self.language = language
        self.perNeed = perNeed
        self.needsCap = needsCap
        self.modality = modality
        self.delivery = delivery
        self.openingBands = openingBands
    }

    /// A starting point: language counts most, then modality, needs, soon openings and delivery.
    public static let standard = MatchWeights(
        language: 40,
        perNeed: 10,
        needsCap: 30,
        modality: 20,
        delivery: 15,
        openingBands: [OpeningBand(days: 7, points: 20), OpeningBand(days: 14, points: 10), OpeningBand(days: 28, points: 5)]
    )
}
