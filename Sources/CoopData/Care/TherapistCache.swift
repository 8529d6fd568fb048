import CoopDomain
import Foundation
import SQLKit

/// Therapist records kept in memory between bookings, each with the `TherapistStore.stamp` it was read at. A lookup
/// reads only the stamp (one small query) and loads the whole record again when it changed, so every instance sharing
/// the database sees every change at once. Bounded: past `capacity` records it starts afresh.
public final class TherapistCache: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [MemberID: (stamp: String, record: TherapistRecord)] = [:]
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
}
