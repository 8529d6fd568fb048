import CoopDomain
import Foundation
import Testing

/// The Tennessee capital example (DOMAIN.md §9.6.5, electowiki): shares as ballot weights.
private func tennessee() throws -> BallotFile {
    try BallotFile.named(
        ["Memphis", "Nashville", "Chattanooga", "Knoxville"],
        seats: 1,
        [
            (42, ["Memphis", "Nashville", "Chattanooga", "Knoxville"]),
            (26, ["Nashville", "Chattanooga", "Knoxville", "Memphis"]),
            (15, ["Chattanooga", "Knoxville", "Nashville", "Memphis"]),
            (17, ["Knoxville", "Chattanooga", "Nashville", "Memphis"]),
        ],
        title: "Tennessee capital"
    )
}

@Suite("Instant-runoff voting")
struct InstantRunoffTests {
    @Test func tennesseeElectsKnoxville58To42() throws {
        let result = try count(tennessee(), rule: .irv)
        #expect(result.electedNames == ["Knoxville"])
        #expect(result.stages.count == 3)
        #expect(result.stages[0].votes.map(\.wholeVotes) == [42, 26, 15, 17])
        #expect(result.stages[1].excludedHere == [2])
        #expect(result.stages[1].votes.map(\.wholeVotes) == [42, 26, 0, 32])
        // Nashville goes; Memphis, still standing when Knoxville wins, is marked not elected at the same stage.
        #expect(result.stages[2].excludedHere == [1, 0])
        #expect(result.stages[2].states == [.notElected, .excluded, .excluded, .elected])
        #expect(result.stages[2].votes.map(\.wholeVotes) == [42, 0, 0, 58])
        #expect(result.finalVotes == ["Knoxville": "58.00000"])
    }

    /// Loomio's single-seat case (DOMAIN.md §9.6.3): C leads on first preferences but A wins.
    @Test func loomioSingleSeat() throws {
        let file = try BallotFile.named(
            ["A", "B", "C"],
            seats: 1,
            [(2, ["A", "B", "C"]), (1, ["A", "C", "B"]), (2, ["B", "A", "C"]), (4, ["C", "B", "A"])]
        )
        let result = try count(file, rule: .irv)
        #expect(result.stages[0].votes.map(\.wholeVotes) == [3, 2, 4])
        #expect(result.stages[1].votes.map(\.wholeVotes) == [5, 0, 4])
        #expect(result.electedNames == ["A"])
    }

    @Test func exhaustedBallotsLeaveTheDenominator() throws {
        // After C goes, 2 ballots exhaust: A's 4 of the 7 continuing is a majority though not of all 9.
        let file = try BallotFile.named(["A", "B", "C"], seats: 1, [(4, ["A"]), (3, ["B"]), (2, ["C"])])
        let result = try count(file, rule: .irv)
        #expect(result.electedNames == ["A"])
        #expect(result.stages.last?.nonTransferable == VoteTotal(votes: 2))
        #expect(result.stages.last?.description.contains("majority of 7 continuing ballots") == true)
    }

    @Test func refusesMoreThanOneSeat() throws {
        let file = try BallotFile.named(["A", "B", "C"], seats: 2, [(1, ["A"])])
        #expect(throws: CountingError.ruleNeedsOneSeat(rule: "irv", seats: 2)) { try count(file, rule: .irv) }
    }

    @Test func agreesWithOneSeatScottishAndMeekOnRandomElections() throws {
        for seed in UInt64(100)..<130 {
            let file = try RandomElections.make(seed: seed, ballots: 150, candidates: 6, seats: 1)
            let irv = try count(file, rule: .irv).electedNames
            #expect(try count(file, rule: .scottishSTV).electedNames == irv, "seed \(seed)")
            #expect(try count(file, rule: .meekSTV).electedNames == irv, "seed \(seed)")
        }
    }
}

@Suite("Borda count")
struct BordaCountTests {
    @Test func tennesseePointsOnTheThreeTwoOneZeroScale() throws {
        let result = try count(tennessee(), rule: .borda)
        #expect(result.stages.count == 1)
        #expect(result.stages[0].votes.map(\.wholeVotes) == [126, 194, 173, 107])
        #expect(result.electedNames == ["Nashville"])
    }

    @Test func unrankedCandidatesScoreNothingAndSeatsTakeTheTop() throws {
        let file = try BallotFile.named(["A", "B", "C", "D"], seats: 2, [(3, ["A"]), (2, ["B", "C"]), (1, ["D", "C", "B", "A"])])
        let result = try count(file, rule: .borda)
        // A 3×3; B 2×3 + 1×1; C 2×2 + 1×2; D 1×3.
        #expect(result.stages[0].votes.map(\.wholeVotes) == [9, 7, 6, 3])
        #expect(result.electedNames == ["A", "B"])
        #expect(result.stages[0].states == [.elected, .elected, .notElected, .notElected])
    }

    @Test func refusesPointTotalsTooLargeToHold() throws {
        let names = (1...20).map { "C\($0)" }
        let file = try BallotFile(title: "Huge", candidates: names, seats: 1, ballots: [RankedBallot(weight: 1_000_000_000, ranking: [0])])
        #expect(throws: CountingError.tooManyBallots(limit: 485_440_633, line: 0)) { try count(file, rule: .borda) }
        #expect(try count(file, rule: .scottishSTV).electedNames == ["C1"])
    }

    @Test func withdrawnCandidatesShortenTheScale() throws {
        let file = try BallotFile.named(["A", "B", "C"], seats: 1, [(1, ["A", "B", "C"])], withdrawn: ["B"])
        #expect(try count(file, rule: .borda).stages[0].votes.map(\.wholeVotes) == [1, 0, 0])
    }
}
