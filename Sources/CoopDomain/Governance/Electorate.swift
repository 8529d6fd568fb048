import Foundation

/// Why a member may not vote (or stand, or hold a proxy) in a poll.
public enum IneligibilityReason: Hashable, Sendable {
    /// No membership on record.
    case notAMember
    /// The membership is not active at the time that counts (applicant, declined, former, or admitted later).
    case notActive(MembershipStatus)
    /// The member's class has no vote in this decision (or this election).
    case wrongClass(MemberClassID)
    /// The decision type keeps probationers out and the member's probation ends later.
    case inProbation(until: Date)
}

/// Whether one membership may take part in a decision, and with what weight.
public enum Eligibility: Hashable, Sendable {
    /// May vote; the ballot weighs `weight`.
    case eligible(weight: Int)
    /// May not vote, for `reason`.
    case ineligible(IneligibilityReason)

    /// Decides for `membership` (nil when the person is not a member) under `rule`, limited to `classes`, at `date`.
    public static func of(
        _ membership: Membership?,
        rule: DecisionRule,
        classes: Set<MemberClassID>,
        at date: Date
    ) -> Eligibility {
        guard let membership else { return .ineligible(.notAMember) }
        guard membership.isActive(at: date) else {
            return .ineligible(.notActive(membership.status == .active ? .applicant : membership.status))
        }
        guard classes.contains(membership.memberClass) else { return .ineligible(.wrongClass(membership.memberClass)) }
        if rule.excludesProbationers, membership.isInProbation(at: date), let end = membership.probationEndsAt {
            return .ineligible(.inProbation(until: end))
        }
        return .eligible(weight: rule.weighting.weight(for: membership.memberClass))
    }
}

/// Who may vote in one poll and how much each ballot weighs: fixed when the poll opens, as Loomio fixes its invitations,
/// so the quorum's denominator cannot move while people vote. Store it with the poll.
///
/// It also remembers why every other member on record is left out, so a refused ballot can say why.
public struct Electorate: Sendable, Equatable {
    /// When eligibility was judged (normally the poll's opening time).
    public let asOf: Date
    /// Eligible members and their ballot weights.
    public let weights: [MemberID: Int]
    /// Members on record who are not eligible, with the reason.
    public let exclusions: [MemberID: IneligibilityReason]

    /// Restores a stored electorate.
    public init(asOf: Date, weights: [MemberID: Int], exclusions: [MemberID: IneligibilityReason] = [:]) {
        self.asOf = asOf
        self.weights = weights
        self.exclusions = exclusions
    }

    /// Judges every membership under `rule`, limited to `classes` (nil: the rule's voter classes), at `date`.
    /// Throws ``GovernanceError/duplicateMembership(_:)`` if one member appears twice.
    public init(
        memberships: [Membership],
        rule: DecisionRule,
        classes: Set<MemberClassID>? = nil,
        at date: Date
    ) throws(GovernanceError) {
        let allowed = classes.map { $0.intersection(rule.voterClasses) } ?? rule.voterClasses
        var weights: [MemberID: Int] = [:]
        var exclusions: [MemberID: IneligibilityReason] = [:]
        for membership in memberships {
            guard weights[membership.memberID] == nil, exclusions[membership.memberID] == nil else {
                throw .duplicateMembership(membership.memberID)
            }
            switch Eligibility.of(membership, rule: rule, classes: allowed, at: date) {
            case .eligible(let weight): weights[membership.memberID] = weight
            case .ineligible(let reason): exclusions[membership.memberID] = reason
            }
        }
        self.init(asOf: date, weights: weights, exclusions: exclusions)
    }

    /// The electorate of `poll`: `rule`'s voter classes narrowed by the poll's own, judged when the poll opens.
    public init(for poll: Poll, rule: DecisionRule, memberships: [Membership]) throws(GovernanceError) {
        try self.init(memberships: memberships, rule: rule, classes: poll.voterClasses, at: poll.opensAt)
    }

    /// The number of eligible members (heads, whatever their weights).
    public var count: Int { weights.count }

    /// The sum of the eligible members' weights.
    public var totalWeight: Int64 { weights.values.reduce(0) { $0 + Int64($1) } }

    /// The eligible members, in id order.
    public var members: [MemberID] { weights.keys.sorted { $0.rawValue < $1.rawValue } }

    /// Whether `member` may vote.
    public func contains(_ member: MemberID) -> Bool { weights[member] != nil }

    /// The weight of `member`'s ballot; throws ``GovernanceError/notEligible(_:_:)`` with the reason when they may not vote.
    public func weight(of member: MemberID) throws(GovernanceError) -> Int {
        if let weight = weights[member] { return weight }
        throw .notEligible(member, exclusions[member] ?? .notAMember)
    }
}
