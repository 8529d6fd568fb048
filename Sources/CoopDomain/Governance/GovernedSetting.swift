import Foundation

/// How long before an appointment a client may cancel without a fee.
public struct CancellationWindow: Hashable, Sendable, Codable {
    /// The longest window accepted: 7 days.
    public static let longest = 7 * 86400

    /// The window in seconds.
    public let seconds: Int

    /// Creates a window of `seconds` seconds.
    public init(seconds: Int) {
        self.seconds = seconds
    }

    /// Creates a window of whole hours (24 and 48 are the usual ones).
    public static func hours(_ hours: Int) -> CancellationWindow { CancellationWindow(seconds: hours * 3600) }

    /// The window as a time interval.
    public var duration: TimeInterval { TimeInterval(seconds) }
}

/// Which governed setting a change concerns; also the key of its history.
public enum GovernedSettingKey: Hashable, Sendable, Comparable {
    /// The bylaws' rule for one decision type.
    case decisionRule(DecisionType)
    /// The cancellation window.
    case cancellationWindow
    /// The sliding-scale tiers.
    case slidingScale
    /// The session reminder lead times.
    case sessionReminderLeads
    /// The group and workshop reminder lead time.
    case groupReminderLead
    /// How long a waitlist offer holds.
    case waitlistOfferDuration
    /// The late-cancellation and no-show fees.
    case cancellationFees

    /// The stored name: `decision-rule.budget`, `cancellation-window`, `sliding-scale`, `session-reminder-leads`,
    /// `group-reminder-lead`, `waitlist-offer-duration`, `cancellation-fees`.
    public var name: String {
        switch self {
        case .decisionRule(let type): "decision-rule.\(type.rawValue)"
        case .cancellationWindow: "cancellation-window"
        case .slidingScale: "sliding-scale"
        case .sessionReminderLeads: "session-reminder-leads"
        case .groupReminderLead: "group-reminder-lead"
        case .waitlistOfferDuration: "waitlist-offer-duration"
        case .cancellationFees: "cancellation-fees"
        }
    }

    /// Orders keys by stored name.
    public static func < (lhs: GovernedSettingKey, rhs: GovernedSettingKey) -> Bool { lhs.name < rhs.name }
}

/// Why a governed setting's new value was refused (decision rules report through
/// ``GovernanceError/invalidDecisionRule(_:_:)`` instead).
public enum SettingProblem: Hashable, Sendable {
    /// The cancellation window must be 0...``CancellationWindow/longest`` seconds.
    case cancellationWindowOutOfRange(seconds: Int)
    /// The sliding scale is not well formed.
    case slidingScale(SlidingScaleProblem)
    /// Session reminders need one or two lead times; this many were given.
    case sessionReminderLeadCount(Int)
    /// A session reminder lead time outside ``SessionReminderLeads/hoursRange`` hours.
    case sessionReminderLeadOutOfRange(hours: Int)
    /// The same session reminder lead time twice.
    case sessionReminderLeadsRepeated(hours: Int)
    /// The group reminder lead outside ``GroupReminderLead/hoursRange`` hours.
    case groupReminderLeadOutOfRange(hours: Int)
    /// The waitlist offer duration outside ``WaitlistOfferDuration/hoursRange`` hours.
    case waitlistOfferDurationOutOfRange(hours: Int)
    /// A cancellation or no-show fee outside 0…``CancellationFees/largest``.
    case cancellationFeeOutOfRange(cents: Int)
}

/// A typed new value for one setting that members govern, carried by the proposal that would set it.
public enum GovernedSetting: Hashable, Sendable {
    /// A new rule for one decision type.
    case decisionRule(DecisionType, DecisionRule)
    /// A new cancellation window.
    case cancellationWindow(CancellationWindow)
    /// New sliding-scale tiers.
    case slidingScale(SlidingScale)
    /// New session reminder lead times.
    case sessionReminderLeads(SessionReminderLeads)
    /// A new group reminder lead time.
    case groupReminderLead(GroupReminderLead)
    /// A new waitlist offer duration.
    case waitlistOfferDuration(WaitlistOfferDuration)
    /// New late-cancellation and no-show fees.
    case cancellationFees(CancellationFees)

    /// The setting this value is for.
    public var key: GovernedSettingKey {
        switch self {
        case .decisionRule(let type, _): .decisionRule(type)
        case .cancellationWindow: .cancellationWindow
        case .slidingScale: .slidingScale
        case .sessionReminderLeads: .sessionReminderLeads
        case .groupReminderLead: .groupReminderLead
        case .waitlistOfferDuration: .waitlistOfferDuration
        case .cancellationFees: .cancellationFees
        }
    }

    /// The decision type that may make this change. Decision rules are part of the bylaws, so changing one takes a
    /// bylaws amendment: otherwise a simple-majority policy change could lower the bar for amending the bylaws.
    /// The other settings take a policy change.
    public var requiredDecisionType: DecisionType {
        switch self {
        case .decisionRule: .bylawsAmendment
        case .cancellationWindow, .slidingScale, .sessionReminderLeads, .groupReminderLead, .waitlistOfferDuration, .cancellationFees:
            .policyChange
        }
    }

    /// Checks the value; `knownClasses` are the bylaws' member classes (for decision rules).
    public func validate(knownClasses: Set<MemberClassID>) throws(GovernanceError) {
        switch self {
        case .decisionRule(let type, let rule):
            try rule.validate(as: type, knownClasses: knownClasses)
        case .cancellationWindow(let window):
            guard (0...CancellationWindow.longest).contains(window.seconds) else {
                throw .invalidSetting(.cancellationWindowOutOfRange(seconds: window.seconds))
            }
        case .slidingScale(let scale):
            try scale.validate()
        case .sessionReminderLeads(let leads):
            if let problem = leads.problem { throw .invalidSetting(problem) }
        case .groupReminderLead(let lead):
            guard GroupReminderLead.hoursRange.contains(lead.hours) else { throw .invalidSetting(.groupReminderLeadOutOfRange(hours: lead.hours)) }
        case .waitlistOfferDuration(let offer):
            guard WaitlistOfferDuration.hoursRange.contains(offer.hours) else {
                throw .invalidSetting(.waitlistOfferDurationOutOfRange(hours: offer.hours))
            }
        case .cancellationFees(let fees):
            if let problem = fees.problem { throw .invalidSetting(problem) }
        }
    }
}
