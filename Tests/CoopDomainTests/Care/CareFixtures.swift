import CoopDomain
import Foundation

/// Builders with readable defaults for the licensure and matching tests.
enum CareFixtures {
    static func day(_ text: String) -> LocalDate { try! LocalDate(text) }

    static func licence(
        _ state: USState,
        _ type: LicenseType,
        number: String = "100200",
        status: CredentialStatus = .active,
        expires: String = "2027-12-31"
    )
        -> Credential
    {
        try! Credential(state: state, type: type, number: number, status: status, expires: day(expires))
    }

    static func privilege(
        _ kind: CompactPrivilege.Kind,
        home: USState,
        covering states: Set<USState>,
        from: String = "2026-01-01",
        through: String = "2027-12-31"
    ) -> CompactPrivilege {
        try! CompactPrivilege(
            kind: kind,
            identifier: "EP-7788",
            homeState: home,
            coveredStates: states,
            validFrom: day(from),
            validThrough: day(through)
        )
    }

    static let supervisor = MemberID.make()

    static func supervision(
        _ type: LicenseType = .lmft,
        expires: String = "2027-12-31",
        from: String = "2025-01-01",
        through: String? = nil
    )
        -> SupervisionLink
    {
        try! SupervisionLink(
            supervisor: supervisor,
            supervisorLicense: licence(.CA, type, number: "55501", expires: expires),
            employer: "CoopCare Workers Cooperative",
            validFrom: day(from),
            validThrough: through.map(day)
        )
    }

    static func credentials(
        _ licenses: [Credential],
        privileges: [CompactPrivilege] = [],
        temporary: [TemporaryAuthorization] = [],
        supervision: [SupervisionLink] = [],
        therapist: MemberID = .make()
    ) -> PracticeCredentials {
        PracticeCredentials(therapist: therapist, licenses: licenses, privileges: privileges, temporary: temporary, supervision: supervision)
    }
}
