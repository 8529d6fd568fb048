import Foundation

/// What can go wrong with licences, disclosures and matching. No HTTP types: the web layer maps these.
public enum CareError: Error, Equatable, Sendable {
    /// Not one of the 50 states or DC ("XX", "ca " …).
    case unknownState(String)
    /// A licence, registration or privilege number that is empty or has characters other than letters, digits, "-".
    case invalidCredentialNumber(String)
    /// A validity window whose last day is before its first.
    case invalidWindow(from: LocalDate, through: LocalDate)
    /// A temporary authorisation longer than the rules allow (30 consecutive days in California).
    case temporaryWindowTooLong(days: Int, maximum: Int)
    /// A compact privilege that names no state.
    case privilegeCoversNoState
    /// A compact privilege whose kind does not belong to the licence type's profession.
    case privilegeNotForProfession(CompactPrivilege.Kind, LicenseType)
    /// A supervisor who is not independently licensed (an associate can't supervise).
    case supervisorNotLicensed(LicenseType)
    /// A supervisor whose licence type may not supervise this associate's registration.
    case supervisorNotQualified(supervisor: LicenseType, associate: LicenseType)
    /// A disclosure was asked for a credential that is not an associate registration.
    case notAnAssociate(LicenseType)
    /// The associate has no supervisor on the given date.
    case noSupervisorOn(LocalDate)
    /// A disclosure or profile field that must not be empty.
    case missingField(String)
    /// A language tag that is not BCP 47 shaped ("es", "zh-Hant", "ase").
    case invalidLanguageCode(String)
    /// A specialty slug that is empty or not lower-case letters, digits and "-".
    case invalidSpecialty(String)
    /// A sliding-scale quota that is negative or smaller than the places already taken.
    case invalidSlidingScaleCapacity(places: Int, taken: Int)
}
