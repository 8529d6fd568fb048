import Foundation

/// Reads the BLT ballot format (Hill–Wichmann–Woodall) that Droop, OpenSTV, OpaVote and Loomio exchange.
///
/// ```
/// 4 2              <candidates> <seats>
/// -3               optional: withdrawn candidates, negated
/// 3 1 2 0          <weight> <preferences…> 0, one ballot line each
/// 0                end of ballots
/// "Ann" "Bob"      the candidates' names, quoted, in number order
/// "Cid" "Dee"
/// "Board 2025"     the title
/// ```
/// Names are kept byte for byte, spaces included. Blank lines and lines starting with `#` are skipped; a UTF-8
/// byte-order mark and CRLF line ends are accepted. Equal rankings (`=`), ballot ids and `[option]` lines are not.
public enum BLTParser {
    /// Parses BLT text into a checked ``BallotFile``; errors name the offending line.
    public static func parse(_ text: String) throws(CountingError) -> BallotFile {
        var text = text
        return try text.withUTF8 { bytes in
            Result { () throws(CountingError) -> BallotFile in
                var reader = Reader(bytes: bytes)
                return try reader.read()
            }
        }.get()
    }

    /// Parses BLT bytes (UTF-8) into a checked ``BallotFile``; errors name the offending line.
    public static func parse(_ data: Data) throws(CountingError) -> BallotFile {
        let bytes = [UInt8](data)
        return try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CountingError) -> BallotFile in
                var reader = Reader(bytes: buffer)
                return try reader.read()
            }
        }.get()
    }
}

extension BallotFile {
    /// Reads a ballot file from BLT text (see ``BLTParser``).
    public init(bltText: String) throws(CountingError) {
        self = try BLTParser.parse(bltText)
    }
}

/// A single pass over the bytes, line by line; every check happens here so errors can carry line numbers.
private struct Reader {
    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), quote = UInt8(ascii: "\"")
    private static let hash = UInt8(ascii: "#"), minus = UInt8(ascii: "-")
    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    /// The whole text, as UTF-8.
    let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var lineNumber = 0
    private var lineStart = 0
    private var lineEnd = 0

    /// Starts a reader at the beginning of `bytes`, past a UTF-8 byte-order mark if there is one.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
        }
    }

    /// Reads the header, the optional withdrawn line, the ballots, the names and the title.
    mutating func read() throws(CountingError) -> BallotFile {
        guard nextContentLine() else { throw .emptyFile }
        let header = tokens()
        guard header.count == 2, let candidateCount = number(header[0]), let seats = number(header[1]) else {
            throw .malformedHeader(line: lineNumber)
        }
        guard candidateCount >= 1 else { throw .noCandidates(line: lineNumber) }
        guard seats >= 1 else { throw .invalidSeats(seats: seats, line: lineNumber) }
        guard seats <= candidateCount else {
            throw .seatsExceedCandidates(seats: seats, candidates: candidateCount, line: lineNumber)
        }
        guard nextContentLine() else { throw .missingEndOfBallots(line: lineNumber) }
        var withdrawn: [Int] = []
        if bytes[lineStart] == Self.minus {
            withdrawn = try readWithdrawn(candidateCount: candidateCount)
            guard seats <= candidateCount - withdrawn.count else {
                throw .seatsExceedCandidates(seats: seats, candidates: candidateCount - withdrawn.count, line: lineNumber)
            }
            guard nextContentLine() else { throw .missingEndOfBallots(line: lineNumber) }
        }
        let ballots = try readBallots(candidateCount: candidateCount)
        let (names, title) = try readNames(candidateCount: candidateCount)
        return BallotFile(unchecked: title, candidates: names, seats: seats, withdrawn: withdrawn.sorted(), ballots: ballots)
    }

    /// Reads `-2 -5`: every token a negated candidate number.
    private func readWithdrawn(candidateCount: Int) throws(CountingError) -> [Int] {
        var withdrawn: [Int] = []
        for token in tokens() {
            guard token.count > 1, bytes[token.lowerBound] == Self.minus, let id = number(token.dropFirst()) else {
                throw .unexpectedToken(text(token), line: lineNumber)
            }
            guard (1...candidateCount).contains(id) else { throw .unknownCandidate(id: id, line: lineNumber) }
            guard !withdrawn.contains(id - 1) else { throw .duplicateWithdrawal(id: id, line: lineNumber) }
            withdrawn.append(id - 1)
        }
        return withdrawn
    }

    /// Reads ballot lines up to and including the lone `0`; the current line is the first ballot line.
    private mutating func readBallots(candidateCount: Int) throws(CountingError) -> [RankedBallot] {
        var ballots: [RankedBallot] = []
        var stamp = [Int](repeating: -1, count: candidateCount)
        var total: Int64 = 0
        while true {
            if bytes[lineStart] == Self.quote { throw .missingEndOfBallots(line: lineNumber) }
            var cursor = lineStart
            let weightField = nextToken(&cursor)!
            let weight = number(weightField)
            if weight == 0, nextToken(&cursor) == nil { return ballots }
            guard let weight, weight >= 1 else { throw .badWeight(text(weightField), line: lineNumber) }
            total += Int64(weight)
            guard total <= BallotFile.maximumTotalWeight else {
                throw .tooManyBallots(limit: BallotFile.maximumTotalWeight, line: lineNumber)
            }
            var ranking: [Int] = []
            ranking.reserveCapacity((lineEnd - cursor) / 2)
            var terminated = false
            while let field = nextToken(&cursor) {
                if terminated { throw .unexpectedToken(text(field), line: lineNumber) }
                guard let id = number(field) else {
                    if bytes[field.lowerBound] == Self.minus, let negated = number(field.dropFirst()) {
                        throw .unknownCandidate(id: -negated, line: lineNumber)
                    }
                    throw .unexpectedToken(text(field), line: lineNumber)
                }
                if id == 0 {
                    terminated = true
                    continue
                }
                guard id <= candidateCount else { throw .unknownCandidate(id: id, line: lineNumber) }
                guard stamp[id - 1] != ballots.count else { throw .duplicateRanking(id: id, line: lineNumber) }
                stamp[id - 1] = ballots.count
                ranking.append(id - 1)
            }
            guard terminated else { throw .missingBallotTerminator(line: lineNumber) }
            ballots.append(RankedBallot(weight: weight, ranking: ranking))
            guard nextContentLine() else { throw .missingEndOfBallots(line: lineNumber) }
        }
    }

    /// The next whitespace-separated token of the current line from `cursor` on, advancing `cursor` past it.
    @inline(__always)
    private func nextToken(_ cursor: inout Int) -> Range<Int>? {
        while cursor < lineEnd, bytes[cursor] == Self.space || bytes[cursor] == Self.tab { cursor += 1 }
        let start = cursor
        while cursor < lineEnd, bytes[cursor] != Self.space, bytes[cursor] != Self.tab { cursor += 1 }
        return start < cursor ? start..<cursor : nil
    }

    /// Reads the quoted strings after the ballots: the candidate names, then the title.
    private mutating func readNames(candidateCount: Int) throws(CountingError) -> (names: [String], title: String) {
        var strings: [String] = []
        var lastLine = lineNumber
        while nextContentLine() {
            lastLine = lineNumber
            var index = lineStart
            while index < lineEnd {
                let byte = bytes[index]
                if byte == Self.space || byte == Self.tab {
                    index += 1
                } else if byte == Self.hash {
                    break
                } else if byte == Self.quote {
                    guard let close = (index + 1..<lineEnd).first(where: { bytes[$0] == Self.quote }) else {
                        throw .unterminatedName(line: lineNumber)
                    }
                    guard let string = String(validating: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close]), as: UTF8.self)
                    else { throw .invalidEncoding(line: lineNumber) }
                    if strings.count < candidateCount, string.isEmpty { throw .invalidName(string, line: lineNumber) }
                    strings.append(string)
                    index = close + 1
                } else {
                    var end = index
                    while end < lineEnd, bytes[end] != Self.space, bytes[end] != Self.tab { end += 1 }
                    throw .unexpectedToken(text(index..<end), line: lineNumber)
                }
            }
        }
        if strings.count == candidateCount { throw .missingTitle(line: lastLine) }
        guard strings.count == candidateCount + 1 else {
            throw .wrongCandidateCount(expected: candidateCount, found: max(0, strings.count - 1), line: lastLine)
        }
        let title = strings.removeLast()
        return (strings, title)
    }

    /// Moves to the next line that is neither blank nor a `#` comment; false at the end of the text.
    private mutating func nextContentLine() -> Bool {
        while offset < bytes.count {
            lineNumber += 1
            lineStart = offset
            var end = offset
            while end < bytes.count, bytes[end] != Self.newline { end += 1 }
            offset = end < bytes.count ? end + 1 : end
            while end > lineStart, bytes[end - 1] == Self.carriageReturn { end -= 1 }
            while lineStart < end, bytes[lineStart] == Self.space || bytes[lineStart] == Self.tab { lineStart += 1 }
            lineEnd = end
            if lineStart < lineEnd, bytes[lineStart] != Self.hash { return true }
        }
        return false
    }

    /// The whitespace-separated tokens of the current line, as byte ranges.
    private func tokens() -> [Range<Int>] {
        var result: [Range<Int>] = []
        var cursor = lineStart
        while let token = nextToken(&cursor) { result.append(token) }
        return result
    }

    /// The token as a non-negative decimal number, or nil if it is anything else or absurdly long.
    private func number(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 12 else { return nil }
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// The token's text for an error message (invalid UTF-8 is repaired).
    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
