import CoopData
import CoopDomain
import Foundation

/// Resolved sessions kept for a moment, so a page view does not always cost database reads.
/// Entries live `lifetime` seconds (2 by default); signing out, changing the second factor or the language clears
/// the member's entries at once on this instance. Other instances see such a change within `lifetime`.
public final class SessionCache: @unchecked Sendable {
    private struct Entry {
        var session: SignedInSession
        var storedAt: Date
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private let lifetime: TimeInterval
    private let capacity: Int

    /// Creates a cache; a `lifetime` of 0 turns it off.
    public init(lifetime: TimeInterval = 2, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The session stored under a token hash, if it is fresh.
    func get(_ tokenHash: String, now: Date) -> SignedInSession? {
        lock.withLock {
            guard let entry = entries[tokenHash] else { return nil }
            guard now.timeIntervalSince(entry.storedAt) < lifetime, now >= entry.storedAt else {
                entries[tokenHash] = nil
                return nil
            }
            return entry.session
        }
    }

    /// Stores a resolved session.
    func put(_ session: SignedInSession, now: Date) {
        guard lifetime > 0 else { return }
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[session.record.tokenHash] = Entry(session: session, storedAt: now)
        }
    }

    /// Forgets one session.
    func remove(_ tokenHash: String) {
        lock.withLock { entries[tokenHash] = nil }
    }

    /// Forgets every session of a member.
    func remove(member: MemberID) {
        lock.withLock { entries = entries.filter { $0.value.session.member.id != member } }
    }
}
