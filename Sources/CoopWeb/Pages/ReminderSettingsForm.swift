import CoopApp
import CoopDomain
import Foundation

/// The proposal form's choices for the governed reminder lead times and waitlist offer duration: reading them, and the
/// values typed when the form comes back with an error. A value that is not a whole number is refused with the same
/// message as one out of range, which names the field and its limits.
enum ReminderSettingsForm {
    /// The `setting` radio values this form handles.
    static let choices = ["session-reminder-leads", "group-reminder-lead", "waitlist-offer-duration"]

    /// The setting chosen in `form`, or nil when the choice is not one of ``choices``.
    static func setting(from form: FormFields) throws(GovernanceError) -> GovernedSetting? {
        switch form["setting"] {
        case "session-reminder-leads":
            let parts = form["session_reminder_hours"].split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
            guard parts.count <= SessionReminderLeads.maximumCount else { throw .invalidSetting(.sessionReminderLeadCount(parts.count)) }
            var hours: [Int] = []
            for part in parts {
                guard let value = Int(part) else { throw .invalidSetting(.sessionReminderLeadOutOfRange(hours: 0)) }
                hours.append(value)
            }
            let setting = GovernedSetting.sessionReminderLeads(SessionReminderLeads(hours: hours))
            try setting.validate(knownClasses: [])
            return setting
        case "group-reminder-lead":
            let hours = Int(form["group_reminder_hours"].trimmingCharacters(in: .whitespaces)) ?? 0
            let setting = GovernedSetting.groupReminderLead(GroupReminderLead(hours: hours))
            try setting.validate(knownClasses: [])
            return setting
        case "waitlist-offer-duration":
            let hours = Int(form["waitlist_offer_hours"].trimmingCharacters(in: .whitespaces)) ?? 0
            let setting = GovernedSetting.waitlistOfferDuration(WaitlistOfferDuration(hours: hours))
            try setting.validate(knownClasses: [])
            return setting
        default:
            return nil
        }
    }

    /// The form model's entries for these choices.
    static func model(form: FormFields?) -> [String: Any] {
        [
            "sessionReminderChecked": form?["setting"] == "session-reminder-leads",
            "groupReminderChecked": form?["setting"] == "group-reminder-lead",
            "waitlistOfferChecked": form?["setting"] == "waitlist-offer-duration",
            "formSessionReminderHours": String((form?["session_reminder_hours"] ?? "").prefix(20)),
            "formGroupReminderHours": String((form?["group_reminder_hours"] ?? "").prefix(10)),
            "formWaitlistOfferHours": String((form?["waitlist_offer_hours"] ?? "").prefix(10)),
        ]
    }

    /// A setting's name in the viewer's language, for the settings page and proposals.
    static func name(_ key: GovernedSettingKey, renderer: PageRenderer, language: Language) -> String? {
        switch key {
        case .sessionReminderLeads: renderer.catalog.text("lead.setting.session_reminder_leads", language)
        case .groupReminderLead: renderer.catalog.text("lead.setting.group_reminder_lead", language)
        case .waitlistOfferDuration: renderer.catalog.text("lead.setting.waitlist_offer_duration", language)
        default: nil
        }
    }

    /// A setting's value in words.
    static func value(_ setting: GovernedSetting, renderer: PageRenderer, language: Language) -> String? {
        switch setting {
        case .sessionReminderLeads(let leads):
            let list = leads.hours.map(String.init).joined(separator: renderer.catalog.text("lead.value.and", language))
            return renderer.catalog.text("lead.value.hours_before", language, ["hours": list])
        case .groupReminderLead(let lead):
            return renderer.catalog.text("lead.value.hours_before", language, ["hours": String(lead.hours)])
        case .waitlistOfferDuration(let offer):
            return renderer.catalog.text("lead.value.hours", language, ["hours": String(offer.hours)])
        default:
            return nil
        }
    }
}
