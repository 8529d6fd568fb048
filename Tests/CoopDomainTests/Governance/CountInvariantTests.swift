import CoopDomain
import Foundation
import Testing

/// Properties that must hold for any ballots: checked on seeded random elections (``RandomElections``), so a
/// failure names a seed that reproduces it.
@Suite("Count invariants on random elections")
struct CountInvariantTests {
    /// Seeds and shapes: small and large fields, one to five seats, some with a withdrawn candidate.
    static let shapes: [(seed: UInt64, ballots: Int, candidates: Int, seats: Int)] = (UInt64(1)...60).map { seed in
        var generator = SplitMix64(seed: seed &* 7919)
        let candidates = 2 + generator.draw(below: 11)
        return (seed, 20 + generator.draw(below: 600), candidates, 1 + generator.draw(below: min(5, candidates - 1)))
    }

    /// Every stage accounts for every valid vote exactly: elected + hopeful + non-transferable + residue, plus the
    /// votes of candidates left standing or excluded at the very end (which the rules do not pass on).
    @Test(arguments: [CountRule.scottishSTV, .meekSTV])
    func everyStageAccountsForEveryVote(_ rule: CountRule) throws {
        for shape in Self.shapes {
            let file = try RandomElections.make(
                seed: shape.seed,
                ballots: shape.ballots,
                candidates: shape.candidates,
                seats: shape.seats,
                withdraw: shape.seed % 3 == 0 && shape.candidates > shape.seats + 1
            )
            let result = try count(file, rule: rule)
            // Scottish STV passes an excluded candidate's ballots on in the same stage; Meek's last exclusion is
            // left where it is (rule C), so its final two stages may show it.
            let settledStages = result.stages.count - (rule == .meekSTV ? 2 : 1)
            for stage in result.stages {
                let leftOver = stage.votes(in: .excluded) + stage.votes(in: .notElected)
                let accounted = stage.votes(in: .elected) + stage.votes(in: .hopeful) + stage.nonTransferable + stage.residue
                #expect(accounted + leftOver == result.validVotes, "seed \(shape.seed) stage \(stage.number)")
                #expect(stage.total == result.validVotes, "seed \(shape.seed) stage \(stage.number)")
                #expect(stage.votes(in: .withdrawn) == .zero, "seed \(shape.seed)")
                if stage.number <= settledStages {
                    #expect(leftOver == .zero, "seed \(shape.seed) stage \(stage.number)")
                }
            }
            #expect(result.elected.count == file.seats, "seed \(shape.seed)")
            #expect(Set(result.elected.map(\.index)).count == file.seats, "seed \(shape.seed)")
        }
    }

    @Test func scottishTransfersOnlyEverLoseToTheResidueAndKeepTheQuota() throws {
        for shape in Self.shapes {
            let file = try RandomElections.make(
                seed: shape.seed,
                ballots: shape.ballots,
                candidates: shape.candidates,
                seats: shape.seats
            )
            let result = try count(file, rule: .scottishSTV)
            let quota = try #require(result.quota)
            for (previous, stage) in zip(result.stages, result.stages.dropFirst()) {
                #expect(stage.residue >= previous.residue, "seed \(shape.seed)")
                #expect(stage.nonTransferable >= previous.nonTransferable, "seed \(shape.seed)")
                // Truncating a transfer value to 5 decimals loses less than 10⁻⁵ a ballot.
                #expect((stage.residue - previous.residue).billionths < result.validVotes.wholeVotes * 10_000)
                if stage.kind == .surplus, let subject = stage.subject {
                    #expect(stage.votes[subject] == quota, "seed \(shape.seed) stage \(stage.number)")
                }
            }
            for winner in result.elected where result.stages[winner.stage - 1].kind != .lastVacancies {
                #expect(winner.votes >= quota, "seed \(shape.seed) \(winner.name)")
            }
        }
    }

    @Test(arguments: CountRule.allCases)
    func countsAreDeterministic(_ rule: CountRule) throws {
        for seed in UInt64(1)...10 {
            let file = try RandomElections.make(seed: seed, ballots: 200, candidates: 7, seats: rule == .irv ? 1 : 3)
            #expect(try count(file, rule: rule) == (try count(file, rule: rule)), "seed \(seed)")
        }
    }

    @Test func groupingIdenticalBallotsChangesNothing() throws {
        // The same ballots once as 1-weight lines and once pre-merged must count identically.
        for seed in UInt64(1)...10 {
            let file = try RandomElections.make(seed: seed, ballots: 300, candidates: 6, seats: 2)
            let spread = try BallotFile(
                title: file.title,
                candidates: file.candidates,
                seats: file.seats,
                ballots: file.ballots.flatMap { Array(repeating: RankedBallot(ranking: $0.ranking), count: $0.weight) }
            )
            for rule in [CountRule.scottishSTV, .meekSTV] {
                let a = try count(file, rule: rule, options: CountOptions(lotSeed: seed))
                let b = try count(spread, rule: rule, options: CountOptions(lotSeed: seed))
                #expect(a.elected == b.elected, "seed \(seed) \(rule)")
                #expect(a.stages.map(\.votes) == b.stages.map(\.votes), "seed \(seed) \(rule)")
            }
        }
    }
}
