import CoopDomain
import Foundation

/// One agenda item as the organiser fills it in.
public struct AgendaDraftItem: Sendable, Equatable {
    /// What the item is about.
    public var title: String
    /// Minutes set aside.
    public var minutes: Int
    /// The proposal the item is about, if any.
    public var proposal: PollID?

    /// Creates an item.
    public init(title: String, minutes: Int = 15, proposal: PollID? = nil) {
        self.title = title
        self.minutes = minutes
        self.proposal = proposal
    }
}

/// How the meeting's time is set: fixed now, or put to the members in a time poll.
public enum MeetingTimeDraft: Sendable, Equatable {
    /// This start time.
    case fixed(Date)
    /// A time poll over these start times, closing at `pollCloses`.
    case poll(candidates: [Date], pollCloses: Date)
}

/// What the organiser fills in to schedule a meeting.
public struct MeetingDraft: Sendable, Equatable {
    /// The meeting's title.
    public var title: String
    /// What sort of meeting.
    public var kind: MeetingKind
    /// Whose quorum and proxy rule applies.
    public var decisionType: DecisionType
    /// Where: an address, a room or an online link, as text.
    public var location: String
    /// The agenda, in order.
    public var agenda: [AgendaDraftItem]
    /// Its time.
    public var time: MeetingTimeDraft

    /// Creates a draft.
    public init(
        title: String, kind: MeetingKind = .generalAssembly, decisionType: DecisionType = .ordinary, location: String = "",
        agenda: [AgendaDraftItem], time: MeetingTimeDraft
    ) {
        self.title = title
        self.kind = kind
        self.decisionType = decisionType
        self.location = location
        self.agenda = agenda
        self.time = time
    }
}
