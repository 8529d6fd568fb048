import Foundation

/// Everything that lets one clinician practise somewhere: licences and registrations, compact privileges,
/// temporary authorisations, and (for associates) supervision links.
public struct PracticeCredentials: Hashable, Sendable, Codable {
    /// The clinician.
    public let therapist: MemberID
    /// Licences and associate registrations.
    public var licenses: [Credential]
    /// Compact privileges.
    public var privileges: [CompactPrivilege]
    /// Temporary authorisations.
    public var temporary: [TemporaryAuthorization]
    /// Supervision of the clinician's associate registrations.
    public var supervision: [SupervisionLink]

    /// Creates the set.
    public init(
        therapist: MemberID,
        licenses: [Credential],
        privileges: [CompactPrivilege] = [],
        temporary: [TemporaryAuthorization] = [],
        supervision: [SupervisionLink] = []
    ) {
        self.therapist = therapist
        self.licenses = licenses
        self.privileges = privileges
        self.temporary = temporary
        self.supervision = supervision
    }

    /// An independent (non-associate) licence of `profession` valid on `date`, in `state` when given.
    func independentLicense(
        _ profession: Set<Profession>?,
        in state: USState? = nil,
        excluding excluded: USState? = nil,
        on date: LocalDate
    )
        -> Credential?
    {
        licenses.first { licence in
            !licence.type.isAssociate && licence.isValid(on: date)
                && (profession?.contains(licence.type.profession) ?? true)
                && (state.map { licence.state == $0 } ?? true) && licence.state != excluded
        }
    }
}
