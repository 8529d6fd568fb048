import CoopDomain
import Foundation

/// Known answers for the counts, stored in `Tests/CoopDomainTests/Fixtures/stv/` (copied from the shared testdata):
/// Glasgow City 2007 ward ballots and Droop's reference counts under the Scottish rules.
enum CountingFixtures {
    /// The fixture folder, found from this file's path so the tests need no bundle resources.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stv", isDirectory: true)

    /// Every ballot file with a known answer: twelve Glasgow wards and Droop's two weak-tie cases.
    static let elections = [
        "Anderston-City-2007", "Baillieston-2007", "Calton-2007", "Canal-2007", "Craigton-2007",
        "Drumchapel-Anniesland-2007", "East-Centre-2007", "Garscadden-Scotsounhill-2007", "Govan-2007",
        "Greater-Pollock-2007", "Hillhead-2007", "Langside-2007", "weak-defeat", "weak-surplus",
    ]

    /// The BLT text of fixture `name`.
    static func bltText(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(name).blt"), encoding: .utf8)
    }

    /// The parsed ballot file of fixture `name`.
    static func ballotFile(_ name: String) throws -> BallotFile {
        try BLTParser.parse(bltText(name))
    }

    /// The reference answer of fixture `name`.
    static func expected(_ name: String) throws -> ExpectedCount {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).expected.json"))
        return try JSONDecoder().decode(ExpectedCount.self, from: data)
    }

    /// The reference count's stage-by-stage report of fixture `name`.
    static func report(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(name).report.txt"), encoding: .utf8)
    }
}

/// `NAME.expected.json`: the reference count's quota, first preferences and elected candidates.
struct ExpectedCount: Decodable {
    /// One elected candidate and their final votes, as the reference prints them.
    struct Entry: Decodable, Hashable {
        let name: String
        let votes: String
    }

    let seats: Int
    let ballots: Int
    let quota: String
    let firstPreferences: [String: String]
    let elected: [Entry]

    private enum CodingKeys: String, CodingKey {
        case seats, ballots, quota, elected
        case firstPreferences = "first_preferences"
    }
}

extension BallotFile {
    /// A small election written with names instead of numbers: `[(4, ["Oranges"]), (2, ["Pears", "Oranges"])]`.
    static func named(
        _ candidates: [String],
        seats: Int,
        _ ballots: [(Int, [String])],
        withdrawn: [String] = [],
        title: String = "Test"
    ) throws -> BallotFile {
        func index(_ name: String) -> Int { candidates.firstIndex(of: name)! }
        return try BallotFile(
            title: title,
            candidates: candidates,
            seats: seats,
            withdrawn: withdrawn.map(index),
            ballots: ballots.map { RankedBallot(weight: $0.0, ranking: $0.1.map(index)) }
        )
    }
}

/// Random elections for property tests, reproducible from a seed: popularity-skewed rankings of random length.
enum RandomElections {
    /// An election with `ballots` ranking lines over `candidates`, filling `seats`; some ballots carry weights above 1
    /// and, when `withdraw` is set, one candidate is withdrawn.
    static func make(seed: UInt64, ballots: Int, candidates: Int, seats: Int, withdraw: Bool = false) throws -> BallotFile {
        var generator = SplitMix64(seed: seed)
        let popularity = (0..<candidates).map { _ in 1 + generator.draw(below: 50) }
        var lines: [RankedBallot] = []
        for _ in 0..<ballots {
            var pool = Array(0..<candidates)
            var weights = popularity
            var ranking: [Int] = []
            for _ in 0..<(1 + generator.draw(below: candidates)) {
                var pick = generator.draw(below: weights.reduce(0, +))
                var slot = 0
                while pick >= weights[slot] {
                    pick -= weights[slot]
                    slot += 1
                }
                ranking.append(pool.remove(at: slot))
                weights.remove(at: slot)
            }
            let weight = generator.draw(below: 10) == 0 ? 1 + generator.draw(below: 5) : 1
            lines.append(RankedBallot(weight: weight, ranking: ranking))
        }
        let withdrawn = withdraw ? [generator.draw(below: candidates)] : []
        return try BallotFile(
            title: "Random \(seed)",
            candidates: (1...candidates).map { "Candidate \($0)" },
            seats: seats,
            withdrawn: withdrawn,
            ballots: lines
        )
    }
}

extension CountResult {
    /// The elected candidates' final votes by name, five decimals.
    var finalVotes: [String: String] {
        Dictionary(uniqueKeysWithValues: elected.map { ($0.name, $0.votes.description) })
    }

    /// The candidate's votes at stage `number` (1-based).
    func votes(of name: String, atStage number: Int) -> VoteTotal {
        stages[number - 1].votes[candidates.firstIndex(of: name)!]
    }
}
