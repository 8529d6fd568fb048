import Foundation

/// One zone's UTC offsets from 1900 to 2200 as a sorted list of transitions, read from Foundation once per zone, so
/// that converting an instant is a binary search rather than a call into ICU (availability expands thousands of
/// local times per directory search). Outside those years, or if the zone's transitions could not be read
/// consistently, `offset(at:)` answers nil and the caller asks Foundation.
final class ZoneOffsetTable: Sendable {
    /// 1900-01-01T00:00:00Z and 2200-01-01T00:00:00Z.
    static let covered = -2_208_988_800..<7_258_118_400

    /// Instants (whole seconds) at which the offset changes, ascending.
    private let transitions: [Int]
    /// `offsets[0]` is in force before `transitions[0]`; `offsets[i + 1]` from `transitions[i]` on.
    private let offsets: [Int]
    private let isUsable: Bool

    init(zone: TimeZone) {
        var transitions: [Int] = []
        var offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(Self.covered.lowerBound)))]
        var usable = true
        var cursor = Date(timeIntervalSince1970: Double(Self.covered.lowerBound))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < Double(Self.covered.upperBound) {
            let second = Int(next.timeIntervalSince1970.rounded(.up))
            // Each transition must move forward, and the offset just before it must be the one recorded last:
            // otherwise a change was missed, and the table is not trusted.
            guard second > (transitions.last ?? Self.covered.lowerBound),
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second - 1))) == offsets.last
            else {
                usable = false
                break
            }
            transitions.append(second)
            offsets.append(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second))))
            cursor = Date(timeIntervalSince1970: Double(second))
        }
        self.transitions = transitions
        self.offsets = offsets
        self.isUsable = usable
    }

    /// The offset in force at `second` (seconds since 1970), or nil outside the table.
    func offset(at second: Int) -> Int? {
        guard isUsable, Self.covered.contains(second) else { return nil }
        var low = 0
        var high = transitions.count
        // The number of transitions at or before `second`.
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= second { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }
}

/// Zones looked up so far, each with its offset table (a handful per co-op; never evicted).
final class ZoneCache: @unchecked Sendable {
    static let shared = ZoneCache()
    private let lock = NSLock()
    private var zones: [String: (TimeZone, ZoneOffsetTable)] = [:]

    /// The zone and its table for `identifier`, or nil when Foundation does not know it.
    func zone(_ identifier: String) -> (TimeZone, ZoneOffsetTable)? {
        if let found = lock.withLock({ zones[identifier] }) { return found }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        let entry = (zone, ZoneOffsetTable(zone: zone))
        lock.withLock { zones[identifier] = entry }
        return entry
    }
}
