import Foundation

/// One item of a meeting's agenda, with the time set aside and the polls it leads to.
public struct AgendaItem: Hashable, Sendable {
    /// The longest time one item may be given, in minutes.
    public static let longestMinutes = 480

    /// What the item is about.
    public var title: String
    /// Minutes set aside (1...``longestMinutes``).
    public var minutes: Int
    /// Polls decided under this item.
    public var linkedPolls: [PollID]

    /// Creates an item.
    public init(title: String, minutes: Int, linkedPolls: [PollID] = []) {
        self.title = title
        self.minutes = minutes
        self.linkedPolls = linkedPolls
    }
}

/// How a member attends a meeting; all three count toward its quorum.
public enum AttendanceMode: Hashable, Sendable {
    /// Present in the room.
    case inPerson
    /// Present by video or phone.
    case online
    /// Represented by a proxy holder who is present, under a standing meeting proxy.
    case byProxy(holder: MemberID, proxy: ProxyID)

    /// Whether the member is there themselves.
    public var isPresent: Bool { self == .inPerson || self == .online }
}

/// One member's attendance at a meeting.
public struct Attendance: Hashable, Sendable {
    /// Who attends.
    public let member: MemberID
    /// How.
    public let mode: AttendanceMode

    /// Creates a record.
    public init(member: MemberID, mode: AttendanceMode) {
        self.member = member
        self.mode = mode
    }
}

/// A general meeting or assembly (Decidim's meetings, DOMAIN.md §9.3): agenda, attendance toward quorum, minutes.
public struct Meeting: Sendable, Equatable, Identifiable {
    /// The meeting's id.
    public let id: MeetingID
    /// Its title.
    public var title: String
    /// The decision type whose rule sets the meeting's quorum and proxy limits (normally ``DecisionType/ordinary``).
    public var decisionType: DecisionType
    /// When it starts.
    public var startsAt: Date
    /// The agenda, in order.
    public var agenda: [AgendaItem]
    /// Who attended, in the order recorded.
    public private(set) var attendance: [Attendance]
    /// Where the minutes stand.
    public internal(set) var minutes: MinutesState

    /// Creates a meeting (or restores a stored one).
    public init(
        id: MeetingID = .make(),
        title: String,
        decisionType: DecisionType = .ordinary,
        startsAt: Date,
        agenda: [AgendaItem] = [],
        attendance: [Attendance] = [],
        minutes: MinutesState = .notStarted
    ) {
        self.id = id
        self.title = title
        self.decisionType = decisionType
        self.startsAt = startsAt
        self.agenda = agenda
        self.attendance = attendance
        self.minutes = minutes
    }

    /// Every poll linked from the agenda, in agenda order, each once: the meeting's decisions.
    public var linkedPolls: [PollID] {
        var seen = Set<PollID>()
        return agenda.flatMap(\.linkedPolls).filter { seen.insert($0).inserted }
    }

    /// The agenda's total time, in minutes.
    public var plannedMinutes: Int { agenda.reduce(0) { $0 + $1.minutes } }

    /// Checks the title and every agenda item (a title; 1...480 minutes).
    public func validate() throws(GovernanceError) {
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .invalidMeeting(agendaItem: nil) }
        for (index, item) in agenda.enumerated() {
            guard !item.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                (1...AgendaItem.longestMinutes).contains(item.minutes)
            else { throw .invalidMeeting(agendaItem: index) }
        }
    }

    /// The attendance record of `member`, if any.
    public func attendance(of member: MemberID) -> Attendance? {
        attendance.first { $0.member == member }
    }

    /// Records `member` as attending in `mode` at `date`. Anyone may attend in person or online; attendance by proxy
    /// needs a standing proxy for this meeting from the (eligible) member to a holder already recorded as present, the
    /// rule to allow proxies, and the holder to stay within the rule's limit.
    public mutating func recordAttendance(
        of member: MemberID,
        mode: AttendanceMode,
        rule: DecisionRule,
        electorate: Electorate,
        proxies: ProxyRegister,
        at date: Date
    ) throws(GovernanceError) {
        guard attendance(of: member) == nil else { throw .alreadyAttending(member) }
        if case .byProxy(let holder, let proxyID) = mode {
            guard rule.proxies.allowed else { throw .proxiesNotAllowed }
            _ = try electorate.weight(of: member)
            guard attendance(of: holder)?.mode.isPresent == true else { throw .proxyHolderAbsent(holder) }
            let standing = proxies.active(in: .meeting(id), at: date)
            guard standing.contains(where: { $0.id == proxyID && $0.giver == member && $0.holder == holder }) else {
                throw .proxyNotFound
            }
            let carried = attendance.filter { if case .byProxy(holder, _) = $0.mode { true } else { false } }.count
            guard carried < rule.proxies.maximumPerHolder else {
                throw .proxyLimitReached(holder, maximum: rule.proxies.maximumPerHolder)
            }
        }
        attendance.append(Attendance(member: member, mode: mode))
    }

    /// The meeting's quorum: eligible members present in person, online or by proxy, against `rule`'s percent.
    public func quorum(rule: DecisionRule, electorate: Electorate) -> QuorumCheck {
        let counted = attendance.filter { electorate.contains($0.member) }.count
        return QuorumCheck(percent: rule.quorumPercent, eligible: electorate.count, participating: counted)
    }
}
