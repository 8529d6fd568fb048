import CoopDomain
import Foundation
import SQLKit

/// One line of a governed setting's stored history.
public struct SettingHistoryRecord: Sendable, Equatable {
    /// The setting's stored name.
    public var key: String
    /// The value from this line on.
    public var value: GovernedSetting
    /// What made it: `founding` (the seeded bylaws) or `decision`.
    public var cause: String
    /// The decision that made it, if one did.
    public var decidedBy: PollID?
    /// When it took effect.
    public var at: Date
}

/// Governed settings and their history in SQL. Values change only through ``record(_:decidedBy:at:sql:)``, which the
/// governance use case calls when a decision passes.
public struct GovernedSettingStore: Sendable {
    /// Creates the store.
    public init() {}

    /// The settings in force, with the bylaws' classes, as the domain's ``GovernedSettings`` (history included).
    public func load(sql: any SQLDatabase) async throws -> GovernedSettings {
        let classes = try await MembershipStore().classes(sql: sql)
        var rules: [DecisionType: DecisionRule] = [:]
        var window = CancellationWindow.hours(24)
        var scale = M002Governance.startingSlidingScale
        var sessionLeads = SessionReminderLeads.standard
        var groupLead = GroupReminderLead.standard
        var offer = WaitlistOfferDuration.standard
        var fees = CancellationFees.standard
        for row in try await sql.select().columns("key", "value").from("governed_settings").all() {
            switch try GovernanceJSON.decodeSetting(try row.decode(column: "value", as: String.self)) {
            case .decisionRule(let type, let rule): rules[type] = rule
            case .cancellationWindow(let value): window = value
            case .slidingScale(let value): scale = value
            case .sessionReminderLeads(let value): sessionLeads = value
            case .groupReminderLead(let value): groupLead = value
            case .waitlistOfferDuration(let value): offer = value
            case .cancellationFees(let value): fees = value
            }
        }
        var history: [SettingHistoryEntry] = []
        // Settings added after the founding (M010, and the fees) start from their defaults when no founding line was stored.
        let defaults: [GovernedSetting] = [
            .sessionReminderLeads(.standard), .groupReminderLead(.standard), .waitlistOfferDuration(.standard), .cancellationFees(.standard),
        ]
        var previous: [String: GovernedSetting] = Dictionary(uniqueKeysWithValues: defaults.map { ($0.key.name, $0) })
        for record in try await self.history(sql: sql) {
            if let poll = record.decidedBy, let before = previous[record.key] {
                history.append(
                    SettingHistoryEntry(key: record.value.key, value: record.value, previous: before, cause: .decision(poll), at: record.at))
            }
            previous[record.key] = record.value
        }
        return GovernedSettings(
            bylaws: Bylaws(memberClasses: classes, decisionRules: rules), cancellationWindow: window, slidingScale: scale,
            sessionReminderLeads: sessionLeads, groupReminderLead: groupLead, waitlistOfferDuration: offer,
            cancellationFees: fees, history: history
        )
    }

    /// Puts `setting` in force and adds the history line naming the decision.
    public func record(_ setting: GovernedSetting, decidedBy poll: PollID, at date: Date, sql: any SQLDatabase) async throws {
        let value = GovernanceJSON.encode(setting)
        let key = setting.key.name
        let previous = try await sql.select().column("value").from("governed_settings").where("key", .equal, SQLBind(key)).first()
            .map { try $0.decode(column: "value", as: String.self) }
        try await sql.delete(from: "governed_settings").where("key", .equal, SQLBind(key)).run()
        try await sql.insert(into: "governed_settings").columns("key", "value", "decided_by", "updated_at")
            .values(SQLBind(key), SQLBind(value), SQLBind(poll.rawValue), SQLBind(Clock.milliseconds(date))).run()
        let last = try await sql.raw("SELECT COALESCE(MAX(seq), 0) AS seq FROM governed_setting_history").first()
        let seq = try last?.decode(column: "seq", as: Int64.self) ?? 0
        try await sql.insert(into: "governed_setting_history").columns("id", "seq", "key", "value", "previous", "cause", "decided_by", "at")
            .values(
                SQLBind(UUID().uuidString.lowercased()), SQLBind(seq + 1), SQLBind(key), SQLBind(value), SQLBind(previous), SQLBind("decision"),
                SQLBind(poll.rawValue), SQLBind(Clock.milliseconds(date))
            )
            .run()
    }

    /// Every history line, in the order the changes were made.
    public func history(sql: any SQLDatabase) async throws -> [SettingHistoryRecord] {
        try await sql.select().column("*").from("governed_setting_history").orderBy("seq").all().map { row in
            SettingHistoryRecord(
                key: try row.decode(column: "key", as: String.self),
                value: try GovernanceJSON.decodeSetting(try row.decode(column: "value", as: String.self)),
                cause: try row.decode(column: "cause", as: String.self),
                decidedBy: try row.decode(column: "decided_by", as: String?.self).flatMap(PollID.init(rawValue:)),
                at: Clock.date(try row.decode(column: "at", as: Int64.self))
            )
        }
    }
}
