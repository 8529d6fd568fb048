import Foundation

extension BallotFile {
    /// The file as BLT text, one ballot per line in file order, names one per line, then the title.
    ///
    /// ``BLTParser`` reads it back to an equal ``BallotFile``, so a closed election can be exported and recounted
    /// by anyone (Droop, OpenSTV, OpaVote, or this package).
    public var bltText: String {
        var out: [UInt8] = []
        out.reserveCapacity(64 + ballots.count * 24 + candidates.reduce(0) { $0 + $1.utf8.count + 3 })
        Self.append(candidates.count, to: &out)
        out.append(UInt8(ascii: " "))
        Self.append(seats, to: &out)
        out.append(UInt8(ascii: "\n"))
        if !withdrawn.isEmpty {
            for (position, index) in withdrawn.enumerated() {
                if position > 0 { out.append(UInt8(ascii: " ")) }
                out.append(UInt8(ascii: "-"))
                Self.append(index + 1, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        for ballot in ballots {
            Self.append(ballot.weight, to: &out)
            for index in ballot.ranking {
                out.append(UInt8(ascii: " "))
                Self.append(index + 1, to: &out)
            }
            out.append(contentsOf: " 0\n".utf8)
        }
        out.append(contentsOf: "0\n".utf8)
        for name in candidates + [title] {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\"\n".utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the decimal digits of a non-negative number.
    private static func append(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { append(value / 10, to: &out) }
        out.append(UInt8(48 + value % 10))
    }
}
