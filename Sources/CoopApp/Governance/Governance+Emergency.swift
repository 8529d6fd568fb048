import CoopData
import CoopDomain
import Foundation
import SQLKit

extension Governance {
    /// A coordinator puts a governed setting in force without a vote because it cannot wait: audited, lasting at most
    /// `duration` (the domain's limit is 30 days), with a stated reason. A ratification proposal of the setting's
    /// decision type opens at once and closes before the change expires; passing it keeps the value, failing it or
    /// expiry puts the previous value back. Returns the ratification poll's id.
    @discardableResult
    public func enactEmergency(
        actor: Actor, setting: GovernedSetting, reason: String, lasting duration: TimeInterval, origin: RequestOrigin
    ) async throws -> PollID {
        try await authorize(actor, .enactEmergencyChange, origin: origin)
        guard let coordinator = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await settleDue(origin: origin)
        let now = self.now()
        return try await services.database.transaction { sql in
            var current = try await loadWithEmergencies(sql: sql)
            let change = try current.enactEmergency(setting, by: coordinator, reason: reason, at: now, lasting: duration)
            let rule = try current.bylaws.rule(for: setting.requiredDecisionType)
            // Decided before expiry, or the ratification would come too late to count.
            let closes = min(Poll.defaultClosingTime(opensAt: now, rule: rule), change.expiresAt.addingTimeInterval(-60))
            let poll = Poll(
                author: coordinator, title: "Ratify the emergency change: \(setting.key.name)", decisionType: setting.requiredDecisionType,
                kind: .proposal, subject: .ratification(change.id), opensAt: now, closesAt: closes
            )
            try poll.validate(rule: rule)
            let electorate = try Electorate(for: poll, rule: rule, memberships: try await electorateMemberships(sql: sql))
            try await polls.insert(PollRecord(poll: poll, body: change.reason, electorate: electorate, rule: rule, createdAt: now), sql: sql)
            try await EmergencyStore().insert(change, ratificationPoll: poll.id, sql: sql)
            try await EmergencyStore().recordSetting(setting, cause: "emergency", decidedBy: nil, at: now, sql: sql)
            try await notify(.opened(title: poll.title, pollID: poll.id, closesAt: poll.closesAt), to: electorate.members, at: now, sql: sql)
            try await audit.append(change.auditEvent, origin: origin, at: now, sql: sql)
            return poll.id
        }
    }

    /// Emergency changes on record, newest first.
    public func emergencies() async throws -> [EmergencyRecord] {
        try await services.database.read { sql in Array(try await EmergencyStore().all(sql: sql).reversed()) }
    }

    /// Reverts every emergency change whose expiry has passed (run with the other due work).
    func expireDueEmergencies(origin: RequestOrigin, at now: Date) async throws {
        let due = try await services.database.read { sql in
            try await EmergencyStore().all(sql: sql).filter { $0.change.isInForce && now >= $0.change.expiresAt }
        }
        guard !due.isEmpty else { return }
        try await services.database.transaction { sql in
            var current = try await loadWithEmergencies(sql: sql)
            for change in current.expireEmergencies(at: now) {
                try await EmergencyStore().update(change, sql: sql)
                if current.value(of: change.setting.key) == change.previous {
                    try await EmergencyStore().recordSetting(
                        change.previous, cause: "emergency-expired", decidedBy: nil, at: change.expiresAt, sql: sql)
                }
                try await audit.append(change.auditEvent, origin: origin, at: now, sql: sql)
            }
        }
    }

    /// Applies a closed ratification poll to its emergency change (in the poll's settling transaction).
    func settleRatification(_ result: PollResult, poll: Poll, origin: RequestOrigin, at now: Date, sql: any SQLDatabase) async throws {
        guard case .ratification(let id) = poll.subject else { return }
        var current = try await loadWithEmergencies(sql: sql)
        guard current.emergency(id)?.isInForce == true else { return }
        let change: EmergencyChange
        if result.status == .passed {
            change = try current.ratifyEmergency(id, by: result.record, at: now)
            try await EmergencyStore().recordSetting(change.setting, cause: "emergency-ratified", decidedBy: poll.id, at: now, sql: sql)
        } else {
            change = try current.rejectEmergency(id, by: result.record, at: now)
            if current.value(of: change.setting.key) == change.previous {
                try await EmergencyStore().recordSetting(change.previous, cause: "emergency-rejected", decidedBy: poll.id, at: now, sql: sql)
            }
        }
        try await EmergencyStore().update(change, sql: sql)
        try await audit.append(change.auditEvent, origin: origin, at: now, sql: sql)
    }

    /// The settings in force with the emergency changes on record.
    func loadWithEmergencies(sql: any SQLDatabase) async throws -> GovernedSettings {
        let loaded = try await settings.load(sql: sql)
        return GovernedSettings(
            bylaws: loaded.bylaws, cancellationWindow: loaded.cancellationWindow, slidingScale: loaded.slidingScale,
            sessionReminderLeads: loaded.sessionReminderLeads, groupReminderLead: loaded.groupReminderLead,
            waitlistOfferDuration: loaded.waitlistOfferDuration, cancellationFees: loaded.cancellationFees, history: loaded.history,
            emergencies: try await EmergencyStore().all(sql: sql).map(\.change)
        )
    }

    /// Everything that falls due with time: polls past their closing time are counted and applied, closing reminders
    /// sent, and emergency changes past their expiry reverted. Governance pages call it when read; a scheduler may call
    /// it too.
    public func runDueWork(now: Date? = nil, origin: RequestOrigin = .system) async throws {
        try await settleDue(origin: origin, at: now)
    }
}
