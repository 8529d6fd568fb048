import Foundation

/// Why an emergency change was undone.
public enum RevertReason: Hashable, Sendable {
    /// Nobody ratified it before it expired.
    case expired
    /// The members voted on ratifying it and the vote did not pass.
    case rejected(by: PollID)
}

/// Where an emergency change stands.
public enum EmergencyState: Hashable, Sendable {
    /// In force until it expires, is ratified or is rejected.
    case inForce
    /// Confirmed by a later decision; it stays.
    case ratified(by: PollID, at: Date)
    /// Undone; the previous value is back (unless a decision changed the setting meanwhile).
    case reverted(RevertReason, at: Date)
}

/// A setting changed without a vote because it could not wait: audited, time-limited, and undone unless a later
/// decision of the setting's own type ratifies it before it expires.
///
/// ```
/// inForce ──ratify (passed, decided before expiry)──▶ ratified
///    │ ──reject (ratification failed or lacked quorum)─▶ reverted(rejected)
///    └──expire (now ≥ expiresAt)────────────────────▶ reverted(expired)
/// ```
public struct EmergencyChange: Hashable, Sendable, Identifiable {
    /// The longest an emergency change may last before ratification: 30 days.
    public static let longestDuration: TimeInterval = 30 * 86400
    /// The longest stated reason, in characters.
    public static let longestReason = 1_000

    /// The change's id.
    public let id: EmergencyChangeID
    /// The value put in force.
    public let setting: GovernedSetting
    /// The value it replaced, restored if the change reverts.
    public let previous: GovernedSetting
    /// Who enacted it (authorised by ``GovernancePolicy``).
    public let enactedBy: MemberID
    /// Why it could not wait for a vote.
    public let reason: String
    /// When it took effect.
    public let enactedAt: Date
    /// When it lapses unless ratified.
    public let expiresAt: Date
    /// Where it stands.
    public private(set) var state: EmergencyState

    /// Restores a stored change exactly as saved.
    public init(
        id: EmergencyChangeID,
        setting: GovernedSetting,
        previous: GovernedSetting,
        enactedBy: MemberID,
        reason: String,
        enactedAt: Date,
        expiresAt: Date,
        state: EmergencyState
    ) {
        self.id = id
        self.setting = setting
        self.previous = previous
        self.enactedBy = enactedBy
        self.reason = reason
        self.enactedAt = enactedAt
        self.expiresAt = expiresAt
        self.state = state
    }

    /// A new change in force from `date` for `duration` (more than 0, at most ``longestDuration``), with a stated
    /// reason of 1...``longestReason`` characters; `setting` and `previous` must concern the same setting.
    public static func enact(
        id: EmergencyChangeID = .make(),
        setting: GovernedSetting,
        replacing previous: GovernedSetting,
        by member: MemberID,
        reason: String,
        at date: Date,
        lasting duration: TimeInterval
    ) throws(GovernanceError) -> EmergencyChange {
        precondition(setting.key == previous.key, "the previous value must be of the same setting")
        guard duration > 0, duration <= longestDuration else { throw .emergencyDurationOutOfRange(maximum: longestDuration) }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= longestReason else { throw .emergencyReasonRequired(maximumLength: longestReason) }
        return EmergencyChange(
            id: id,
            setting: setting,
            previous: previous,
            enactedBy: member,
            reason: text,
            enactedAt: date,
            expiresAt: date.addingTimeInterval(duration),
            state: .inForce
        )
    }

    /// Whether the change is still in force.
    public var isInForce: Bool { state == .inForce }

    /// Confirms the change with `decision`: a passed ratification of this change, of the setting's decision type,
    /// decided after enactment and before expiry.
    public mutating func ratify(by decision: DecisionRecord, at date: Date) throws(GovernanceError) {
        try checkRatification(decision)
        guard decision.status == .passed else { throw .decisionNotPassed(decision.pollID, decision.status) }
        state = .ratified(by: decision.pollID, at: date)
    }

    /// Undoes the change because its ratification vote (decided before expiry) did not pass.
    public mutating func reject(by decision: DecisionRecord, at date: Date) throws(GovernanceError) {
        try checkRatification(decision)
        guard decision.status != .passed else { throw .decisionPassed(decision.pollID) }
        state = .reverted(.rejected(by: decision.pollID), at: date)
    }

    /// Undoes the change if it is still in force at `date` and has expired; returns whether it did.
    public mutating func expireIfDue(at date: Date) -> Bool {
        guard isInForce, date >= expiresAt else { return false }
        state = .reverted(.expired, at: expiresAt)
        return true
    }

    /// The audit record of the change's current state: enactment by its member, or what ended it (recorded as done by
    /// the system, on the strength of a decision or the clock).
    public var auditEvent: AuditEvent {
        let detail: String
        let actor = isInForce ? enactedBy.rawValue : nil
        switch state {
        case .inForce:
            detail = "emergency-enacted \(setting.key.name) expires=\(Int64(expiresAt.timeIntervalSince1970))"
        case .ratified(let poll, _):
            detail = "emergency-ratified \(setting.key.name) poll=\(poll)"
        case .reverted(.expired, _):
            detail = "emergency-expired \(setting.key.name)"
        case .reverted(.rejected(let poll), _):
            detail = "emergency-rejected \(setting.key.name) poll=\(poll)"
        }
        return AuditEvent(
            actor: actor,
            action: .update,
            resourceType: "governed-setting",
            resourceID: id.rawValue,
            outcome: .success,
            detail: detail
        )
    }

    /// Throws unless the change is in force and `decision` is a timely ratification vote about it.
    private func checkRatification(_ decision: DecisionRecord) throws(GovernanceError) {
        guard isInForce else { throw .emergencyNotInForce(id) }
        guard decision.subject == .ratification(id) else { throw .decisionSubjectMismatch(decision.pollID) }
        guard decision.decisionType == setting.requiredDecisionType else {
            throw .wrongDecisionType(expected: setting.requiredDecisionType, found: decision.decisionType)
        }
        guard decision.decidedAt >= enactedAt, decision.decidedAt < expiresAt else { throw .ratificationTooLate(expiredAt: expiresAt) }
    }
}
