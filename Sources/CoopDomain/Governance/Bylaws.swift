import Foundation

/// The governance part of the bylaws as settings: the member classes and one decision rule per decision type.
///
/// The rules are changed only by a passed decision (see ``GovernedSetting/decisionRule(_:_:)``).
public struct Bylaws: Sendable, Equatable {
    /// The member classes, in the order the bylaws list them.
    public var memberClasses: [MemberClass]
    /// The rule for each decision type; ``validate()`` requires one for every type.
    public var decisionRules: [DecisionType: DecisionRule]

    /// Creates bylaws; call ``validate()`` before storing them.
    public init(memberClasses: [MemberClass], decisionRules: [DecisionType: DecisionRule]) {
        self.memberClasses = memberClasses
        self.decisionRules = decisionRules
    }

    /// The ids of the classes defined.
    public var classIDs: Set<MemberClassID> { Set(memberClasses.map(\.id)) }

    /// The class with `id`, if the bylaws define it.
    public func memberClass(_ id: MemberClassID) -> MemberClass? {
        memberClasses.first { $0.id == id }
    }

    /// The rule for `type`; throws ``GovernanceError/missingDecisionRule(_:)`` when the bylaws have none.
    public func rule(for type: DecisionType) throws(GovernanceError) -> DecisionRule {
        guard let rule = decisionRules[type] else { throw .missingDecisionRule(type) }
        return rule
    }

    /// Checks the classes (at least one, unique ids, names 1–100 characters, probation within limits) and that every
    /// decision type has a valid rule.
    public func validate() throws(GovernanceError) {
        guard !memberClasses.isEmpty else { throw .noMemberClasses }
        var seen = Set<MemberClassID>()
        for memberClass in memberClasses {
            guard seen.insert(memberClass.id).inserted else { throw .duplicateMemberClass(memberClass.id) }
            let name = memberClass.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 100 else { throw .invalidMemberClassName(memberClass.id) }
            if let probation = memberClass.probation, !probation.isValid { throw .invalidProbation(memberClass.id) }
        }
        for type in DecisionType.allCases {
            try rule(for: type).validate(as: type, knownClasses: seen)
        }
    }

    /// A starting point for a multi-stakeholder therapy co-op, modelled on DOMAIN.md §9.1 and §9.5; each co-op edits it.
    ///
    /// - Admission: full consensus of the worker-owners out of probation, every one of them (Phoenix).
    /// - Bylaw amendments: two thirds of the membership (riversidecrossing.org), all classes.
    /// - Policy changes: consent of the members voting (Alliance sets its sliding scale by consensus).
    /// - Ordinary, budget and election: a majority of votes cast with a 50% (elections 25%) quorum; one proxy each.
    public static let sample: Bylaws = {
        let everyone: Set<MemberClassID> = Set(MemberClass.standard.map(\.id))
        let week: TimeInterval = 7 * 86400
        return Bylaws(
            memberClasses: MemberClass.standard,
            decisionRules: [
                .ordinary: DecisionRule(voterClasses: everyone, quorumPercent: 50, threshold: .simpleMajority, proxies: .upTo(1)),
                .budget: DecisionRule(
                    voterClasses: everyone,
                    quorumPercent: 50,
                    threshold: .simpleMajority,
                    proxies: .upTo(1),
                    votingPeriod: 2 * week
                ),
                .bylawsAmendment: DecisionRule(
                    voterClasses: everyone,
                    quorumPercent: 50,
                    threshold: .twoThirds,
                    thresholdBase: .eligibleVoters,
                    proxies: .upTo(1),
                    votingPeriod: 3 * week
                ),
                .admission: DecisionRule(
                    voterClasses: [.workerOwner],
                    quorumPercent: 100,
                    threshold: .unanimous,
                    thresholdBase: .eligibleVoters,
                    excludesProbationers: true
                ),
                .policyChange: DecisionRule(voterClasses: everyone, quorumPercent: 50, threshold: .consent, proxies: .upTo(1)),
                .election: DecisionRule(
                    voterClasses: everyone,
                    quorumPercent: 25,
                    threshold: .simpleMajority,
                    proxies: .upTo(1),
                    votingPeriod: 2 * week
                ),
            ]
        )
    }()
}
