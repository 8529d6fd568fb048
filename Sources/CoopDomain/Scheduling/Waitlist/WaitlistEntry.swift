import Foundation

/// A client waiting for a session time, with what a slot must satisfy to be offered to them.
public struct WaitlistEntry: Hashable, Sendable, Identifiable {
    /// The entry id.
    public let id: WaitlistEntryID
    /// The client.
    public let client: MemberID
    /// When they joined; earlier entries are offered first.
    public let joinedAt: Date
    /// The therapist wanted, or nil for any therapist.
    public let therapist: MemberID?
    /// The state the client will be in; the therapist must be licensed there.
    public let state: USState
    /// The language the sessions must be in, nil for any.
    public let language: LanguageCode?
    /// When the client can come, in `zone`; empty means any time.
    public let windows: [WaitlistWindow]
    /// The client's zone, which `windows` are read in.
    public let zone: IANATimeZone
    /// Whether the client needs a sliding-scale place.
    public let needsSlidingScale: Bool

    /// Creates an entry.
    public init(
        id: WaitlistEntryID,
        client: MemberID,
        joinedAt: Date,
        therapist: MemberID? = nil,
        state: USState,
        language: LanguageCode? = nil,
        windows: [WaitlistWindow] = [],
        zone: IANATimeZone,
        needsSlidingScale: Bool = false
    ) {
        self.id = id
        self.client = client
        self.joinedAt = joinedAt
        self.therapist = therapist
        self.state = state
        self.language = language
        self.windows = windows
        self.zone = zone
        self.needsSlidingScale = needsSlidingScale
    }

    /// Whether `opening` satisfies every constraint of the entry: therapist, licence for the state on the session
    /// date, language, sliding-scale place, and a time window that holds the whole session.
    public func accepts(_ opening: WaitlistOpening, rules: LicensureRules = .standard) -> Bool {
        if let therapist, therapist != opening.credentials.therapist { return false }
        if let language, !opening.languages.contains(where: { $0.primary == language.primary }) { return false }
        if needsSlidingScale && !opening.slidingScale.hasFreePlace { return false }
        let sessionDate = zone.localDate(at: opening.slot.start)
        guard
            PracticeAuthority.covers(
                opening.credentials,
                clientState: state,
                on: sessionDate,
                delivery: opening.delivery,
                client: client,
                rules: rules
            )
            .isCovered
        else { return false }
        return windows.isEmpty || windows.contains { $0.holds(opening.slot, in: zone) }
    }
}
