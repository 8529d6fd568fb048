import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Refused values of the governed reminder lead times, waitlist offer duration and cancellation fees, each message naming the field
    /// and its limits; nil for every other governance error.
    static func describeLead(_ error: GovernanceError) -> Description? {
        guard case .invalidSetting(let problem) = error else { return nil }
        func bad(_ key: String, _ values: [String: String]) -> Description {
            Description(status: .badRequest, code: "invalid-setting", messageKey: "lead.error." + key, values: values)
        }
        let session = SessionReminderLeads.hoursRange
        switch problem {
        case .sessionReminderLeadCount:
            return bad("session_reminder_count", ["max": String(SessionReminderLeads.maximumCount)])
        case .sessionReminderLeadOutOfRange:
            return bad("session_reminder_range", ["min": String(session.lowerBound), "max": String(session.upperBound)])
        case .sessionReminderLeadsRepeated(let hours):
            return bad("session_reminder_repeated", ["hours": String(hours)])
        case .groupReminderLeadOutOfRange:
            return bad(
                "group_reminder_range",
                ["min": String(GroupReminderLead.hoursRange.lowerBound), "max": String(GroupReminderLead.hoursRange.upperBound)])
        case .waitlistOfferDurationOutOfRange:
            return bad(
                "waitlist_offer_range",
                ["min": String(WaitlistOfferDuration.hoursRange.lowerBound), "max": String(WaitlistOfferDuration.hoursRange.upperBound)])
        case .cancellationFeeOutOfRange:
            return Description(
                status: .badRequest, code: "invalid-setting", messageKey: "fees.error.range", values: ["max": CancellationFees.largest.description])
        default:
            return nil
        }
    }
}
