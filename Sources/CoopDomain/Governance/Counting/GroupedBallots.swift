import Foundation

/// The ballots as the counts use them: withdrawn candidates struck out, identical rankings merged into one group
/// whose weight is how many voters cast it, blank ballots set aside; rankings stored back to back in one array.
///
/// Merging changes no result: in every rule here, identical rankings travel together and are valued alike.
struct GroupedBallots {
    /// Per group, how many ballots it stands for.
    let weights: [Int64]
    /// Every group's ranking, back to back: group `g` is `preferences[starts[g]..<starts[g + 1]]`.
    let preferences: [Int32]
    /// Where each group's ranking starts in `preferences`, plus the end of the last one.
    let starts: [Int32]
    /// Ballots that rank at least one standing candidate.
    let validWeight: Int64
    /// Ballots that rank nobody still standing (blank, or only withdrawn candidates).
    let blankWeight: Int64

    /// The number of distinct rankings.
    var count: Int { weights.count }

    /// Groups the ballots of `file`, in order of first appearance.
    ///
    /// Rankings are copied once into the flat `preferences` array and hashed there into an open-addressing table,
    /// so grouping 100,000 ballots allocates nothing per ballot.
    init(_ file: BallotFile) {
        var isWithdrawn = [Bool](repeating: false, count: file.candidates.count)
        for index in file.withdrawn { isWithdrawn[index] = true }
        var capacity = 16
        while capacity < file.ballots.count * 2 { capacity <<= 1 }
        var table = [Int32](repeating: -1, count: capacity)
        var hashes: [UInt64] = []
        var weights: [Int64] = []
        var starts: [Int32] = [0]
        var validWeight: Int64 = 0
        var blankWeight: Int64 = 0
        var flat = [Int32](repeating: 0, count: file.ballots.reduce(0) { $0 + $1.ranking.count })
        var used = 0
        flat.withUnsafeMutableBufferPointer { flat in
            table.withUnsafeMutableBufferPointer { table in
                file.ballots.withUnsafeBufferPointer { ballots in
                    for ballot in ballots.indices {
                        let start = used
                        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                        ballots[ballot].ranking.withUnsafeBufferPointer { ranking in
                            for index in ranking where !isWithdrawn[index] {
                                flat[used] = Int32(truncatingIfNeeded: index)
                                used += 1
                                hash = (hash ^ UInt64(index)) &* 0x0000_0100_0000_01B3
                            }
                        }
                        let weight = Int64(ballots[ballot].weight)
                        guard used > start else {
                            blankWeight += weight
                            continue
                        }
                        validWeight += weight
                        hash ^= hash >> 29
                        var slot = Int(truncatingIfNeeded: hash) & (table.count - 1)
                        while true {
                            let group = Int(table[slot])
                            if group < 0 {
                                table[slot] = Int32(weights.count)
                                weights.append(weight)
                                hashes.append(hash)
                                starts.append(Int32(used))
                                break
                            }
                            let begin = Int(starts[group])
                            let length = Int(starts[group + 1]) - begin
                            if hashes[group] == hash, length == used - start,
                                (0..<length).allSatisfy({ flat[begin + $0] == flat[start + $0] })
                            {
                                weights[group] += weight
                                used = start
                                break
                            }
                            slot = (slot + 1) & (table.count - 1)
                        }
                    }
                }
            }
        }
        flat.removeLast(flat.count - used)
        self.weights = weights
        self.preferences = flat
        self.starts = starts
        self.validWeight = validWeight
        self.blankWeight = blankWeight
    }
}
