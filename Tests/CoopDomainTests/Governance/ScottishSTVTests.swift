import CoopDomain
import Foundation
import Testing

@Suite("Scottish STV (SSI 2007/42)")
struct ScottishSTVTests {
    @Test(arguments: CountingFixtures.elections)
    func reproducesTheReferenceCount(_ name: String) throws {
        let expected = try CountingFixtures.expected(name)
        let result = try count(CountingFixtures.ballotFile(name), rule: .scottishSTV)
        #expect(result.seats == expected.seats)
        #expect(result.validVotes == VoteTotal(votes: Int64(expected.ballots)))
        #expect(result.quota?.description == expected.quota)
        #expect(Set(result.elected.map { ExpectedCount.Entry(name: $0.name, votes: $0.votes.description) }) == Set(expected.elected))
        let first = try #require(result.stages.first)
        for (candidate, votes) in expected.firstPreferences {
            #expect(first.votes[result.candidates.firstIndex(of: candidate)!].description == votes, "\(candidate)")
        }
    }

    /// Every first-preference, surplus and exclusion stage of the reference report, vote for vote.
    @Test(arguments: CountingFixtures.elections)
    func matchesTheReferenceReportStageByStage(_ name: String) throws {
        let reference = ReferenceReport(try CountingFixtures.report(name)).stages
        let result = try count(CountingFixtures.ballotFile(name), rule: .scottishSTV)
        let mine = result.stages.filter { $0.kind != .lastVacancies }
        try #require(mine.count == reference.count)
        for (stage, expected) in zip(mine, reference) {
            for (candidate, votes) in expected.votes {
                let index = try #require(result.candidates.firstIndex { ReferenceReport.squeeze($0) == candidate })
                #expect(stage.votes[index].description == votes, "stage \(stage.number), \(candidate)")
            }
            #expect(stage.nonTransferable.description == expected.nonTransferable, "stage \(stage.number)")
            #expect(stage.residue.description == expected.residue, "stage \(stage.number)")
        }
    }

    @Test func anderstonFirstPreferencesAsDomainLists() throws {
        let result = try count(CountingFixtures.ballotFile("Anderston-City-2007"), rule: .scottishSTV)
        let expected: [String: Int64] = [
            "Craig MacKay": 1632, "Philip Braat": 1291, "Gordon Matheson": 1177, "Nina Baker": 880, "Ann Laird": 806,
            "Erin Boyle": 486, "Akhtar Khan": 285, "Peter Murray": 198, "Dave Holladay": 145,
        ]
        for (name, votes) in expected {
            #expect(result.votes(of: name, atStage: 1) == VoteTotal(votes: votes), "\(name)")
        }
        #expect(result.quota == VoteTotal(votes: 1381))
    }

    /// Wikipedia's food election (DOMAIN.md §9.6.4): 20 voters, 3 seats, quota 6.
    @Test func foodElection() throws {
        let file = try BallotFile.named(
            ["Oranges", "Pears", "Chocolate", "Strawberries", "Sweets"],
            seats: 3,
            [
                (4, ["Oranges"]), (2, ["Pears", "Oranges"]), (8, ["Chocolate", "Strawberries"]),
                (4, ["Chocolate", "Sweets"]), (1, ["Strawberries"]), (1, ["Sweets"]),
            ]
        )
        let result = try count(file, rule: .scottishSTV)
        #expect(result.quota == VoteTotal(votes: 6))
        #expect(result.electedNames == ["Chocolate", "Oranges", "Strawberries"])
        // Chocolate's surplus of 6 over 12 ballots: value 0.5, so Strawberries +4 and Sweets +2.
        #expect(result.stages[1].kind == .surplus)
        #expect(result.votes(of: "Strawberries", atStage: 2) == VoteTotal(votes: 5))
        #expect(result.votes(of: "Sweets", atStage: 2) == VoteTotal(votes: 3))
        // Pears goes first; Oranges reaches 6 exactly; Sweets (3) goes before Strawberries (5).
        #expect(result.stages[2].excludedHere == [1])
        #expect(result.stages[2].electedHere == [0])
        #expect(result.stages[3].excludedHere == [4])
        #expect(result.finalVotes == ["Chocolate": "6.00000", "Oranges": "6.00000", "Strawberries": "5.00000"])
    }

    /// Droop's `42.blt` (DOMAIN.md §9.6.1): Castor and Helen elected, Pollux out, 1 vote non-transferable.
    @Test func castorPolluxHelen() throws {
        let file = try BallotFile.named(["Castor", "Pollux", "Helen"], seats: 2, [(4, ["Castor", "Pollux"]), (2, ["Helen"])])
        let result = try count(file, rule: .scottishSTV)
        #expect(result.electedNames == ["Castor", "Helen"])
        let last = try #require(result.stages.last)
        #expect(last.states[1] == .excluded)
        #expect(last.nonTransferable == VoteTotal(votes: 1))
        #expect(result.finalVotes == ["Castor": "3.00000", "Helen": "2.00000"])
    }

    /// Loomio's STV service tests (DOMAIN.md §9.6.3).
    @Test func loomioCases() throws {
        let single = try BallotFile.named(
            ["A", "B", "C"],
            seats: 1,
            [(2, ["A", "B", "C"]), (1, ["A", "C", "B"]), (2, ["B", "A", "C"]), (4, ["C", "B", "A"])]
        )
        let singleResult = try count(single, rule: .scottishSTV)
        #expect(singleResult.quota == VoteTotal(votes: 5))
        #expect(singleResult.electedNames == ["A"])
        #expect(singleResult.votes(of: "A", atStage: 2) == VoteTotal(votes: 5))

        let exhausted = try BallotFile.named(["A", "B", "C"], seats: 2, [(5, ["A"]), (3, ["B"]), (1, ["C"])])
        let exhaustedResult = try count(exhausted, rule: .scottishSTV)
        #expect(exhaustedResult.quota == VoteTotal(votes: 4))
        #expect(exhaustedResult.electedNames == ["A", "B"])

        let fourWay = try BallotFile.named(["A", "B", "C", "D"], seats: 3, [(40, ["A"]), (35, ["B"]), (15, ["C"]), (10, ["D"])])
        let fourWayNames = try count(fourWay, rule: .scottishSTV).electedNames
        #expect(fourWayNames.contains("A") && fourWayNames.contains("B"))
    }

    @Test func quotas() {
        #expect(Quota.droop(validVotes: 100, seats: 3) == 26)
        #expect(Quota.droop(validVotes: 100, seats: 1) == 51)
        #expect(Quota.droop(validVotes: 100, seats: 4) == 21)
        #expect(Quota.hare(validVotes: 100, seats: 3).formatted(decimals: 3) == "33.333")
        #expect(Quota.hare(validVotes: 100, seats: 4) == VoteTotal(votes: 25))
    }

    /// pyrankvote's README example (DOMAIN.md §9.6.6): Per and Pål.
    @Test func pyrankvoteExample() throws {
        let file = try BallotFile.named(
            ["Per", "Pål", "Askeladden"],
            seats: 2,
            [(1, ["Askeladden", "Per"]), (2, ["Per", "Pål"]), (1, ["Pål", "Per"]), (1, ["Pål", "Per", "Askeladden"])]
        )
        #expect(Set(try count(file, rule: .scottishSTV).electedNames) == ["Per", "Pål"])
    }

    @Test func tiesLookBackToEarlierStagesThenDrawLots() throws {
        let defeat = try count(CountingFixtures.ballotFile("weak-defeat"), rule: .scottishSTV)
        #expect(defeat.notes == ["Exclusion: tie between B and C broken by the votes at stage 1: B"])
        let surplus = try count(CountingFixtures.ballotFile("weak-surplus"), rule: .scottishSTV)
        #expect(surplus.notes.count == 1)
        #expect(surplus.notes[0].hasPrefix("Exclusion: tie between E and F broken by lot: "))
        let again = try count(CountingFixtures.ballotFile("weak-surplus"), rule: .scottishSTV)
        #expect(again.notes == surplus.notes, "the default lot seed comes from the ballots, so a recount draws alike")
        let seeded = (UInt64(0)..<8).map { seed in
            (try? count(CountingFixtures.ballotFile("weak-surplus"), rule: .scottishSTV, options: CountOptions(lotSeed: seed)))?.notes
        }
        #expect(Set(seeded.compactMap { $0?.first }).count == 2, "different seeds can draw either candidate")
    }

    @Test func lastVacanciesAreFilledWithoutFurtherTransfers() throws {
        // Quota 6. W's surplus goes first; excluding Z then lifts X to 8, and Y alone is left for the last seat,
        // so rule 52 elects Y at once and X's surplus of 2 never moves.
        let file = try BallotFile.named(
            ["W", "X", "Y", "Z"],
            seats: 3,
            [(10, ["W"]), (5, ["X"]), (4, ["Y"]), (3, ["Z", "X"])]
        )
        let result = try count(file, rule: .scottishSTV)
        #expect(result.quota == VoteTotal(votes: 6))
        #expect(result.stages.map(\.kind) == [.firstPreferences, .surplus, .exclusion, .lastVacancies])
        #expect(result.electedNames == ["W", "X", "Y"])
        #expect(result.finalVotes == ["W": "6.00000", "X": "8.00000", "Y": "4.00000"])
    }

    @Test func withdrawnCandidatesAreSkipped() throws {
        let file = try BallotFile.named(
            ["A", "B", "C"],
            seats: 1,
            [(3, ["B", "A"]), (2, ["A"]), (2, ["C"])],
            withdrawn: ["B"]
        )
        let result = try count(file, rule: .scottishSTV)
        #expect(result.electedNames == ["A"])
        #expect(result.stages[0].states[1] == .withdrawn)
        #expect(result.votes(of: "A", atStage: 1) == VoteTotal(votes: 5))
    }
}

/// The parts of a Droop reference report (`NAME.report.txt`) that a count must reproduce: after the first count and
/// after each surplus transfer or exclusion, every candidate's votes, the non-transferable votes and the residual.
struct ReferenceReport {
    /// One reference stage; names have runs of spaces squeezed, as the report prints them.
    struct Stage {
        var votes: [String: String] = [:]
        var nonTransferable = ""
        var residue = ""
    }

    private(set) var stages: [Stage] = []

    /// Reads the stages out of a report; zero surpluses, which move nothing, are skipped.
    init(_ text: String) {
        var current: Stage?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Action: ") {
                if let current { stages.append(current) }
                let action = line.dropFirst("Action: ".count)
                let moves =
                    action.hasPrefix("Begin Count") || action.hasPrefix("Transfer defeated")
                    || (action.hasPrefix("Surplus transferred") && !action.hasSuffix("(0.00000)"))
                current = moves ? Stage() : nil
            } else if current != nil, let (label, value) = Self.field(line) {
                switch label {
                case "Nontransferable votes": current!.nonTransferable = value
                case "Residual": current!.residue = value
                default:
                    for state in ["Hopeful", "Elected", "Pending", "Defeated"] where label.hasPrefix(state + ":") {
                        let name = label.dropFirst(state.count + 1).trimmingCharacters(in: .whitespaces)
                        if !(state == "Defeated" && name.contains(", ")) { current!.votes[Self.squeeze(name)] = value }
                    }
                }
            }
        }
        if let current { stages.append(current) }
    }

    /// `"\tHopeful:  Ann (12.00000)"` → ("Hopeful:  Ann", "12.00000"); `"\tResidual: 0.01362"` → ("Residual", "0.01362").
    private static func field(_ line: String) -> (String, String)? {
        guard line.hasPrefix("\t") else { return nil }
        let body = line.dropFirst()
        if body.hasSuffix(")"), let open = body.lastIndex(of: "(") {
            return (
                String(body[..<open]).trimmingCharacters(in: .whitespaces), String(body[body.index(after: open)..<body.index(before: body.endIndex)])
            )
        }
        guard let colon = body.firstIndex(of: ":") else { return nil }
        return (String(body[..<colon]), body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    /// Runs of spaces squeezed to one and the ends trimmed, as Droop's report prints names.
    static func squeeze(_ name: String) -> String {
        name.split(separator: " ").joined(separator: " ")
    }
}
