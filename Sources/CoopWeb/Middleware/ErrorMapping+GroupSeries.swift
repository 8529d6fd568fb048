import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Recurring groups, changes and cancellations: each refusal names the field or the state that stops it.
    static func describeGroupSeries(_ error: GroupSeriesError) -> Description {
        func bad(_ key: String, _ values: [String: String] = [:]) -> Description {
            Description(status: .badRequest, code: "group-series", messageKey: key, values: values)
        }
        func conflict(_ key: String, _ values: [String: String] = [:]) -> Description {
            Description(status: .conflict, code: "group-series", messageKey: key, values: values)
        }
        switch error {
        case .invalidRepeat: return bad("gseries.error.repeat")
        case .invalidCount(let minimum, let maximum): return bad("gseries.error.count", ["min": String(minimum), "max": String(maximum)])
        case .seatsBelowConfirmed(let seats, let confirmed):
            return conflict("gseries.error.seats_below_confirmed", ["seats": String(seats), "confirmed": String(confirmed)])
        case .sessionCancelled: return conflict("gseries.error.session_cancelled")
        case .alreadyCancelled: return conflict("gseries.error.already_cancelled")
        case .reasonTooLong(let maximum): return bad("gseries.error.reason", ["max": String(maximum)])
        case .invalidScope: return bad("gseries.error.scope")
        case .alreadyStarted: return conflict("gseries.error.already_started")
        }
    }
}
