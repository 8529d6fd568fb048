import Foundation

/// What happened in a back-fill, for notifications and the audit log.
public enum BackfillEvent: Hashable, Sendable {
    /// The entry was offered the slot until `expiresAt`.
    case offered(WaitlistEntryID, expiresAt: Date)
    /// The entry accepted; book the slot for them and remove them from the waitlist.
    case accepted(WaitlistEntryID)
    /// The entry said no; they stay on the waitlist for other slots.
    case declined(WaitlistEntryID)
    /// The entry did not answer in time.
    case expired(WaitlistEntryID)
    /// Nobody else on the list fits; the slot stays open to anyone.
    case exhausted
    /// The slot is too close to its start to offer further.
    case lapsed
}

/// Offering one freed slot to the waitlist, one entry at a time, as a pure state machine
/// (USERS.md: cancellation back-fill). Entries that fit are offered in order of joining; each offer stands for
/// `offerDuration` but never past `latestAcceptance`; a decline or an expiry moves on to the next entry.
public struct Backfill: Hashable, Sendable {
    /// Where the back-fill stands.
    public enum State: Hashable, Sendable {
        case offered(WaitlistEntryID, expiresAt: Date)
        case accepted(WaitlistEntryID)
        case exhausted
        case lapsed
    }

    /// The slot being offered.
    public let opening: WaitlistOpening
    /// How long each offer stands.
    public let offerDuration: TimeInterval
    /// The last moment an offer can be accepted (the slot's start less the minimum notice, typically).
    public let latestAcceptance: Date
    /// The entries still to be offered, in order.
    public private(set) var queue: [WaitlistEntryID]
    /// The current state.
    public private(set) var state: State

    /// Restores a back-fill a store saved (use `start` to begin one).
    public init(opening: WaitlistOpening, offerDuration: TimeInterval, latestAcceptance: Date, queue: [WaitlistEntryID], state: State) {
        self.opening = opening
        self.offerDuration = offerDuration
        self.latestAcceptance = latestAcceptance
        self.queue = queue
        self.state = state
    }

    /// Starts a back-fill at `now`: picks every entry that accepts the opening, skips those in `busy` (holding an offer
    /// elsewhere), orders them by join time (then id), and offers the slot to the first.
    public static func start(
        _ opening: WaitlistOpening,
        entries: [WaitlistEntry],
        now: Date,
        offerDuration: TimeInterval,
        latestAcceptance: Date? = nil,
        busy: Set<WaitlistEntryID> = [],
        rules: LicensureRules = .standard
    ) throws(SchedulingError) -> (Backfill, [BackfillEvent]) {
        guard offerDuration > 0 else { throw .invalidOfferDuration(offerDuration) }
        let queue = entries.filter { !busy.contains($0.id) && $0.accepts(opening, rules: rules) }
            .sorted { ($0.joinedAt, $0.id.rawValue) < ($1.joinedAt, $1.id.rawValue) }
            .map(\.id)
        var backfill = Backfill(
            opening: opening,
            offerDuration: offerDuration,
            latestAcceptance: latestAcceptance ?? opening.slot.start,
            queue: queue,
            state: .exhausted
        )
        let events = backfill.offerNext(now: now)
        return (backfill, events)
    }

    /// The entry `id` accepts at `now`. Throws `.noOfferFor` unless it holds the current offer, `.offerExpired` if late.
    public mutating func accept(_ id: WaitlistEntryID, now: Date) throws(SchedulingError) -> [BackfillEvent] {
        guard case .offered(let holder, let expiresAt) = state, holder == id else { throw .noOfferFor(id) }
        guard now < expiresAt else { throw .offerExpired(id, expiredAt: expiresAt) }
        state = .accepted(id)
        return [.accepted(id)]
    }

    /// The entry `id` declines at `now`; the next entry is offered the slot.
    public mutating func decline(_ id: WaitlistEntryID, now: Date) throws(SchedulingError) -> [BackfillEvent] {
        guard case .offered(let holder, _) = state, holder == id else { throw .noOfferFor(id) }
        return [.declined(id)] + offerNext(now: now)
    }

    /// Call when time passes: if the current offer ran out by `now`, it expires and the next entry is offered.
    public mutating func tick(now: Date) -> [BackfillEvent] {
        guard case .offered(let holder, let expiresAt) = state, now >= expiresAt else { return [] }
        return [.expired(holder)] + offerNext(now: now)
    }

    /// Offers the slot to the next entry in the queue, or ends the back-fill.
    private mutating func offerNext(now: Date) -> [BackfillEvent] {
        guard now < latestAcceptance else {
            state = .lapsed
            return [.lapsed]
        }
        guard !queue.isEmpty else {
            state = .exhausted
            return [.exhausted]
        }
        let next = queue.removeFirst()
        let expiresAt = min(now.addingTimeInterval(offerDuration), latestAcceptance)
        state = .offered(next, expiresAt: expiresAt)
        return [.offered(next, expiresAt: expiresAt)]
    }
}
