import CoopDomain
import Foundation
import Testing

@Suite("BLT ballot files")
struct BLTParserTests {
    private static let small = """
        4 2
        -3
        3 1 2 0
        2 2 0
        1 4 1 2 0
        0
        "Ann"
        "Bob  Two "
        "Cid"
        "Dee"
        "Board 2025"

        """

    @Test func readsHeaderWithdrawnBallotsNamesAndTitle() throws {
        let file = try BLTParser.parse(Self.small)
        #expect(file.seats == 2)
        #expect(file.candidates == ["Ann", "Bob  Two ", "Cid", "Dee"])
        #expect(file.withdrawn == [2])
        #expect(file.title == "Board 2025")
        #expect(
            file.ballots == [
                RankedBallot(weight: 3, ranking: [0, 1]), RankedBallot(weight: 2, ranking: [1]),
                RankedBallot(weight: 1, ranking: [3, 0, 1]),
            ]
        )
        #expect(file.totalWeight == 6)
    }

    @Test func keepsGlasgowNamesByteForByte() throws {
        let canal = try CountingFixtures.ballotFile("Canal-2007")
        #expect(canal.candidates.contains("Ellen   Hurcombe"))
        #expect(canal.candidates.contains("Kieran  Wild "))
        #expect(canal.title == "CANAL")
        #expect(canal.totalWeight == 8624)
    }

    @Test func acceptsByteOrderMarkCRLFCommentsAndNamesOnOneLine() throws {
        let text = "\u{FEFF}# exported by a tool\r\n3 1\r\n\r\n2 1 3 0\r\n1 2 0\r\n0\r\n\"Åsa\" \"Bo\" \"Cé\"\r\n\"Title\"\r\n"
        let file = try BLTParser.parse(text)
        #expect(file.candidates == ["Åsa", "Bo", "Cé"])
        #expect(file.ballots.count == 2)
        #expect(file.title == "Title")
    }

    @Test func readsDataAsUTF8() throws {
        let file = try BLTParser.parse(Data(Self.small.utf8))
        #expect(file == (try BLTParser.parse(Self.small)))
    }

    @Test func keepsBlankBallotsButDoesNotCountThemValid() throws {
        let file = try BallotFile(bltText: "2 1\n3 1 0\n2 0\n0\n\"A\"\n\"B\"\n\"T\"\n")
        #expect(file.ballots[1] == RankedBallot(weight: 2, ranking: []))
        let result = try count(file, rule: .scottishSTV)
        #expect(result.validVotes == VoteTotal(votes: 3))
        #expect(result.blankBallots == 2)
    }

    /// Broken files and the error each must raise, with the line it names.
    static let malformed: [(text: String, error: CountingError)] = [
        ("", .emptyFile),
        ("4\n0\n", .malformedHeader(line: 1)),
        ("x 2\n", .malformedHeader(line: 1)),
        ("0 1\n0\n", .noCandidates(line: 1)),
        ("3 0\n0\n", .invalidSeats(seats: 0, line: 1)),
        ("2 3\n0\n\"A\"\n\"B\"\n\"T\"\n", .seatsExceedCandidates(seats: 3, candidates: 2, line: 1)),
        ("3 3\n-2\n0\n", .seatsExceedCandidates(seats: 3, candidates: 2, line: 2)),
        ("3 1\n-4\n0\n", .unknownCandidate(id: 4, line: 2)),
        ("3 1\n-2 -2\n0\n", .duplicateWithdrawal(id: 2, line: 2)),
        ("3 1\n1 1 2 0\n1 1 4 0\n0\n", .unknownCandidate(id: 4, line: 3)),
        ("3 1\n\n1 1 -2 0\n0\n", .unknownCandidate(id: -2, line: 3)),
        ("3 1\n1 1 2 1 0\n0\n", .duplicateRanking(id: 1, line: 2)),
        ("3 1\n1.5 1 2 0\n0\n", .badWeight("1.5", line: 2)),
        ("3 1\n0 1 2 0\n0\n", .badWeight("0", line: 2)),
        ("3 1\nabc 1 0\n0\n", .badWeight("abc", line: 2)),
        ("3 1\n1 1=2 3 0\n0\n", .unexpectedToken("1=2", line: 2)),
        ("3 1\n[tie 3 2 1]\n0\n", .badWeight("[tie", line: 2)),
        ("3 1\n1 1 2 0 3\n0\n", .unexpectedToken("3", line: 2)),
        ("3 1\n1 1 2\n0\n", .missingBallotTerminator(line: 2)),
        ("3 1\n1 1 2 0\n\"A\"\n", .missingEndOfBallots(line: 3)),
        ("3 1\n1 1 2 0\n", .missingEndOfBallots(line: 2)),
        ("2 1\n1 1 0\n0\n\"A\"\n\"B\n\"T\"\n", .unterminatedName(line: 5)),
        ("2 1\n1 1 0\n0\n\"A\"\n\"\"\n\"T\"\n", .invalidName("", line: 5)),
        ("2 1\n1 1 0\n0\n\"A\" B\n\"T\"\n", .unexpectedToken("B", line: 4)),
        ("3 1\n1 1 0\n0\n\"A\"\n\"T\"\n", .wrongCandidateCount(expected: 3, found: 1, line: 5)),
        ("2 1\n1 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n", .wrongCandidateCount(expected: 2, found: 3, line: 7)),
        ("2 1\n1 1 0\n0\n\"A\"\n\"B\"\n", .missingTitle(line: 5)),
        ("2 1\n999999999 1 0\n2 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n", .tooManyBallots(limit: 1_000_000_000, line: 3)),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedFilesWithTheLine(_ text: String, _ error: CountingError) {
        #expect(throws: error) { try BLTParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8InNames() {
        var bytes = Array("1 1\n1 1 0\n0\n\"A".utf8)
        bytes += [0xFF, UInt8(ascii: "\""), UInt8(ascii: "\n")]
        bytes += Array("\"T\"\n".utf8)
        #expect(throws: CountingError.invalidEncoding(line: 4)) { try BLTParser.parse(Data(bytes)) }
    }

    @Test func errorsExplainThemselvesWithTheLine() {
        #expect(CountingError.duplicateRanking(id: 3, line: 12).description == "line 12: candidate 3 is ranked twice on one ballot")
    }

    @Test func writesTheFormatOthersRead() throws {
        let file = try BLTParser.parse(Self.small)
        #expect(
            file.bltText == """
                4 2
                -3
                3 1 2 0
                2 2 0
                1 4 1 2 0
                0
                "Ann"
                "Bob  Two "
                "Cid"
                "Dee"
                "Board 2025"

                """
        )
    }

    @Test(arguments: CountingFixtures.elections)
    func roundTripsEveryFixture(_ name: String) throws {
        let file = try CountingFixtures.ballotFile(name)
        let again = try BLTParser.parse(file.bltText)
        #expect(again == file)
        #expect(try count(again, rule: .scottishSTV) == (try count(file, rule: .scottishSTV)))
    }

    @Test func roundTripsRandomElections() throws {
        for seed in UInt64(1)...20 {
            let file = try RandomElections.make(seed: seed, ballots: 200, candidates: 9, seats: 3, withdraw: seed % 2 == 0)
            #expect(try BLTParser.parse(file.bltText) == file)
        }
    }

    @Test func buildingInCodeChecksLikeTheParser() {
        #expect(throws: CountingError.duplicateRanking(id: 2, line: 0)) {
            try BallotFile(title: "T", candidates: ["A", "B"], seats: 1, ballots: [RankedBallot(ranking: [1, 1])])
        }
        #expect(throws: CountingError.unknownCandidate(id: 3, line: 0)) {
            try BallotFile(title: "T", candidates: ["A", "B"], seats: 1, ballots: [RankedBallot(ranking: [2])])
        }
        #expect(throws: CountingError.badWeight("0", line: 0)) {
            try BallotFile(title: "T", candidates: ["A", "B"], seats: 1, ballots: [RankedBallot(weight: 0, ranking: [0])])
        }
        #expect(throws: CountingError.invalidName("Say \"hi\"", line: 0)) {
            try BallotFile(title: "T", candidates: ["A", "Say \"hi\""], seats: 1, ballots: [])
        }
        #expect(throws: CountingError.seatsExceedCandidates(seats: 2, candidates: 1, line: 0)) {
            try BallotFile(title: "T", candidates: ["A", "B"], seats: 2, withdrawn: [1], ballots: [])
        }
    }

    @Test func countingNothingIsAnError() throws {
        let file = try BallotFile(title: "T", candidates: ["A", "B"], seats: 1, ballots: [RankedBallot(ranking: [])])
        #expect(throws: CountingError.noValidBallots) { try count(file, rule: .scottishSTV) }
    }
}
