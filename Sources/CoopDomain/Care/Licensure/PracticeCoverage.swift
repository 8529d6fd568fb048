import Foundation

/// The answer to "may this clinician see a client located in this state on this date?".
public enum PracticeCoverage: Hashable, Sendable {
    /// Yes, on this basis.
    case covered(CoverageBasis)
    /// No; every reason found (empty credentials give `.noAuthorityInState`).
    case notCovered([CoverageGap])

    /// Whether practice is authorised.
    public var isCovered: Bool { if case .covered = self { true } else { false } }

    /// The basis when covered.
    public var basis: CoverageBasis? { if case .covered(let basis) = self { basis } else { nil } }

    /// The reasons when not covered.
    public var gaps: [CoverageGap] { if case .notCovered(let gaps) = self { gaps } else { [] } }
}

/// What authorises practice in the client's state.
public enum CoverageBasis: Hashable, Sendable {
    /// A licence issued by that state.
    case license(Credential)
    /// An associate registration issued by that state, with the supervisor in force.
    case associateRegistration(Credential, supervisor: MemberID)
    /// A compact privilege covering that state.
    case compactPrivilege(CompactPrivilege)
    /// A temporary authorisation for that state.
    case temporaryAuthorization(TemporaryAuthorization)

    /// A short code for the basis ("license", "associate", "compact", "temporary").
    public var code: String {
        switch self {
        case .license: "license"
        case .associateRegistration: "associate"
        case .compactPrivilege: "compact"
        case .temporaryAuthorization: "temporary"
        }
    }
}

/// Why one credential does not cover the client's state on the date.
public enum CoverageGap: Hashable, Sendable {
    /// No licence, registration, privilege or authorisation names the state at all.
    case noAuthorityInState(USState)
    /// The state's credential is not active with its board.
    case credentialNotActive(state: USState, type: LicenseType, number: String, status: CredentialStatus)
    /// The state's credential expired before the date.
    case credentialExpired(state: USState, type: LicenseType, number: String, expiredAfter: LocalDate)
    /// An associate registration with no qualified supervisor in force on the date.
    case associateWithoutSupervision(number: String)
    /// The state does not belong to the privilege's compact (e.g. California and PSYPACT).
    case stateNotInCompact(Compact, USState)
    /// The date is outside the privilege's window.
    case privilegeOutsideWindow(CompactPrivilege.Kind, identifier: String)
    /// The privilege does not allow this delivery (APIT is telehealth only, TAP in person only).
    case privilegeNotForDelivery(CompactPrivilege.Kind, Delivery)
    /// The home-state licence a privilege rests on is missing, not active or expired.
    case homeLicenseInvalid(CompactPrivilege.Kind, homeState: USState)
    /// APIT is used only while the psychologist is physically in a compact state where they hold a full licence.
    case clinicianNotInHomeState(CompactPrivilege.Kind, homeState: USState, clinicianIn: USState)
    /// The date is outside the temporary authorisation's window.
    case temporaryOutsideWindow(USState, validFrom: LocalDate, validThrough: LocalDate)
    /// The temporary authorisation is for one existing client, and this is not them (or the client is unknown).
    case temporaryForAnotherClient(USState)
    /// The temporary authorisation needs a prior board approval that is not recorded.
    case temporaryNeedsApproval(USState)
    /// The temporary authorisation needs a valid licence in another state, and there is none.
    case temporaryWithoutHomeLicense(USState)

    /// The sentence to show staff, as a message key with values.
    public var message: LocalizedMessage {
        switch self {
        case .noAuthorityInState(let state): LocalizedMessage("coverage.gap.no-authority", ["state": state.code])
        case .credentialNotActive(let state, let type, let number, let status):
            LocalizedMessage("coverage.gap.not-active", ["state": state.code, "type": type.rawValue, "number": number, "status": status.rawValue])
        case .credentialExpired(let state, let type, let number, let date):
            LocalizedMessage("coverage.gap.expired", ["state": state.code, "type": type.rawValue, "number": number, "date": date.description])
        case .associateWithoutSupervision(let number): LocalizedMessage("coverage.gap.no-supervisor", ["number": number])
        case .stateNotInCompact(let compact, let state):
            LocalizedMessage("coverage.gap.not-in-compact", ["compact": compact.rawValue, "state": state.code])
        case .privilegeOutsideWindow(let kind, let identifier):
            LocalizedMessage("coverage.gap.privilege-window", ["kind": kind.rawValue, "identifier": identifier])
        case .privilegeNotForDelivery(let kind, let delivery):
            LocalizedMessage("coverage.gap.privilege-delivery", ["kind": kind.rawValue, "delivery": delivery.rawValue])
        case .homeLicenseInvalid(let kind, let home): LocalizedMessage("coverage.gap.home-license", ["kind": kind.rawValue, "state": home.code])
        case .clinicianNotInHomeState(let kind, let home, let actual):
            LocalizedMessage("coverage.gap.clinician-location", ["kind": kind.rawValue, "state": home.code, "location": actual.code])
        case .temporaryOutsideWindow(let state, let from, let through):
            LocalizedMessage("coverage.gap.temporary-window", ["state": state.code, "from": from.description, "through": through.description])
        case .temporaryForAnotherClient(let state): LocalizedMessage("coverage.gap.temporary-client", ["state": state.code])
        case .temporaryNeedsApproval(let state): LocalizedMessage("coverage.gap.temporary-approval", ["state": state.code])
        case .temporaryWithoutHomeLicense(let state): LocalizedMessage("coverage.gap.temporary-home-license", ["state": state.code])
        }
    }
}
