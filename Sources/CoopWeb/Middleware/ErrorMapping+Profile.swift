import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Profile and licence editing errors.
    static func describeProfile(_ error: ProfileError) -> Description {
        func bad(_ key: String, _ values: [String: String] = [:]) -> Description {
            Description(status: .badRequest, code: "invalid-profile", messageKey: "profile.error." + key, values: values)
        }
        switch error {
        case .bioTooLong(let maximum): return bad("bio", ["max": String(maximum)])
        case .unknownState(let text): return bad("unknown_state", ["state": text])
        case .invalidOffice: return bad("office")
        case .invalidLanguage(let text): return bad("language", ["value": text])
        case .invalidSpecialty(let text): return bad("specialty", ["value": text])
        case .noDelivery: return bad("no_delivery")
        case .noModality: return bad("no_modality")
        case .invalidSlidingPlaces(let maximum, let taken): return bad("sliding", ["max": String(maximum), "taken": String(taken)])
        case .invalidNumber: return bad("number")
        case .activeLicenceExpired: return bad("expired_active")
        case .invalidDate: return bad("date")
        case .toBeforeFrom: return bad("to_before_from")
        case .temporaryTooLong(let maximum): return bad("temporary_too_long", ["max": String(maximum)])
        case .noCoveredState: return bad("no_covered_state")
        case .associateWithoutSupervisor: return bad("associate_without_supervisor")
        case .employerMissing: return bad("employer")
        case .supervisorNotQualified: return bad("supervisor_not_qualified")
        case .credentialNotFound: return Description(status: .notFound, code: "credential-not-found", messageKey: "profile.error.not_found")
        case .cannotVerifyOwn: return Description(status: .forbidden, code: "forbidden", messageKey: "profile.error.own_verification")
        }
    }
}
