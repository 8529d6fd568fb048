import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Group and workshop errors: what the visitor or member did that the rules refuse.
    static func describeGroups(_ error: GroupsError) -> Description {
        func bad(_ key: String, _ values: [String: String] = [:]) -> Description {
            Description(status: .badRequest, code: "groups", messageKey: key, values: values)
        }
        func conflict(_ key: String) -> Description { Description(status: .conflict, code: "groups", messageKey: key) }
        switch error {
        case .invalidTitle(let maximum): return bad("groups.error.title", ["max": String(maximum)])
        case .invalidDescription(let maximum): return bad("groups.error.description", ["max": String(maximum)])
        case .startInPast: return bad("groups.error.start_in_past")
        case .invalidStart: return bad("groups.error.invalid_start")
        case .invalidDuration(let minimum, let maximum): return bad("groups.error.duration", ["min": String(minimum), "max": String(maximum)])
        case .invalidSeats(let minimum, let maximum): return bad("groups.error.seats", ["min": String(minimum), "max": String(maximum)])
        case .sessionNotFound: return Description(status: .notFound, code: "group-not-found", messageKey: "workshops.error.not_found")
        case .registrationClosed: return conflict("workshops.error.closed")
        case .invalidEmail: return bad("workshops.error.invalid_email")
        case .invalidName(let maximum): return bad("workshops.error.invalid_name", ["max": String(maximum)])
        case .duplicateEmail: return conflict("workshops.error.duplicate_email")
        case .alreadyJoined: return conflict("groups.error.already_joined")
        case .notJoined: return conflict("groups.error.not_joined")
        case .cancelLinkNotFound: return Description(status: .notFound, code: "cancel-link-not-found", messageKey: "workshops.error.cancel_link")
        case .attendanceBeforeStart: return conflict("groups.error.attendance_before_start")
        case .chosenNameNotAllowed: return bad("groups.error.chosen_name_not_allowed")
        case .joinThroughWorkshopPage: return bad("groups.error.use_workshop_page")
        }
    }
}
