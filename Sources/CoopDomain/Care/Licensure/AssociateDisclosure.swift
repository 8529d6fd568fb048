import Foundation

/// What an associate must tell each client before providing any service, and put in any advertisement
/// (BPC §4980.44 and its LCSW/LPCC analogues; DOMAIN.md §3): that they are unlicensed, their registration number,
/// their employer's name, and their supervisor's licence type.
public struct AssociateDisclosure: Hashable, Sendable {
    /// The parts in the order they are shown, each a translatable message.
    public let parts: [LocalizedMessage]

    /// Builds the disclosure for `registration`, using the supervision in force on `date`.
    /// Throws `CareError.notAnAssociate` for a licence and `CareError.noSupervisorOn` when no supervisor qualifies.
    public init(registration: Credential, supervision: [SupervisionLink], on date: LocalDate, rules: LicensureRules = .standard) throws(CareError) {
        guard registration.type.isAssociate else { throw .notAnAssociate(registration.type) }
        guard let link = supervision.first(where: { $0.supervises(registration.type, in: registration.state, on: date, rules: rules) }) else {
            throw .noSupervisorOn(date)
        }
        parts = [
            LocalizedMessage("disclosure.associate.unlicensed", ["type": registration.type.rawValue, "state": registration.state.code]),
            LocalizedMessage("disclosure.associate.registration-number", ["type": registration.type.rawValue, "number": registration.number]),
            LocalizedMessage("disclosure.associate.employer", ["employer": link.employer]),
            LocalizedMessage("disclosure.associate.supervisor-license-type", ["type": link.supervisorLicense.type.rawValue]),
        ]
    }
}

/// What a psychologist practising temporarily under another state's licence must tell the client (CA SB 775 FAQ,
/// DOMAIN.md §3): their jurisdiction, licence type and number, and the Board's website.
public struct TemporaryPracticeDisclosure: Hashable, Sendable {
    /// The parts in the order they are shown.
    public let parts: [LocalizedMessage]

    /// Builds the disclosure from the home licence and the board website of the state practised in.
    public init(homeLicense: Credential, boardWebsite: String) throws(CareError) {
        let website = boardWebsite.trimmingCharacters(in: .whitespaces)
        guard !website.isEmpty else { throw .missingField("boardWebsite") }
        parts = [
            LocalizedMessage("disclosure.temporary.jurisdiction", ["state": homeLicense.state.code]),
            LocalizedMessage("disclosure.temporary.license", ["type": homeLicense.type.rawValue, "number": homeLicense.number]),
            LocalizedMessage("disclosure.temporary.board-website", ["url": website]),
        ]
    }
}
