import Foundation

extension GovernedSettings {
    /// The emergency change with `id`.
    public func emergency(_ id: EmergencyChangeID) -> EmergencyChange? {
        emergencies.first { $0.id == id }
    }

    /// Puts `setting` in force at `date` for `duration` without a vote; at most one emergency per setting at a time.
    /// Who may do this is ``GovernancePolicy``'s question; the caller stores ``EmergencyChange/auditEvent``.
    @discardableResult
    public mutating func enactEmergency(
        _ setting: GovernedSetting,
        by member: MemberID,
        reason: String,
        at date: Date,
        lasting duration: TimeInterval,
        id: EmergencyChangeID = .make()
    ) throws(GovernanceError) -> EmergencyChange {
        guard !emergencies.contains(where: { $0.isInForce && $0.setting.key == setting.key }) else {
            throw .emergencyAlreadyInForce(setting.key)
        }
        try setting.validate(knownClasses: bylaws.classIDs)
        guard let previous = value(of: setting.key) else { throw .missingDecisionRule(keyType(setting.key)) }
        let change = try EmergencyChange.enact(
            id: id,
            setting: setting,
            replacing: previous,
            by: member,
            reason: reason,
            at: date,
            lasting: duration
        )
        emergencies.append(change)
        _ = set(setting, cause: .emergency(id, enactedBy: member), at: date)
        return change
    }

    /// Ratifies emergency change `id` with `decision`; the value stays and the history says so.
    @discardableResult
    public mutating func ratifyEmergency(
        _ id: EmergencyChangeID,
        by decision: DecisionRecord,
        at date: Date
    ) throws(GovernanceError) -> EmergencyChange {
        guard let index = emergencies.firstIndex(where: { $0.id == id }) else { throw .emergencyNotFound(id) }
        try emergencies[index].ratify(by: decision, at: date)
        _ = note(.ratified(id, by: decision.pollID), for: emergencies[index].setting.key, at: date)
        return emergencies[index]
    }

    /// Undoes emergency change `id` because `decision`, its ratification vote, did not pass.
    @discardableResult
    public mutating func rejectEmergency(
        _ id: EmergencyChangeID,
        by decision: DecisionRecord,
        at date: Date
    ) throws(GovernanceError) -> EmergencyChange {
        guard let index = emergencies.firstIndex(where: { $0.id == id }) else { throw .emergencyNotFound(id) }
        try emergencies[index].reject(by: decision, at: date)
        revert(emergencies[index], reason: .rejected(by: decision.pollID), at: date)
        return emergencies[index]
    }

    /// Undoes every emergency change in force whose expiry is at or before `date`; returns them. Run it from the
    /// hourly job. A value that a later decision has replaced is left alone: that decision stands.
    @discardableResult
    public mutating func expireEmergencies(at date: Date) -> [EmergencyChange] {
        var expired: [EmergencyChange] = []
        for index in emergencies.indices {
            guard emergencies[index].expireIfDue(at: date) else { continue }
            revert(emergencies[index], reason: .expired, at: emergencies[index].expiresAt)
            expired.append(emergencies[index])
        }
        return expired
    }

    /// Puts the value before `change` back, if `change`'s value is still the one in force.
    private mutating func revert(_ change: EmergencyChange, reason: RevertReason, at date: Date) {
        guard value(of: change.setting.key) == change.setting else { return }
        _ = set(change.previous, cause: .reverted(change.id, reason), at: date)
    }

    /// The decision type inside a decision-rule key (the only key that can lack a value).
    private func keyType(_ key: GovernedSettingKey) -> DecisionType {
        if case .decisionRule(let type) = key { return type }
        return .policyChange
    }
}
