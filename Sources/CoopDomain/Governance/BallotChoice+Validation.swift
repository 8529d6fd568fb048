import Foundation

/// Why a ballot's choice does not fit its poll.
public enum ChoiceProblem: Hashable, Sendable {
    /// The choice is of the wrong shape for the poll's kind (a ranking on a proposal, say).
    case wrongKind(expected: String)
    /// An option number outside the poll's options.
    case unknownOption(Int)
    /// The same option ranked twice.
    case repeatedOption(Int)
    /// Fewer options chosen or ranked than the poll asks for.
    case tooFewChoices(minimum: Int)
    /// More options chosen than the poll allows.
    case tooManyChoices(maximum: Int)
    /// Score, dot and meeting ballots need one entry per option.
    case wrongNumberOfEntries(expected: Int)
    /// A score outside 0...maximum (or a negative dot count).
    case scoreOutOfRange(option: Int, maximum: Int)
    /// More dots placed than each person has.
    case tooManyDots(used: Int, allowed: Int)
    /// A dot ballot with no dots; use ``BallotChoice/abstain`` to take part without choosing.
    case noDots
    /// "Maybe" is not offered in this meeting poll.
    case maybeNotOffered
}

extension BallotChoice {
    /// The choice as `poll` records it: ``abstain`` on a proposal becomes the abstain stance.
    public func normalised(for poll: Poll) -> BallotChoice {
        poll.kind == .proposal && self == .abstain ? .stance(.abstain) : self
    }

    /// What is wrong with this choice on `poll`, or nil when it fits. ``abstain`` fits every kind.
    public func problem(for poll: Poll) -> ChoiceProblem? {
        if self == .abstain { return nil }
        let options = poll.options.count
        switch (poll.kind, self) {
        case (.proposal, .stance):
            return nil
        case (.singleChoice, .selection(let chosen)):
            return Self.selectionProblem(chosen, options: options, minimum: 1, maximum: 1)
        case (.multipleChoice(let minimum, let maximum), .selection(let chosen)):
            // An empty selection is an abstention, as ``abstain`` is; a non-empty one must meet the limits.
            return chosen.isEmpty ? nil : Self.selectionProblem(chosen, options: options, minimum: max(1, minimum), maximum: maximum)
        case (.score(let maximum), .scores(let scores)):
            guard scores.count == options else { return .wrongNumberOfEntries(expected: options) }
            if let index = scores.firstIndex(where: { !(0...maximum).contains($0) }) {
                return .scoreOutOfRange(option: index, maximum: maximum)
            }
            return nil
        case (.dotVote(let dots), .scores(let placed)):
            guard placed.count == options else { return .wrongNumberOfEntries(expected: options) }
            if let index = placed.firstIndex(where: { !(0...dots).contains($0) }) {
                return .scoreOutOfRange(option: index, maximum: dots)
            }
            let used = placed.reduce(0, +)
            guard used <= dots else { return .tooManyDots(used: used, allowed: dots) }
            return used == 0 ? .noDots : nil
        case (.rankedChoice(let minimum), .ranking(let ranking)):
            return Self.rankingProblem(ranking, options: options, minimum: minimum)
        case (.stv, .ranking(let ranking)):
            return Self.rankingProblem(ranking, options: options, minimum: 1)
        case (.meetingTime(let allowsMaybe), .availability(let answers)):
            guard answers.count == options else { return .wrongNumberOfEntries(expected: options) }
            return !allowsMaybe && answers.contains(.maybe) ? .maybeNotOffered : nil
        default:
            return .wrongKind(expected: poll.kind.name)
        }
    }

    /// Checks a set of chosen options against the option count and limits.
    private static func selectionProblem(_ chosen: Set<Int>, options: Int, minimum: Int, maximum: Int) -> ChoiceProblem? {
        if let unknown = chosen.sorted().first(where: { !(0..<options).contains($0) }) { return .unknownOption(unknown) }
        guard chosen.count >= minimum else { return .tooFewChoices(minimum: minimum) }
        guard chosen.count <= maximum else { return .tooManyChoices(maximum: maximum) }
        return nil
    }

    /// Checks a ranking: known options, none twice, at least `minimum` of them.
    private static func rankingProblem(_ ranking: [Int], options: Int, minimum: Int) -> ChoiceProblem? {
        var seen = Set<Int>()
        for option in ranking {
            guard (0..<options).contains(option) else { return .unknownOption(option) }
            guard seen.insert(option).inserted else { return .repeatedOption(option) }
        }
        return ranking.count < minimum ? .tooFewChoices(minimum: minimum) : nil
    }
}

/// Why a ballot's reason was refused.
public enum ReasonProblem: Hashable, Sendable {
    /// This stance (or every ballot, by the poll's policy) needs a reason.
    case required
    /// The poll takes no reasons.
    case notAccepted
    /// The reason is longer than the poll's limit, in characters.
    case tooLong(maximum: Int)
}

extension Poll {
    /// What is wrong with `reason` on a ballot saying `choice`, or nil. A block always needs a reason; otherwise the
    /// ``reasonPolicy`` decides. Blank text counts as no reason.
    public func reasonProblem(_ reason: String?, for choice: BallotChoice) -> ReasonProblem? {
        let text = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let isBlock = choice == .stance(.block)
        let isDisagree = choice == .stance(.disagree)
        let needed: Bool
        switch reasonPolicy {
        case .disabled, .optional, .requiredForBlock: needed = isBlock
        case .required: needed = true
        case .requiredForDisagreeOrBlock: needed = isBlock || isDisagree
        }
        if text.isEmpty { return needed ? .required : nil }
        if reasonPolicy == .disabled && !isBlock { return .notAccepted }
        return text.count > reasonMaximumLength ? .tooLong(maximum: reasonMaximumLength) : nil
    }
}
