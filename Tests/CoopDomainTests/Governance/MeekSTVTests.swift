import CoopDomain
import Foundation
import Testing

/// Known answers are the PR Foundation reference rule's counts as Droop prints them (`test/ref/report/*-meek-prf-o6-fixed-p9-d9.txt`,
/// snapshot cf58293), compared to all nine decimals.
@Suite("Meek STV (PRF reference rule)")
struct MeekSTVTests {
    /// Final votes to nine decimals, by name.
    private func nineDecimals(_ result: CountResult) -> [String: String] {
        Dictionary(uniqueKeysWithValues: result.elected.map { ($0.name, $0.votes.formatted(decimals: 9)) })
    }

    /// Droop's `42.blt` (DOMAIN.md §9.6.1) under meek-prf: Castor 2.000000004, Helen 2.000000000, quota 2.000000001.
    @Test func castorPolluxHelen() throws {
        let file = try BallotFile.named(["Castor", "Pollux", "Helen"], seats: 2, [(4, ["Castor", "Pollux"]), (2, ["Helen"])])
        let result = try count(file, rule: .meekSTV)
        #expect(result.quota?.formatted(decimals: 9) == "2.000000001")
        #expect(result.electedNames == ["Castor", "Helen"])
        #expect(nineDecimals(result) == ["Castor": "2.000000004", "Helen": "2.000000000"])
        #expect(result.finalVotes == ["Castor": "2.00000", "Helen": "2.00000"])
        // Pollux is excluded when the surplus (0.000000003) is below omega, holding 1.999999996 never redistributed.
        let exclusion = try #require(result.stages.first { $0.kind == .exclusion })
        #expect(exclusion.excludedHere == [1])
        #expect(exclusion.votes[1].formatted(decimals: 9) == "1.999999996")
    }

    /// Droop's `513.blt`: Castor 3.000000005, Helen 3.000000000.
    @Test func castorPolluxHelenWithTransfers() throws {
        let file = try BallotFile.named(
            ["Castor", "Pollux", "Helen"],
            seats: 2,
            [(5, ["Castor", "Pollux"]), (1, ["Pollux"]), (3, ["Helen"])]
        )
        let result = try count(file, rule: .meekSTV)
        #expect(result.quota?.formatted(decimals: 9) == "3.000000001")
        #expect(nineDecimals(result) == ["Castor": "3.000000005", "Helen": "3.000000000"])
    }

    /// Voting matters 12 ("The computational accuracy using the Meek algorithm"): with exact arithmetic X, Y and Z tie;
    /// at 9 decimals they differ by less than the remaining surplus, so the rule treats them as tied (B.3).
    @Test func votingMattersTwelveTreatsNearTiesAsTies() throws {
        let file = try BallotFile.named(
            ["A", "B", "X", "Y", "Z"],
            seats: 3,
            [
                (333, ["A", "X"]), (333, ["A", "Y"]), (333, ["A", "Z"]), (333, ["B", "X"]), (333, ["B", "Y"]),
                (333, ["B", "Z"]), (667, ["X"]), (667, ["Y"]), (667, ["Z"]), (1, ["A", "B", "X"]), (1, ["A", "B", "Y"]),
                (2, ["B", "A", "X"]),
            ]
        )
        let result = try count(file, rule: .meekSTV, options: CountOptions(lotSeed: 3))
        #expect(result.notes.contains("Exclusion: tie between X, Y and Z broken by lot: X"))
        // Droop's tie order also defeats X; from there the reference count is reproduced to the last digit.
        #expect(nineDecimals(result) == ["A": "800.584418564", "B": "800.584418564", "Y": "800.596982770"])
        #expect(result.stages.last?.quota?.formatted(decimals: 9) == "800.580647027")
    }

    /// Hand-checkable: A's ballots rank nobody else, so A's keep value settles where 5·k = q and q = (5·k + 4)/3;
    /// the quota falls from 3 towards 2 and B (3 votes) is elected on the way.
    @Test func quotaFallsAsSurplusesExhaust() throws {
        let file = try BallotFile.named(["A", "B", "C"], seats: 2, [(5, ["A"]), (3, ["B"]), (1, ["C"])])
        let result = try count(file, rule: .meekSTV)
        #expect(result.electedNames == ["A", "B"])
        #expect(result.finalVotes["B"] == "3.00000")
        let quotas = result.stages.compactMap(\.quota)
        #expect(quotas.first?.formatted(decimals: 9) == "3.000000001")
        #expect(quotas.last! < VoteTotal(votes: 3))
        #expect(zip(quotas, quotas.dropFirst()).allSatisfy { $0.0 >= $0.1 })
    }

    @Test func withNoTransfersMeekAndScottishAgree() throws {
        let file = try BallotFile.named(["A", "B", "C", "D"], seats: 2, [(40, ["A"]), (35, ["B"]), (15, ["C"]), (10, ["D"])])
        #expect(try count(file, rule: .meekSTV).electedNames == (try count(file, rule: .scottishSTV)).electedNames)
    }

    @Test func stageQuotaIsRecomputedFromNonExhaustedVotes() throws {
        for seed in UInt64(1)...15 {
            let file = try RandomElections.make(seed: seed, ballots: 300, candidates: 8, seats: 3)
            let result = try count(file, rule: .meekSTV)
            for stage in result.stages {
                let counted = result.validVotes - stage.nonTransferable
                let expected = VoteTotal(billionths: counted.billionths / Int64(result.seats + 1) + 1)
                #expect(stage.quota == expected, "seed \(seed) stage \(stage.number)")
            }
        }
    }

    @Test func omegaCanBeTightened() throws {
        let file = try CountingFixtures.ballotFile("Calton-2007")
        let loose = try count(file, rule: .meekSTV)
        let tight = try count(file, rule: .meekSTV, options: CountOptions(meekOmegaDigits: 9))
        #expect(Set(loose.electedNames) == Set(tight.electedNames))
        #expect(loose.elected.count == 3)
    }
}
