import CoopDomain
import Foundation
import SQLKit

/// The governed reminder and waitlist settings in force, read without the rest of the bylaws.
public struct ReminderSettings: Sendable, Equatable {
    /// When session reminders go out.
    public var sessionLeads: SessionReminderLeads
    /// When group and workshop reminders go out.
    public var groupLead: GroupReminderLead
    /// How long a waitlist offer holds.
    public var offerDuration: WaitlistOfferDuration

    /// Creates the values.
    public init(
        sessionLeads: SessionReminderLeads = .standard, groupLead: GroupReminderLead = .standard, offerDuration: WaitlistOfferDuration = .standard
    ) {
        self.sessionLeads = sessionLeads
        self.groupLead = groupLead
        self.offerDuration = offerDuration
    }
}

extension GovernedSettingStore {
    /// The reminder lead times and the waitlist offer duration in force; the defaults for any not stored.
    public func reminderSettings(sql: any SQLDatabase) async throws -> ReminderSettings {
        var settings = ReminderSettings()
        let keys: [GovernedSettingKey] = [.sessionReminderLeads, .groupReminderLead, .waitlistOfferDuration]
        let rows = try await sql.select().column("value").from("governed_settings").where("key", .in, keys.map(\.name)).all()
        for row in rows {
            switch try GovernanceJSON.decodeSetting(try row.decode(column: "value", as: String.self)) {
            case .sessionReminderLeads(let value): settings.sessionLeads = value
            case .groupReminderLead(let value): settings.groupLead = value
            case .waitlistOfferDuration(let value): settings.offerDuration = value
            default: break
            }
        }
        return settings
    }
}

extension GovernedSettingStore {
    /// The cancellation window and the late-cancellation and no-show fees in force (a passed decision, or an emergency
    /// change while it lasts): 24 hours and no fees when none is stored.
    public func cancellationTerms(sql: any SQLDatabase) async throws -> (window: CancellationWindow, fees: CancellationFees) {
        var window = CancellationWindow.hours(24)
        var fees = CancellationFees.standard
        let keys: [GovernedSettingKey] = [.cancellationWindow, .cancellationFees]
        for row in try await sql.select().column("value").from("governed_settings").where("key", .in, keys.map(\.name)).all() {
            switch try GovernanceJSON.decodeSetting(try row.decode(column: "value", as: String.self)) {
            case .cancellationWindow(let value): window = value
            case .cancellationFees(let value): fees = value
            default: break
            }
        }
        return (window, fees)
    }

    /// The cancellation window in force; 24 hours when none is stored.
    public func cancellationWindow(sql: any SQLDatabase) async throws -> CancellationWindow {
        try await cancellationTerms(sql: sql).window
    }
}
