import Foundation

/// An office where a therapist sees clients in person: a city and its state.
public struct OfficeLocation: Hashable, Sendable, Codable, Comparable {
    public let city: String
    public let state: USState

    /// Creates an office; throws `ProfileError.invalidOffice` for an empty or odd city name.
    public init(city: String, state: USState) throws(ProfileError) {
        let trimmed = city.trimmingCharacters(in: .whitespaces)
        guard (1...60).contains(trimmed.count),
            trimmed.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" || $0 == "." })
        else { throw .invalidOffice(city) }
        self.city = trimmed
        self.state = state
    }

    /// Parses "City, ST".
    public init(line: String) throws(ProfileError) {
        let parts = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw .invalidOffice(line) }
        let state: USState
        do { state = try USState(code: parts[1]) } catch { throw .unknownState(String(parts[1].prefix(20))) }
        try self.init(city: parts[0], state: state)
    }

    /// "City, ST".
    public var line: String { "\(city), \(state.code)" }

    public static func < (lhs: OfficeLocation, rhs: OfficeLocation) -> Bool { lhs.line < rhs.line }
}

/// Why an edit to a therapist's profile or credentials was refused; each has a clear message.
public enum ProfileError: Error, Equatable, Sendable {
    /// The bio is longer than `maximum` characters.
    case bioTooLong(maximum: Int)
    /// A state code that is not a US state or DC.
    case unknownState(String)
    /// An office line that is not "City, ST".
    case invalidOffice(String)
    /// A language that is not a language tag ("en", "es", "pt-BR").
    case invalidLanguage(String)
    /// A specialty that is not lower-case words joined by "-".
    case invalidSpecialty(String)
    /// Neither telehealth nor in person chosen.
    case noDelivery
    /// No modality chosen.
    case noModality
    /// Sliding-scale places outside 0…`maximum`, or fewer than are already taken.
    case invalidSlidingPlaces(maximum: Int, taken: Int)
    /// A licence or registration number that is empty or has other than letters, digits and "-".
    case invalidNumber
    /// An expiry date in the past for a licence marked active.
    case activeLicenceExpired
    /// A date that is not YYYY-MM-DD.
    case invalidDate
    /// A window whose last day is before its first.
    case toBeforeFrom
    /// A temporary authorisation longer than the rules allow.
    case temporaryTooLong(maximum: Int)
    /// A compact privilege that covers no state.
    case noCoveredState
    /// An associate registration without a supervisor.
    case associateWithoutSupervisor
    /// The employer an associate works for is missing.
    case employerMissing
    /// The chosen supervisor holds no valid licence that may supervise this registration in its state.
    case supervisorNotQualified
    /// No such licence, privilege or authorisation on this profile.
    case credentialNotFound
    /// A coordinator may not verify their own licence.
    case cannotVerifyOwn
}

/// Who may edit profiles and verify licences.
///
/// - A clinician edits their own profile and credentials; coordinators edit anyone's.
/// - Verifying a licence against the board's lookup is a coordinator's act, and never on their own licence.
public enum ProfilePolicy {
    public enum Action: Sendable, Equatable {
        case edit(therapist: MemberID)
        case verify(therapist: MemberID)
    }

    public static func decide(_ actor: Actor, _ action: Action) -> Decision {
        guard let me = actor.memberID else { return .deny(.notSignedIn) }
        if actor.roles.requireMFA && !actor.mfaSatisfied { return .deny(.secondFactorRequired) }
        switch action {
        case .edit(let therapist):
            return (therapist == me && actor.has(.clinician)) || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .verify(let therapist):
            return actor.has(.coordinator) && therapist != me ? .allow : .deny(.missingRole)
        }
    }
}
