import Foundation

/// What made a setting take a value.
public enum SettingChangeCause: Hashable, Sendable {
    /// A passed decision carrying the value.
    case decision(PollID)
    /// An emergency change, by the member who enacted it.
    case emergency(EmergencyChangeID, enactedBy: MemberID)
    /// A decision ratified an emergency change (the value stays).
    case ratified(EmergencyChangeID, by: PollID)
    /// An emergency change was undone.
    case reverted(EmergencyChangeID, RevertReason)
}

/// One line of a setting's history: which cause made which value, when, and what it replaced.
public struct SettingHistoryEntry: Hashable, Sendable {
    /// The setting concerned.
    public let key: GovernedSettingKey
    /// The value from this entry on.
    public let value: GovernedSetting
    /// The value before it.
    public let previous: GovernedSetting
    /// What made the change.
    public let cause: SettingChangeCause
    /// When it took effect.
    public let at: Date

    /// Creates an entry.
    public init(key: GovernedSettingKey, value: GovernedSetting, previous: GovernedSetting, cause: SettingChangeCause, at: Date) {
        self.key = key
        self.value = value
        self.previous = previous
        self.cause = cause
        self.at = at
    }
}

/// The settings members govern, their history, and the emergency changes on record. Values change only through
/// ``apply(_:at:)`` (a passed decision) or the emergency path (``enactEmergency(_:by:reason:at:lasting:id:)``).
public struct GovernedSettings: Sendable, Equatable {
    /// Member classes and decision rules.
    public private(set) var bylaws: Bylaws
    /// The cancellation window.
    public private(set) var cancellationWindow: CancellationWindow
    /// The sliding-scale tiers.
    public private(set) var slidingScale: SlidingScale
    /// When session reminders go out.
    public private(set) var sessionReminderLeads: SessionReminderLeads
    /// When group and workshop reminders go out.
    public private(set) var groupReminderLead: GroupReminderLead
    /// How long a waitlist offer holds.
    public private(set) var waitlistOfferDuration: WaitlistOfferDuration
    /// The late-cancellation and no-show fees.
    public private(set) var cancellationFees: CancellationFees
    /// Every change, oldest first.
    public private(set) var history: [SettingHistoryEntry]
    /// Every emergency change, in force or settled, oldest first.
    public internal(set) var emergencies: [EmergencyChange]

    /// Restores stored settings.
    public init(
        bylaws: Bylaws,
        cancellationWindow: CancellationWindow,
        slidingScale: SlidingScale,
        sessionReminderLeads: SessionReminderLeads = .standard,
        groupReminderLead: GroupReminderLead = .standard,
        waitlistOfferDuration: WaitlistOfferDuration = .standard,
        cancellationFees: CancellationFees = .standard,
        history: [SettingHistoryEntry] = [],
        emergencies: [EmergencyChange] = []
    ) {
        self.bylaws = bylaws
        self.cancellationWindow = cancellationWindow
        self.slidingScale = slidingScale
        self.sessionReminderLeads = sessionReminderLeads
        self.groupReminderLead = groupReminderLead
        self.waitlistOfferDuration = waitlistOfferDuration
        self.cancellationFees = cancellationFees
        self.history = history
        self.emergencies = emergencies
    }

    /// The current value of `key`, or nil for a decision type the bylaws give no rule.
    public func value(of key: GovernedSettingKey) -> GovernedSetting? {
        switch key {
        case .decisionRule(let type): bylaws.decisionRules[type].map { .decisionRule(type, $0) }
        case .cancellationWindow: .cancellationWindow(cancellationWindow)
        case .slidingScale: .slidingScale(slidingScale)
        case .sessionReminderLeads: .sessionReminderLeads(sessionReminderLeads)
        case .groupReminderLead: .groupReminderLead(groupReminderLead)
        case .waitlistOfferDuration: .waitlistOfferDuration(waitlistOfferDuration)
        case .cancellationFees: .cancellationFees(cancellationFees)
        }
    }

    /// The history of `key`, oldest first.
    public func history(of key: GovernedSettingKey) -> [SettingHistoryEntry] {
        history.filter { $0.key == key }
    }

    /// Applies the setting change carried by `decision` at `date`: the decision must have passed, be of the setting's
    /// ``GovernedSetting/requiredDecisionType``, carry a valid value, and not have been applied before.
    @discardableResult
    public mutating func apply(_ decision: DecisionRecord, at date: Date) throws(GovernanceError) -> SettingHistoryEntry {
        guard case .settingChange(let setting) = decision.subject else { throw .decisionSubjectMismatch(decision.pollID) }
        guard decision.decisionType == setting.requiredDecisionType else {
            throw .wrongDecisionType(expected: setting.requiredDecisionType, found: decision.decisionType)
        }
        guard decision.status == .passed else { throw .decisionNotPassed(decision.pollID, decision.status) }
        guard !history.contains(where: { $0.cause == .decision(decision.pollID) }) else {
            throw .decisionAlreadyApplied(decision.pollID)
        }
        try setting.validate(knownClasses: bylaws.classIDs)
        return set(setting, cause: .decision(decision.pollID), at: date)
    }

    /// Puts `setting` in force and records the history entry.
    mutating func set(_ setting: GovernedSetting, cause: SettingChangeCause, at date: Date) -> SettingHistoryEntry {
        let previous = value(of: setting.key) ?? setting
        switch setting {
        case .decisionRule(let type, let rule): bylaws.decisionRules[type] = rule
        case .cancellationWindow(let window): cancellationWindow = window
        case .slidingScale(let scale): slidingScale = scale
        case .sessionReminderLeads(let leads): sessionReminderLeads = leads
        case .groupReminderLead(let lead): groupReminderLead = lead
        case .waitlistOfferDuration(let offer): waitlistOfferDuration = offer
        case .cancellationFees(let fees): cancellationFees = fees
        }
        let entry = SettingHistoryEntry(key: setting.key, value: setting, previous: previous, cause: cause, at: date)
        history.append(entry)
        return entry
    }

    /// Records a history entry that leaves the value as it is (a ratification).
    mutating func note(_ cause: SettingChangeCause, for key: GovernedSettingKey, at date: Date) -> SettingHistoryEntry? {
        guard let current = value(of: key) else { return nil }
        let entry = SettingHistoryEntry(key: key, value: current, previous: current, cause: cause, at: date)
        history.append(entry)
        return entry
    }
}
