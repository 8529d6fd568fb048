import CoopDomain
import Foundation
import SQLKit

/// An emergency change as stored, with the poll that would ratify it.
public struct EmergencyRecord: Sendable, Equatable {
    /// The change and where it stands.
    public var change: EmergencyChange
    /// The ratification poll opened with it.
    public var ratificationPoll: PollID?
}

/// Emergency changes of governed settings, and the setting values and history lines they write, in SQL.
public struct EmergencyStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Stores a new change (in force) with its ratification poll.
    public func insert(_ change: EmergencyChange, ratificationPoll: PollID, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "emergency_changes")
            .columns("id", "key", "value", "previous", "enacted_by", "reason", "enacted_at", "expires_at", "state", "ended_at", "poll_id")
            .values(
                SQLBind(change.id.rawValue), SQLBind(change.setting.key.name), SQLBind(GovernanceJSON.encode(change.setting)),
                SQLBind(GovernanceJSON.encode(change.previous)), SQLBind(change.enactedBy.rawValue), SQLBind(change.reason),
                SQLBind(Clock.milliseconds(change.enactedAt)), SQLBind(Clock.milliseconds(change.expiresAt)), SQLBind("in-force"),
                SQLBind(Int64?.none), SQLBind(ratificationPoll.rawValue)
            )
            .run()
    }

    /// Records how a change ended (ratified, rejected or expired).
    public func update(_ change: EmergencyChange, sql: any SQLDatabase) async throws {
        let (state, ended): (String, Date?) =
            switch change.state {
            case .inForce: ("in-force", nil)
            case .ratified(_, let at): ("ratified", at)
            case .reverted(.expired, let at): ("expired", at)
            case .reverted(.rejected, let at): ("rejected", at)
            }
        var decidedBy: String?
        if case .ratified(let poll, _) = change.state { decidedBy = poll.rawValue }
        if case .reverted(.rejected(let poll), _) = change.state { decidedBy = poll.rawValue }
        try await sql.update("emergency_changes").set("state", to: SQLBind(state)).set("ended_at", to: SQLBind(ended.map(Clock.milliseconds)))
            .set("decided_by", to: SQLBind(decidedBy)).where("id", .equal, SQLBind(change.id.rawValue)).run()
    }

    /// Every emergency change, oldest first.
    public func all(sql: any SQLDatabase) async throws -> [EmergencyRecord] {
        try await sql.select().column("*").from("emergency_changes").orderBy("enacted_at").all().compactMap { row in
            guard let id = EmergencyChangeID(rawValue: try row.decode(column: "id", as: String.self)),
                let member = MemberID(rawValue: try row.decode(column: "enacted_by", as: String.self))
            else { return nil }
            let ended = try row.decode(column: "ended_at", as: Int64?.self).map(Clock.date)
            let decided = try row.decode(column: "decided_by", as: String?.self).flatMap(PollID.init(rawValue:))
            let expiresAt = Clock.date(try row.decode(column: "expires_at", as: Int64.self))
            let state: EmergencyState
            switch try row.decode(column: "state", as: String.self) {
            case "ratified": state = decided.map { .ratified(by: $0, at: ended ?? expiresAt) } ?? .inForce
            case "rejected": state = decided.map { .reverted(.rejected(by: $0), at: ended ?? expiresAt) } ?? .inForce
            case "expired": state = .reverted(.expired, at: ended ?? expiresAt)
            default: state = .inForce
            }
            let change = EmergencyChange(
                id: id, setting: try GovernanceJSON.decodeSetting(try row.decode(column: "value", as: String.self)),
                previous: try GovernanceJSON.decodeSetting(try row.decode(column: "previous", as: String.self)), enactedBy: member,
                reason: try row.decode(column: "reason", as: String.self),
                enactedAt: Clock.date(try row.decode(column: "enacted_at", as: Int64.self)),
                expiresAt: expiresAt, state: state
            )
            return EmergencyRecord(
                change: change, ratificationPoll: try row.decode(column: "poll_id", as: String?.self).flatMap(PollID.init(rawValue:)))
        }
    }

    /// Puts `setting` in force and adds a history line with `cause` (`emergency`, `emergency-ratified`,
    /// `emergency-rejected`, `emergency-expired`) and the decision behind it, if any.
    public func recordSetting(_ setting: GovernedSetting, cause: String, decidedBy poll: PollID?, at date: Date, sql: any SQLDatabase) async throws {
        let value = GovernanceJSON.encode(setting)
        let key = setting.key.name
        let previous = try await sql.select().column("value").from("governed_settings").where("key", .equal, SQLBind(key)).first()
            .map { try $0.decode(column: "value", as: String.self) }
        try await sql.delete(from: "governed_settings").where("key", .equal, SQLBind(key)).run()
        try await sql.insert(into: "governed_settings").columns("key", "value", "decided_by", "updated_at")
            .values(SQLBind(key), SQLBind(value), SQLBind(poll?.rawValue), SQLBind(Clock.milliseconds(date))).run()
        let last = try await sql.raw("SELECT COALESCE(MAX(seq), 0) AS seq FROM governed_setting_history").first()
        let seq = try last?.decode(column: "seq", as: Int64.self) ?? 0
        try await sql.insert(into: "governed_setting_history").columns("id", "seq", "key", "value", "previous", "cause", "decided_by", "at")
            .values(
                SQLBind(UUID().uuidString.lowercased()), SQLBind(seq + 1), SQLBind(key), SQLBind(value), SQLBind(previous), SQLBind(cause),
                SQLBind(poll?.rawValue), SQLBind(Clock.milliseconds(date))
            )
            .run()
    }
}
