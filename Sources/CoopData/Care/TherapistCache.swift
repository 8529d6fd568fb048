import CoopDomain
import Foundation
import SQLKit

/// Therapist records kept in memory between bookings, each with the `TherapistStore.stamp` it was read at. A lookup
/// reads only the stamp (one small query) and loads the whole record again when it changed, so every instance sharing
/// the database sees every change at once. Bounded: past `capacity` records it starts afresh.
public final class TherapistCache: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [MemberID: (stamp: String, record: TherapistRecord)] = [:]
    private var openings: [MemberID: (stamp: String, busy: Int, first: Date)] = [:]
    private let capacity: Int

    /// Creates an empty cache.
    public init(capacity: Int = 5000) {
        self.capacity = capacity
    }

    /// The therapist's record as it is in the database now, or nil when there is none.
    public func record(_ id: MemberID, store: TherapistStore = TherapistStore(), sql: any SQLDatabase) async throws -> TherapistRecord? {
        guard let stamp = try await store.stamp(id, sql: sql) else { return nil }
        if let hit = lock.withLock({ records[id] }), hit.stamp == stamp { return hit.record }
        guard let record = try await store.find(id, sql: sql) else { return nil }
        // Read after the stamp: if the record changed in between, the next lookup sees a newer stamp and loads again.
        lock.withLock {
            if records.count >= capacity { records.removeAll(keepingCapacity: true) }
            records[id] = (stamp, record)
        }
        return record
    }

    /// Every therapist who may hold a credential for `state` (see `TherapistStore.all(licensedIn:sql:)`), as they are in
    /// the database now, with the stamp each was read at: one query reads their stamps, and only the records whose
    /// stamp changed are loaded again.
    public func stamped(licensedIn state: USState, store: TherapistStore = TherapistStore(), sql: any SQLDatabase) async throws -> [(record: TherapistRecord, stamp: String)] {
        let stamps = try await store.stamps(licensedIn: state, sql: sql)
        var found: [MemberID: TherapistRecord] = [:]
        var stale: [MemberID] = []
        lock.withLock {
            for (id, stamp) in stamps {
                if let hit = records[id], hit.stamp == stamp { found[id] = hit.record } else { stale.append(id) }
            }
        }
        if !stale.isEmpty {
            // Read after the stamps, as in `record(_:store:sql:)`.
            let loaded = try await store.find(ids: stale, sql: sql)
            let stampOf = Dictionary(stamps.map { ($0.id, $0.stamp) }, uniquingKeysWith: { first, _ in first })
            lock.withLock {
                if records.count + loaded.count > capacity { records.removeAll(keepingCapacity: true) }
                for record in loaded {
                    found[record.id] = record
                    if let stamp = stampOf[record.id] { records[record.id] = (stamp, record) }
                }
            }
        }
        return stamps.compactMap { entry in found[entry.id].map { ($0, entry.stamp) } }
    }

    /// The first open time of a therapist, computed by `compute` or remembered from an earlier search. A remembered
    /// time is used only when the record (`stamp`) and the bookings around it (`busyDigest`) are the same as when it
    /// was computed and it is still bookable (not before `earliest`, the current time plus the minimum notice): then
    /// no earlier time can have opened since, so it is still the first. "No open time" is never remembered, since the
    /// two weeks ahead move on with the clock.
    public func firstOpening(_ id: MemberID, stamp: String, busyDigest: Int, earliest: Date, compute: () -> Date?) -> Date? {
        if let kept = lock.withLock({ openings[id] }), kept.stamp == stamp, kept.busy == busyDigest, kept.first >= earliest {
            return kept.first
        }
        let first = compute()
        lock.withLock {
            if let first {
                if openings.count >= capacity { openings.removeAll(keepingCapacity: true) }
                openings[id] = (stamp, busyDigest, first)
            } else {
                openings[id] = nil
            }
        }
        return first
    }
}
