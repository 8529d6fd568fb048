import Foundation

/// An interstate compact that lets a clinician licensed in a home state practise in other member states.
public enum Compact: String, Sendable, Codable, CaseIterable {
    /// Psychology Interjurisdictional Compact.
    case psypact
    /// Counseling Compact (LPC).
    case counseling
    /// Social Work Licensure Compact.
    case socialWork = "social-work"
}

/// A privilege to practise under a compact, with the remote states it covers and its validity window.
///
/// The record is what the compact commission issued; `PracticeAuthority` additionally requires a valid,
/// independent licence in `homeState` on the session date, and refuses states listed as non-members in the rules.
public struct CompactPrivilege: Hashable, Sendable, Codable {
    /// What kind of compact authority this is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// PSYPACT Authority to Practice Interjurisdictional Telepsychology (needs an E.Passport; telehealth only;
        /// the psychologist must be physically in a compact state where they are licensed, their Home State).
        case psypactAPIT = "psypact-apit"
        /// PSYPACT Temporary Authorization to Practice (in person, up to 30 days a year).
        case psypactTAP = "psypact-tap"
        /// Counseling Compact privilege to practise (telehealth and in person).
        case counselingPrivilege = "counseling-privilege"
        /// Social Work Compact multistate licence (not yet issued as of late 2025).
        case socialWorkMultistate = "social-work-multistate"

        /// The compact that issues it.
        public var compact: Compact {
            switch self {
            case .psypactAPIT, .psypactTAP: .psypact
            case .counselingPrivilege: .counseling
            case .socialWorkMultistate: .socialWork
            }
        }

        /// The profession whose home licence it rests on.
        public var profession: Profession {
            switch compact {
            case .psypact: .psychology
            case .counseling: .counseling
            case .socialWork: .socialWork
            }
        }

        /// Whether it authorises this way of delivering care.
        public func allows(_ delivery: Delivery) -> Bool {
            switch self {
            case .psypactAPIT: delivery == .telehealth
            case .psypactTAP: delivery == .inPerson
            case .counselingPrivilege, .socialWorkMultistate: true
            }
        }
    }

    /// The kind of authority.
    public let kind: Kind
    /// The commission's identifier (E.Passport / privilege number).
    public let identifier: String
    /// The state of the home licence it rests on.
    public let homeState: USState
    /// The remote states it covers.
    public let coveredStates: Set<USState>
    /// First day valid.
    public let validFrom: LocalDate
    /// Last day valid.
    public let validThrough: LocalDate

    /// Creates a privilege; throws if it covers no state, the window is reversed, or the identifier is odd.
    public init(
        kind: Kind,
        identifier: String,
        homeState: USState,
        coveredStates: Set<USState>,
        validFrom: LocalDate,
        validThrough: LocalDate
    ) throws(CareError) {
        guard !coveredStates.isEmpty else { throw .privilegeCoversNoState }
        guard validFrom <= validThrough else { throw .invalidWindow(from: validFrom, through: validThrough) }
        self.kind = kind
        self.identifier = try Credential.checkedNumber(identifier)
        self.homeState = homeState
        self.coveredStates = coveredStates
        self.validFrom = validFrom
        self.validThrough = validThrough
    }

    /// Whether `date` lies in the validity window.
    public func isInWindow(_ date: LocalDate) -> Bool { validFrom <= date && date <= validThrough }
}
