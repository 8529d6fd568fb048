import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Whether a governance error is about a meeting (and so worded by ``describeMeeting(_:)-(GovernanceError)``).
    static func isMeetingError(_ error: GovernanceError) -> Bool {
        switch error {
        case .invalidMeeting, .alreadyAttending, .invalidMinutesTransition, .notMinutesAuthor, .signerIsAuthor, .signerDidNotAttend, .proxyHolderAbsent:
            true
        default: false
        }
    }

    /// Meeting rules from the domain's meeting type: agenda, attendance, minutes.
    static func describeMeeting(_ error: GovernanceError) -> Description {
        func bad(_ key: String) -> Description { Description(status: .badRequest, code: "meeting", messageKey: "meetings.error." + key) }
        func conflict(_ key: String) -> Description { Description(status: .conflict, code: "meeting", messageKey: "meetings.error." + key) }
        switch error {
        case .invalidMeeting(let item?):
            return Description(
                status: .badRequest, code: "meeting", messageKey: "meetings.error.agenda_item", values: ["number": String(item + 1), "max": "480"]
            )
        case .invalidMeeting(nil): return bad("title")
        case .alreadyAttending: return conflict("already_attending")
        case .invalidMinutesTransition(.signedOff): return conflict("minutes_signed")
        case .invalidMinutesTransition: return conflict("minutes_step")
        case .notMinutesAuthor: return Description(status: .forbidden, code: "meeting", messageKey: "meetings.error.not_author")
        case .signerIsAuthor: return Description(status: .forbidden, code: "meeting", messageKey: "meetings.error.signer_is_author")
        case .signerDidNotAttend: return Description(status: .forbidden, code: "meeting", messageKey: "meetings.error.signer_absent")
        case .proxyHolderAbsent: return conflict("holder_absent")
        default: return bad("rules")
        }
    }

    /// Scheduling and running a meeting.
    static func describeMeeting(_ error: MeetingError) -> Description {
        func bad(_ key: String, _ values: [String: String] = [:]) -> Description {
            Description(status: .badRequest, code: "meeting", messageKey: "meetings.error." + key, values: values)
        }
        func conflict(_ key: String, _ values: [String: String] = [:]) -> Description {
            Description(status: .conflict, code: "meeting", messageKey: "meetings.error." + key, values: values)
        }
        switch error {
        case .meetingNotFound: return Description(status: .notFound, code: "meeting-not-found", messageKey: "meetings.error.not_found")
        case .invalidField(let field): return bad("field", ["field": field])
        case .invalidTitle(let maximum): return bad("title_length", ["max": String(maximum)])
        case .agendaSize(let maximum): return bad("agenda_size", ["max": String(maximum)])
        case .timeInPast: return bad("time_in_past")
        case .candidateTimes(let maximum): return bad("candidates", ["max": String(maximum)])
        case .timePollClosesTooLate: return bad("poll_closes")
        case .timeNotSet: return conflict("time_not_set")
        case .slotNotFound: return bad("slot")
        case .alreadyStarted: return conflict("started")
        case .notStarted: return conflict("not_started")
        case .notQuorate(let required, let present): return conflict("not_quorate", ["required": String(required), "present": String(present)])
        case .unknownMember: return bad("unknown_member")
        case .proxyInUse: return conflict("proxy_in_use")
        case .minutesTooLong(let maximum): return bad("minutes_length", ["max": String(maximum)])
        case .agendaItemNotFound: return bad("agenda_item_missing")
        }
    }
}
