import Foundation

/// An associate's supervision: who supervises, under which licence, for which employer, from when to when.
/// California associates must be under a qualified licensed supervisor at all times (DOMAIN.md §3).
public struct SupervisionLink: Hashable, Sendable, Codable {
    /// The supervising clinician.
    public let supervisor: MemberID
    /// The supervisor's own licence; its type is named in the associate's disclosure.
    public let supervisorLicense: Credential
    /// The associate's employer (associates in private practice work only as employees), named in the disclosure.
    public let employer: String
    /// First day of supervision.
    public let validFrom: LocalDate
    /// Last day of supervision, nil while ongoing.
    public let validThrough: LocalDate?

    /// Creates a link; throws if the supervisor's licence is itself an associate registration, the employer is
    /// empty, or the window is reversed.
    public init(
        supervisor: MemberID,
        supervisorLicense: Credential,
        employer: String,
        validFrom: LocalDate,
        validThrough: LocalDate? = nil
    ) throws(CareError) {
        guard !supervisorLicense.type.isAssociate else { throw .supervisorNotLicensed(supervisorLicense.type) }
        let employer = employer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !employer.isEmpty else { throw .missingField("employer") }
        if let validThrough, validThrough < validFrom { throw .invalidWindow(from: validFrom, through: validThrough) }
        self.supervisor = supervisor
        self.supervisorLicense = supervisorLicense
        self.employer = employer
        self.validFrom = validFrom
        self.validThrough = validThrough
    }

    /// Whether the link supervises a registration of type `associate` issued by `state` on `date`: inside the window,
    /// the supervisor's licence valid that day, issued by the same state, and of a type the rules accept.
    public func supervises(_ associate: LicenseType, in state: USState, on date: LocalDate, rules: LicensureRules) -> Bool {
        guard validFrom <= date, validThrough.map({ date <= $0 }) ?? true else { return false }
        guard supervisorLicense.isValid(on: date), supervisorLicense.state == state else { return false }
        return rules.qualifiedSupervisors[associate]?.contains(supervisorLicense.type) ?? false
    }
}
