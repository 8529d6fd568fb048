import Foundation

/// Why a poll cannot be opened as it stands.
public enum PollProblem: Hashable, Sendable {
    /// The title is empty or longer than ``Poll/longestTitle``.
    case invalidTitle
    /// Voting must open before it closes.
    case opensAfterCloses
    /// The kind needs at least this many options.
    case tooFewOptions(minimum: Int)
    /// Proposals have the four fixed stances and no options of their own.
    case optionsNotAllowed
    /// An option's name is empty or too long.
    case invalidOptionName(index: Int)
    /// Two options share a name.
    case duplicateOptionName(String)
    /// The choice limits must satisfy 0 ≤ minimum ≤ maximum ≤ options, maximum ≥ 1.
    case invalidChoiceLimits(minimum: Int, maximum: Int)
    /// The top score must be 1...100.
    case invalidScoreMaximum(Int)
    /// Dots per person must be 1...1000.
    case invalidDotsPerPerson(Int)
    /// Ranked-choice ballots must rank 1...options options at least.
    case invalidMinimumRanked(Int)
    /// STV needs 1 ≤ seats < candidates.
    case invalidSeats(seats: Int, candidates: Int)
    /// Every STV option must name the member standing, and no member may stand twice.
    case candidateMissing(index: Int)
    /// A candidate may not stand (not active, or not of the candidate classes).
    case candidateNotEligible(MemberID, IneligibilityReason)
    /// Every meeting-time option needs its time slot.
    case slotMissing(index: Int)
    /// Anonymous polls must hide results until they close (Loomio's rule).
    case anonymousMustHideResults
    /// Anonymous polls cannot be weighted: a ballot's weight would tell its voter's class (Loomio allows weights in
    /// named polls only).
    case anonymousCannotBeWeighted
    /// The poll's voter classes must be among the rule's.
    case classOutsideRule(MemberClassID)
    /// Only proposals can admit, change settings or ratify.
    case subjectNeedsProposal
    /// The subject needs a decision of this type.
    case subjectNeedsDecisionType(DecisionType)
    /// The reason limit must be 1...``Poll/longestReasonLimit``.
    case invalidReasonLimit(Int)
}

extension Poll {
    /// The longest title accepted, in characters.
    public static let longestTitle = 300

    /// Checks the poll's own settings and its fit with `rule`; throws ``GovernanceError/invalidPoll(_:)`` with the first
    /// problem. Candidates' eligibility needs memberships: see ``validateCandidates(memberships:)``.
    public func validate(rule: DecisionRule) throws(GovernanceError) {
        if let problem = problem(rule: rule) { throw .invalidPoll(problem) }
    }

    /// Checks that every STV candidate is an active member of the candidate classes when the poll opens, and stands once.
    public func validateCandidates(memberships: [Membership]) throws(GovernanceError) {
        guard case .stv(let settings) = kind else { return }
        let byMember = Dictionary(memberships.map { ($0.memberID, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<MemberID>()
        for (index, option) in options.enumerated() {
            guard let candidate = option.candidate, seen.insert(candidate).inserted else {
                throw .invalidPoll(.candidateMissing(index: index))
            }
            let classes = settings.candidateClasses ?? Set(memberships.map(\.memberClass))
            let standing = DecisionRule(voterClasses: classes, quorumPercent: 0, threshold: .simpleMajority)
            if case .ineligible(let reason) = Eligibility.of(byMember[candidate], rule: standing, classes: classes, at: opensAt) {
                throw .invalidPoll(.candidateNotEligible(candidate, reason))
            }
        }
    }

    /// The first problem with the poll, or nil.
    private func problem(rule: DecisionRule) -> PollProblem? {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= Self.longestTitle else { return .invalidTitle }
        guard opensAt < closesAt else { return .opensAfterCloses }
        guard (1...Self.longestReasonLimit).contains(reasonMaximumLength) else { return .invalidReasonLimit(reasonMaximumLength) }
        if isAnonymous, resultsVisibility != .untilClosed { return .anonymousMustHideResults }
        if isAnonymous, case .perClass(let weights) = rule.weighting, weights.values.contains(where: { $0 != 1 }) {
            return .anonymousCannotBeWeighted
        }
        if let classes = voterClasses, let outside = classes.sorted().first(where: { !rule.voterClasses.contains($0) }) {
            return .classOutsideRule(outside)
        }
        if let problem = subjectProblem() { return problem }
        if let problem = optionsProblem() { return problem }
        return kindProblem()
    }

    /// Whether the subject fits the kind and the decision type.
    private func subjectProblem() -> PollProblem? {
        let needed: DecisionType?
        switch subject {
        case .general: return nil
        case .admission: needed = .admission
        case .settingChange(let setting): needed = setting.requiredDecisionType
        case .ratification: needed = nil
        }
        guard kind == .proposal else { return .subjectNeedsProposal }
        if let needed, decisionType != needed { return .subjectNeedsDecisionType(needed) }
        return nil
    }

    /// Whether the options are named, distinct and numerous enough.
    private func optionsProblem() -> PollProblem? {
        guard kind.hasOptions else { return options.isEmpty ? nil : .optionsNotAllowed }
        guard options.count >= 2 else { return .tooFewOptions(minimum: 2) }
        var names = Set<String>()
        for (index, option) in options.enumerated() {
            let name = option.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= PollOption.maximumNameLength else { return .invalidOptionName(index: index) }
            guard names.insert(name.lowercased()).inserted else { return .duplicateOptionName(name) }
        }
        return nil
    }

    /// Whether the kind's own settings fit the options.
    private func kindProblem() -> PollProblem? {
        switch kind {
        case .proposal, .singleChoice:
            return nil
        case .multipleChoice(let minimum, let maximum):
            guard minimum >= 0, maximum >= 1, minimum <= maximum, maximum <= options.count else {
                return .invalidChoiceLimits(minimum: minimum, maximum: maximum)
            }
        case .score(let maximum):
            guard (1...100).contains(maximum) else { return .invalidScoreMaximum(maximum) }
        case .dotVote(let dots):
            guard (1...1000).contains(dots) else { return .invalidDotsPerPerson(dots) }
        case .rankedChoice(let minimum):
            guard (1...options.count).contains(minimum) else { return .invalidMinimumRanked(minimum) }
        case .meetingTime:
            if let index = options.firstIndex(where: { $0.slot == nil }) { return .slotMissing(index: index) }
        case .stv(let settings):
            guard settings.seats >= 1, settings.seats < options.count else {
                return .invalidSeats(seats: settings.seats, candidates: options.count)
            }
            if let index = options.firstIndex(where: { $0.candidate == nil }) { return .candidateMissing(index: index) }
        }
        return nil
    }
}
