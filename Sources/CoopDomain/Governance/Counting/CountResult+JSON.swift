import Foundation

extension CountResult: Encodable {
    private enum CodingKeys: String, CodingKey {
        case rule, title, seats, validVotes, blankBallots, quota, elected, stages, notes
    }

    /// Encodes `{"rule": …, "quota": "1300.00000", "elected": [{"name", "votes", "stage"}], "stages": […], …}`;
    /// every vote figure is a five-decimal string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule.rawValue, forKey: .rule)
        try container.encode(title, forKey: .title)
        try container.encode(seats, forKey: .seats)
        try container.encode(validVotes, forKey: .validVotes)
        try container.encode(blankBallots, forKey: .blankBallots)
        try container.encodeIfPresent(quota, forKey: .quota)
        try container.encode(elected, forKey: .elected)
        try container.encode(stages.map { StageJSON(stage: $0, names: candidates) }, forKey: .stages)
        try container.encode(notes, forKey: .notes)
    }

    /// The result as JSON (sorted keys, pretty-printed), the form the CLI prints and the web API returns.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension CountResult.ElectedCandidate: Encodable {
    private enum CodingKeys: String, CodingKey {
        case name, votes, stage
    }

    /// Encodes `{"name": "Ruth Simpson", "votes": "1393.86735", "stage": 12}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(votes, forKey: .votes)
        try container.encode(stage, forKey: .stage)
    }
}

/// One stage as JSON: candidates by name rather than index.
private struct StageJSON: Encodable {
    /// A candidate's line in a stage.
    struct Line: Encodable {
        let name: String
        let votes: VoteTotal
        let state: CandidateState
    }

    let number: Int
    let kind: StageKind
    let subject: String?
    let description: String
    let candidates: [Line]
    let nonTransferable: VoteTotal
    let residue: VoteTotal
    let total: VoteTotal
    let quota: VoteTotal?
    let elected: [String]
    let excluded: [String]

    /// Describes `stage` with candidate indices replaced by `names`.
    init(stage: CountResult.Stage, names: [String]) {
        number = stage.number
        kind = stage.kind
        subject = stage.subject.map { names[$0] }
        description = stage.description
        candidates = names.indices.map { Line(name: names[$0], votes: stage.votes[$0], state: stage.states[$0]) }
        nonTransferable = stage.nonTransferable
        residue = stage.residue
        total = stage.total
        quota = stage.quota
        elected = stage.electedHere.map { names[$0] }
        excluded = stage.excludedHere.map { names[$0] }
    }
}
