import CoopDomain
import Foundation
import SQLKit

/// The notes and outcome the minutes record for one agenda item.
public struct AgendaMinutes: Sendable, Equatable {
    /// What was said.
    public var notes: String
    /// What was decided or agreed.
    public var outcome: String

    /// Creates an entry.
    public init(notes: String = "", outcome: String = "") {
        self.notes = notes
        self.outcome = outcome
    }
}

/// Why a poll is linked to a meeting.
public enum MeetingPollPurpose: String, Sendable {
    /// A proposal the agenda item is about (chosen when scheduling).
    case agenda
    /// A vote opened during the meeting under an agenda item.
    case vote
}

/// One poll linked to a meeting, under the agenda item at `position`.
public struct MeetingPollLink: Sendable, Equatable {
    /// The poll.
    public let pollID: PollID
    /// The agenda item's position (0-based).
    public let position: Int
    /// Why it is linked.
    public let purpose: MeetingPollPurpose

    /// Creates a link.
    public init(pollID: PollID, position: Int, purpose: MeetingPollPurpose) {
        self.pollID = pollID
        self.position = position
        self.purpose = purpose
    }
}

/// A stored meeting: the domain meeting plus what only storage knows (kind, organiser, place, time poll, minutes text).
public struct MeetingRecord: Sendable, Equatable {
    /// The meeting, its agenda (with linked polls), attendance and minutes state. While a time poll runs, `startsAt`
    /// is the earliest candidate.
    public var meeting: Meeting
    /// What sort of meeting.
    public var kind: MeetingKind
    /// Who scheduled it.
    public var organiser: MemberID
    /// Where it is held: an address, a room or an online link, as text.
    public var location: String
    /// Whether the time is decided.
    public var isTimeSet: Bool
    /// The time poll, if its time was put to one.
    public var timePollID: PollID?
    /// When the organiser opened it, if they did.
    public var openedAt: Date?
    /// The minutes per agenda item, in agenda order.
    public var itemMinutes: [AgendaMinutes]
    /// Polls linked to it.
    public var links: [MeetingPollLink]
    /// When it was scheduled.
    public var createdAt: Date

    /// Creates a record.
    public init(
        meeting: Meeting, kind: MeetingKind, organiser: MemberID, location: String, isTimeSet: Bool, timePollID: PollID? = nil,
        openedAt: Date? = nil, itemMinutes: [AgendaMinutes] = [], links: [MeetingPollLink] = [], createdAt: Date
    ) {
        self.meeting = meeting
        self.kind = kind
        self.organiser = organiser
        self.location = location
        self.isTimeSet = isTimeSet
        self.timePollID = timePollID
        self.openedAt = openedAt
        self.itemMinutes = itemMinutes.count == meeting.agenda.count ? itemMinutes : meeting.agenda.map { _ in AgendaMinutes() }
        self.links = links
        self.createdAt = createdAt
    }

    /// Whether the meeting is under way (or over) at `date`: its time is set and it was opened or its start has passed.
    public func hasStarted(at date: Date) -> Bool {
        isTimeSet && (openedAt != nil || date >= meeting.startsAt)
    }
}

/// Meetings in SQL, with their agenda, linked polls, attendance and meeting proxies.
public struct MeetingStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Stores a new meeting with its agenda and agenda links.
    public func insert(_ record: MeetingRecord, sql: any SQLDatabase) async throws {
        let meeting = record.meeting
        try await sql.insert(into: "meetings")
            .columns(
                "id", "title", "kind", "decision_type", "organiser_id", "location", "starts_at", "time_set", "time_poll_id", "minutes_state",
                "created_at"
            )
            .values(
                SQLBind(meeting.id.rawValue), SQLBind(meeting.title), SQLBind(record.kind.rawValue), SQLBind(meeting.decisionType.rawValue),
                SQLBind(record.organiser.rawValue), SQLBind(record.location), SQLBind(Clock.milliseconds(meeting.startsAt)),
                SQLBind(record.isTimeSet ? 1 : 0), SQLBind(record.timePollID?.rawValue), SQLBind("not-started"),
                SQLBind(Clock.milliseconds(record.createdAt))
            )
            .run()
        for (position, item) in meeting.agenda.enumerated() {
            let minutes = position < record.itemMinutes.count ? record.itemMinutes[position] : AgendaMinutes()
            try await sql.insert(into: "meeting_agenda_items").columns("meeting_id", "position", "title", "minutes", "notes", "outcome")
                .values(
                    SQLBind(meeting.id.rawValue), SQLBind(position), SQLBind(item.title), SQLBind(item.minutes), SQLBind(minutes.notes),
                    SQLBind(minutes.outcome)
                )
                .run()
        }
        for link in record.links {
            try await self.link(meeting.id, link, at: record.createdAt, sql: sql)
        }
    }

    /// Links a poll to the meeting under an agenda item.
    public func link(_ meeting: MeetingID, _ link: MeetingPollLink, at date: Date, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "meeting_polls").columns("meeting_id", "poll_id", "position", "purpose", "linked_at")
            .values(
                SQLBind(meeting.rawValue), SQLBind(link.pollID.rawValue), SQLBind(link.position), SQLBind(link.purpose.rawValue),
                SQLBind(Clock.milliseconds(date))
            )
            .run()
    }

    /// The meeting with `id`, if any.
    public func find(_ id: MeetingID, sql: any SQLDatabase) async throws -> MeetingRecord? {
        guard let row = try await sql.select().column("*").from("meetings").where("id", .equal, SQLBind(id.rawValue)).first() else { return nil }
        return try await record(from: row, sql: sql)
    }

    /// The same, locking the row on PostgreSQL so two changes to one meeting queue (SQLite's writer already does).
    public func findForUpdate(_ id: MeetingID, sql: any SQLDatabase) async throws -> MeetingRecord? {
        if sql.dialect.name == "postgresql" {
            guard let row = try await sql.raw("SELECT * FROM meetings WHERE id = \(bind: id.rawValue) FOR UPDATE").first() else { return nil }
            return try await record(from: row, sql: sql)
        }
        return try await find(id, sql: sql)
    }

    /// Every meeting, earliest first.
    public func all(sql: any SQLDatabase) async throws -> [MeetingRecord] {
        var records: [MeetingRecord] = []
        for row in try await sql.select().column("*").from("meetings").orderBy("starts_at").orderBy("id").all() {
            records.append(try await record(from: row, sql: sql))
        }
        return records
    }

    /// The meeting a poll is linked to (as its time poll or under its agenda), if any.
    public func meetingID(linkedTo poll: PollID, sql: any SQLDatabase) async throws -> MeetingID? {
        if let row = try await sql.select().column("meeting_id").from("meeting_polls").where("poll_id", .equal, SQLBind(poll.rawValue)).first() {
            return MeetingID(rawValue: try row.decode(column: "meeting_id", as: String.self))
        }
        if let row = try await sql.select().column("id").from("meetings").where("time_poll_id", .equal, SQLBind(poll.rawValue)).first() {
            return MeetingID(rawValue: try row.decode(column: "id", as: String.self))
        }
        return nil
    }

    /// Records the decided time.
    public func setTime(_ id: MeetingID, startsAt: Date, sql: any SQLDatabase) async throws {
        try await sql.update("meetings").set("starts_at", to: SQLBind(Clock.milliseconds(startsAt))).set("time_set", to: SQLBind(1))
            .where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Records that the organiser opened the meeting.
    public func setOpened(_ id: MeetingID, at date: Date, sql: any SQLDatabase) async throws {
        try await sql.update("meetings").set("opened_at", to: SQLBind(Clock.milliseconds(date))).where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Records one member's attendance (the `seq`-th recorded).
    public func addAttendance(_ meeting: MeetingID, _ attendance: Attendance, seq: Int, at date: Date, sql: any SQLDatabase) async throws {
        var holder: String?
        var proxy: String?
        let mode: String
        switch attendance.mode {
        case .inPerson: mode = "in-person"
        case .online: mode = "online"
        case .byProxy(let by, let id):
            mode = "by-proxy"
            holder = by.rawValue
            proxy = id.rawValue
        }
        try await sql.insert(into: "meeting_attendance").columns("meeting_id", "member_id", "mode", "holder_id", "proxy_id", "seq", "recorded_at")
            .values(
                SQLBind(meeting.rawValue), SQLBind(attendance.member.rawValue), SQLBind(mode), SQLBind(holder), SQLBind(proxy), SQLBind(seq),
                SQLBind(Clock.milliseconds(date))
            )
            .run()
    }

    /// Saves the minutes of one agenda item.
    public func saveItemMinutes(_ meeting: MeetingID, position: Int, _ minutes: AgendaMinutes, sql: any SQLDatabase) async throws {
        try await sql.update("meeting_agenda_items").set("notes", to: SQLBind(minutes.notes)).set("outcome", to: SQLBind(minutes.outcome))
            .where("meeting_id", .equal, SQLBind(meeting.rawValue)).where("position", .equal, SQLBind(position)).run()
    }

    /// Records where the minutes stand.
    public func setMinutesState(_ id: MeetingID, _ state: MinutesState, sql: any SQLDatabase) async throws {
        let (name, author, signer, at): (String, MemberID?, MemberID?, Date?) =
            switch state {
            case .notStarted: ("not-started", nil, nil, nil)
            case .draft(let author): ("draft", author, nil, nil)
            case .awaitingSignOff(let author, let submitted): ("awaiting", author, nil, submitted)
            case .signedOff(let author, let signer, let date): ("signed-off", author, signer, date)
            }
        try await sql.update("meetings").set("minutes_state", to: SQLBind(name)).set("minutes_author", to: SQLBind(author?.rawValue))
            .set("minutes_signer", to: SQLBind(signer?.rawValue)).set("minutes_at", to: SQLBind(at.map(Clock.milliseconds)))
            .where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Files a meeting proxy.
    public func insertProxy(_ proxy: Proxy, sql: any SQLDatabase) async throws {
        guard case .meeting(let meeting) = proxy.scope else { return }
        try await sql.insert(into: "proxies").columns("id", "giver_id", "holder_id", "meeting_id", "granted_at")
            .values(
                SQLBind(proxy.id.rawValue), SQLBind(proxy.giver.rawValue), SQLBind(proxy.holder.rawValue), SQLBind(meeting.rawValue),
                SQLBind(Clock.milliseconds(proxy.grantedAt))
            )
            .run()
    }

    /// Every proxy filed for `meeting`, withdrawn ones included, in filing order.
    public func proxies(for meeting: MeetingID, sql: any SQLDatabase) async throws -> [Proxy] {
        try await sql.select().column("*").from("proxies").where("meeting_id", .equal, SQLBind(meeting.rawValue)).orderBy("granted_at")
            .orderBy("id").all()
            .compactMap { row in
                guard let id = ProxyID(rawValue: try row.decode(column: "id", as: String.self)),
                    let giver = MemberID(rawValue: try row.decode(column: "giver_id", as: String.self)),
                    let holder = MemberID(rawValue: try row.decode(column: "holder_id", as: String.self))
                else { return nil }
                return Proxy(
                    id: id, giver: giver, holder: holder, scope: .meeting(meeting),
                    grantedAt: Clock.date(try row.decode(column: "granted_at", as: Int64.self)),
                    revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Clock.date)
                )
            }
    }

    private func record(from row: any SQLRow, sql: any SQLDatabase) async throws -> MeetingRecord {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optionalMember(_ column: String) throws -> MemberID? { try row.decode(column: column, as: String?.self).flatMap(MemberID.init(rawValue:)) }
        guard let id = MeetingID(rawValue: try text("id")), let organiser = MemberID(rawValue: try text("organiser_id")),
            let type = DecisionType(rawValue: try text("decision_type")), let kind = MeetingKind(rawValue: try text("kind"))
        else { throw GovernanceDecodingError(what: "meeting") }
        let links = try await sql.select().column("*").from("meeting_polls").where("meeting_id", .equal, SQLBind(id.rawValue))
            .orderBy("linked_at").orderBy("poll_id").all()
            .compactMap { row -> MeetingPollLink? in
                guard let poll = PollID(rawValue: try row.decode(column: "poll_id", as: String.self)),
                    let purpose = MeetingPollPurpose(rawValue: try row.decode(column: "purpose", as: String.self))
                else { return nil }
                return MeetingPollLink(pollID: poll, position: try row.decode(column: "position", as: Int.self), purpose: purpose)
            }
        var agenda: [AgendaItem] = []
        var itemMinutes: [AgendaMinutes] = []
        for item in try await sql.select().column("*").from("meeting_agenda_items").where("meeting_id", .equal, SQLBind(id.rawValue))
            .orderBy("position").all()
        {
            let position = try item.decode(column: "position", as: Int.self)
            agenda.append(
                AgendaItem(
                    title: try item.decode(column: "title", as: String.self), minutes: try item.decode(column: "minutes", as: Int.self),
                    linkedPolls: links.filter { $0.position == position }.map(\.pollID)
                )
            )
            itemMinutes.append(
                AgendaMinutes(notes: try item.decode(column: "notes", as: String.self), outcome: try item.decode(column: "outcome", as: String.self))
            )
        }
        let attendance = try await sql.select().column("*").from("meeting_attendance").where("meeting_id", .equal, SQLBind(id.rawValue))
            .orderBy("seq").all()
            .compactMap { row -> Attendance? in
                guard let member = MemberID(rawValue: try row.decode(column: "member_id", as: String.self)) else { return nil }
                switch try row.decode(column: "mode", as: String.self) {
                case "in-person": return Attendance(member: member, mode: .inPerson)
                case "online": return Attendance(member: member, mode: .online)
                default:
                    guard let holder = try row.decode(column: "holder_id", as: String?.self).flatMap(MemberID.init(rawValue:)),
                        let proxy = try row.decode(column: "proxy_id", as: String?.self).flatMap(ProxyID.init(rawValue:))
                    else { return nil }
                    return Attendance(member: member, mode: .byProxy(holder: holder, proxy: proxy))
                }
            }
        let at = try row.decode(column: "minutes_at", as: Int64?.self).map(Clock.date)
        let minutes: MinutesState
        switch (try text("minutes_state"), try optionalMember("minutes_author"), try optionalMember("minutes_signer"), at) {
        case ("draft", let author?, _, _): minutes = .draft(author: author)
        case ("awaiting", let author?, _, let at?): minutes = .awaitingSignOff(author: author, submittedAt: at)
        case ("signed-off", let author?, let signer?, let at?): minutes = .signedOff(author: author, signedBy: signer, at: at)
        default: minutes = .notStarted
        }
        let meeting = Meeting(
            id: id, title: try text("title"), decisionType: type, startsAt: Clock.date(try row.decode(column: "starts_at", as: Int64.self)),
            agenda: agenda, attendance: attendance, minutes: minutes
        )
        return MeetingRecord(
            meeting: meeting, kind: kind, organiser: organiser, location: try text("location"),
            isTimeSet: try row.decode(column: "time_set", as: Int64.self) != 0,
            timePollID: try row.decode(column: "time_poll_id", as: String?.self).flatMap(PollID.init(rawValue:)),
            openedAt: try row.decode(column: "opened_at", as: Int64?.self).map(Clock.date), itemMinutes: itemMinutes, links: links,
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self))
        )
    }
}
