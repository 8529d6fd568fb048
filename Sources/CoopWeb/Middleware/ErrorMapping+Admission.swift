import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Membership applications and resignations the rules refuse.
    static func describeAdmission(_ error: AdmissionError) -> Description {
        switch error {
        case .unknownClass: Description(status: .badRequest, code: "admission", messageKey: "admission.error.unknown_class")
        case .alreadyMember: Description(status: .conflict, code: "admission", messageKey: "admission.error.already_member")
        case .applicationPending: Description(status: .conflict, code: "admission", messageKey: "admission.error.pending")
        case .invalidStatement(let maximum):
            Description(status: .badRequest, code: "admission", messageKey: "admission.error.statement", values: ["max": String(maximum)])
        case .noVoters: Description(status: .conflict, code: "admission", messageKey: "admission.error.no_voters")
        case .notActiveMember: Description(status: .conflict, code: "admission", messageKey: "admission.error.not_active")
        case .resignationNotConfirmed: Description(status: .badRequest, code: "admission", messageKey: "admission.error.confirm")
        }
    }

    /// Comments the discussion rules refuse.
    static func describeComment(_ error: CommentError) -> Description {
        switch error {
        case .invalidLength(let maximum):
            Description(status: .badRequest, code: "comment", messageKey: "discussion.error.length", values: ["max": String(maximum)])
        case .parentNotFound: Description(status: .badRequest, code: "comment", messageKey: "discussion.error.parent")
        case .replyToReply: Description(status: .badRequest, code: "comment", messageKey: "discussion.error.reply_depth")
        case .closed: Description(status: .conflict, code: "comment", messageKey: "discussion.error.closed")
        case .notAParticipant: Description(status: .forbidden, code: "comment", messageKey: "discussion.error.not_participant")
        }
    }

    /// Score, dot-vote and meeting-time form fields that could not be read.
    static func describePollForm(_ error: PollFormError) -> Description {
        switch error {
        case .field(let name):
            Description(
                status: .badRequest, code: "invalid-field", messageKey: "polls.error.\(name)",
                values: ["max": String(Int(EmergencyChange.longestDuration / 86400))]
            )
        case .tooManyDots(let used, let allowed):
            Description(
                status: .badRequest, code: "too-many-dots", messageKey: "polls.error.too_many_dots",
                values: ["used": String(used), "allowed": String(allowed)]
            )
        case .noDots: Description(status: .badRequest, code: "no-dots", messageKey: "polls.error.no_dots")
        }
    }

    /// Emergency changes the rules refuse, or nil for every other governance error.
    static func describeEmergency(_ error: GovernanceError) -> Description? {
        switch error {
        case .emergencyAlreadyInForce: Description(status: .conflict, code: "emergency", messageKey: "emergency.error.in_force")
        case .emergencyDurationOutOfRange(let maximum):
            Description(status: .badRequest, code: "emergency", messageKey: "polls.error.days", values: ["max": String(Int(maximum / 86400))])
        case .objectionsUnresolved: Description(status: .conflict, code: "consent", messageKey: "consent.error.objections")
        case .objectionNotFound: Description(status: .badRequest, code: "consent", messageKey: "consent.error.not_found")
        case .consentRoundNotOpen, .consentAlreadyReached: Description(status: .conflict, code: "consent", messageKey: "consent.error.not_open")
        case .emergencyReasonRequired(let maximum):
            Description(status: .badRequest, code: "emergency", messageKey: "emergency.error.reason", values: ["max": String(maximum)])
        default: nil
        }
    }
}
