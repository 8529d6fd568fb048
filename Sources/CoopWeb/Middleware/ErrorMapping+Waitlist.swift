import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Waitlist, offer and series errors.
    static func describeWaitlist(_ error: WaitlistError) -> Description {
        switch error {
        case .entryNotFound: Description(status: .notFound, code: "waitlist-entry-not-found", messageKey: "waitlist.error.entry_not_found")
        case .offerNotFound: Description(status: .notFound, code: "offer-not-found", messageKey: "waitlist.error.offer_not_found")
        case .offerNoLongerOpen: Description(status: .conflict, code: "offer-not-open", messageKey: "waitlist.error.offer_not_open")
        case .alreadyWaiting: Description(status: .conflict, code: "already-waiting", messageKey: "waitlist.error.already_waiting")
        case .invalidDateRange: Description(status: .badRequest, code: "invalid-dates", messageKey: "waitlist.error.dates")
        case .invalidWindow: Description(status: .badRequest, code: "invalid-window", messageKey: "waitlist.error.window")
        case .tooManyWindows(let maximum):
            Description(status: .badRequest, code: "too-many-windows", messageKey: "waitlist.error.too_many_windows", values: ["max": String(maximum)])
        case .invalidSeriesEnd(let maximum):
            Description(status: .badRequest, code: "invalid-field", messageKey: "series.error.until", values: ["max": String(maximum)])
        case .invalidSeriesLength(let maximum):
            Description(status: .badRequest, code: "invalid-series-length", messageKey: "series.error.length", values: ["max": String(maximum)])
        case .unknownFrequency: Description(status: .badRequest, code: "unknown-frequency", messageKey: "series.error.frequency")
        case .seriesConflicts(let dates):
            Description(
                status: .conflict, code: "series-conflicts", messageKey: "series.error.conflicts",
                values: ["dates": dates.prefix(12).map(\.description).joined(separator: ", ")]
            )
        case .notInSeries: Description(status: .badRequest, code: "not-in-series", messageKey: "series.error.not_in_series")
        }
    }
}
