import CoopDomain
import Foundation
import Testing

@Suite("Count results as JSON and text")
struct CountResultRenderingTests {
    @Test func jsonListsElectedWithFiveDecimalStrings() throws {
        let result = try count(CountingFixtures.ballotFile("Calton-2007"), rule: .scottishSTV)
        let object = try #require(try JSONSerialization.jsonObject(with: result.jsonData()) as? [String: Any])
        #expect(object["rule"] as? String == "scottish-stv")
        #expect(object["quota"] as? String == "1300.00000")
        let elected = try #require(object["elected"] as? [[String: Any]])
        #expect(elected.map { $0["name"] as? String } == ["George Redmond", "Alison E Thewliss", "Ruth Simpson"])
        #expect(elected.map { $0["votes"] as? String } == ["1300.00000", "1300.00000", "1393.86735"])
        let stages = try #require(object["stages"] as? [[String: Any]])
        #expect(stages.count == result.stages.count)
        let second = stages[1]
        #expect(second["kind"] as? String == "surplus")
        #expect(second["subject"] as? String == "George Redmond")
        #expect(second["residue"] as? String == "0.01362")
        #expect(second["nonTransferable"] as? String == "158.62549")
        #expect(second["total"] as? String == "5199.00000")
        let lines = try #require(second["candidates"] as? [[String: String]])
        #expect(lines.first == ["name": "Gary Barton", "votes": "130.40863", "state": "hopeful"])
    }

    @Test func voteTotalsPrintTruncatedAndParseBack() throws {
        #expect(VoteTotal(billionths: 1_736_421_729_999).description == "1736.42172")
        #expect(VoteTotal(billionths: 2_000_000_004).formatted(decimals: 9) == "2.000000004")
        #expect(VoteTotal(votes: 58).formatted(decimals: 0) == "58")
        #expect(VoteTotal("1393.86735") == VoteTotal(billionths: 1_393_867_350_000))
        #expect(VoteTotal("12") == VoteTotal(votes: 12))
        #expect(VoteTotal("1.2.3") == nil && VoteTotal("-1") == nil && VoteTotal("1.0000000001") == nil)
        let decoded = try JSONDecoder().decode([VoteTotal].self, from: Data(#"["0.01362"]"#.utf8))
        #expect(decoded == [VoteTotal(billionths: 13_620_000)])
    }

    @Test func tableShowsEveryStageWithinWidth() throws {
        let result = try count(CountingFixtures.ballotFile("East-Centre-2007"), rule: .scottishSTV)
        let text = result.tableText
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "EAST CENTRE")
        #expect(lines.allSatisfy { $0.count <= 150 })
        for stage in result.stages {
            #expect(text.contains("Stage \(stage.number): \(stage.description)"))
        }
        for name in result.candidates {
            #expect(lines.contains { $0.hasPrefix(name) })
        }
        #expect(text.contains("Quota: 1816.00000"))
        #expect(text.contains("Elected: "))
    }

    @Test func tableMarksElectedAndExcluded() throws {
        let file = try BallotFile.named(["Castor", "Pollux", "Helen"], seats: 2, [(4, ["Castor", "Pollux"]), (2, ["Helen"])])
        let text = try count(file, rule: .scottishSTV).tableText
        #expect(text.contains("4.00000 E"))
        #expect(text.contains("1.00000 X") || text.contains("0.00000 X"))
        #expect(text.contains("Non-transferable"))
        #expect(text.hasSuffix("Elected: Castor (3.00000), Helen (2.00000)\n"))
    }

    @Test func everyRuleHasACLIName() {
        #expect(CountRule.allCases.map(\.rawValue) == ["scottish-stv", "meek-stv", "irv", "borda"])
        #expect(CountRule(rawValue: "meek-stv") == .meekSTV)
    }
}
