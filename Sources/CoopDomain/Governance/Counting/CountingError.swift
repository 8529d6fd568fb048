import Foundation

/// Why a ballot file could not be read or counted.
///
/// `line` is the 1-based line of the BLT text; for a ``BallotFile`` built in code it is 0. Candidate numbers are
/// the BLT's own, counted from 1.
public enum CountingError: Error, Equatable, Sendable {
    /// The text is empty or holds nothing but blank lines.
    case emptyFile
    /// The text is not valid UTF-8.
    case invalidEncoding(line: Int)
    /// The first line is not `<candidates> <seats>`.
    case malformedHeader(line: Int)
    /// There must be at least one candidate.
    case noCandidates(line: Int)
    /// Seats must be at least 1.
    case invalidSeats(seats: Int, line: Int)
    /// More seats than (non-withdrawn) candidates.
    case seatsExceedCandidates(seats: Int, candidates: Int, line: Int)
    /// A ballot or withdrawn line names a candidate number outside 1...candidates.
    case unknownCandidate(id: Int, line: Int)
    /// A withdrawn line names the same candidate twice.
    case duplicateWithdrawal(id: Int, line: Int)
    /// A ballot ranks the same candidate twice.
    case duplicateRanking(id: Int, line: Int)
    /// A ballot's weight is not a whole number of at least 1.
    case badWeight(String, line: Int)
    /// A token that has no place there (equal rankings `=`, options in brackets, stray words).
    case unexpectedToken(String, line: Int)
    /// A ballot line does not end with `0`.
    case missingBallotTerminator(line: Int)
    /// The ballots are not followed by the lone `0` that ends them.
    case missingEndOfBallots(line: Int)
    /// A quoted name or title has no closing quote on its line.
    case unterminatedName(line: Int)
    /// A candidate name is empty or holds a double quote or line break, which BLT cannot carry.
    case invalidName(String, line: Int)
    /// The number of quoted names differs from the header's candidate count (the last quoted string is the title).
    case wrongCandidateCount(expected: Int, found: Int, line: Int)
    /// The candidate names are present but the quoted title after them is not.
    case missingTitle(line: Int)
    /// The ballot weights add up to more than ``BallotFile/maximumTotalWeight``.
    case tooManyBallots(limit: Int64, line: Int)
    /// No ballot ranks any candidate still standing, so there is nothing to count.
    case noValidBallots
    /// The rule elects exactly one candidate but the file asks for more seats.
    case ruleNeedsOneSeat(rule: String, seats: Int)
}

extension CountingError: CustomStringConvertible {
    /// A short English explanation with the line number, fit for a CLI message.
    public var description: String {
        switch self {
        case .emptyFile: "the ballot file is empty"
        case .invalidEncoding(let line): "line \(line): the text is not valid UTF-8"
        case .malformedHeader(let line): "line \(line): expected '<candidates> <seats>'"
        case .noCandidates(let line): "line \(line): there must be at least one candidate"
        case .invalidSeats(let seats, let line): "line \(line): \(seats) seats; there must be at least one"
        case .seatsExceedCandidates(let seats, let candidates, let line):
            "line \(line): \(seats) seats but only \(candidates) candidates"
        case .unknownCandidate(let id, let line): "line \(line): there is no candidate \(id)"
        case .duplicateWithdrawal(let id, let line): "line \(line): candidate \(id) is withdrawn twice"
        case .duplicateRanking(let id, let line): "line \(line): candidate \(id) is ranked twice on one ballot"
        case .badWeight(let text, let line): "line \(line): ballot weight '\(text)' is not a whole number of at least 1"
        case .unexpectedToken(let text, let line): "line \(line): unexpected '\(text)'"
        case .missingBallotTerminator(let line): "line \(line): a ballot must end with 0"
        case .missingEndOfBallots(let line): "line \(line): the ballots must be followed by a line holding 0"
        case .unterminatedName(let line): "line \(line): a quoted name has no closing quote"
        case .invalidName(let name, let line): "line \(line): candidate name '\(name)' cannot be written to BLT"
        case .wrongCandidateCount(let expected, let found, let line):
            "line \(line): \(expected) candidates declared but \(found) names given"
        case .missingTitle(let line): "line \(line): the quoted title after the candidate names is missing"
        case .tooManyBallots(let limit, let line): "line \(line): more than \(limit) ballots in total"
        case .noValidBallots: "no ballot ranks a candidate who is standing"
        case .ruleNeedsOneSeat(let rule, let seats): "\(rule) elects one candidate, but \(seats) seats were asked for"
        }
    }
}
