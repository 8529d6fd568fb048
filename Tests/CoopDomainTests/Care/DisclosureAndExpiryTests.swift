import CoopDomain
import Foundation
import Testing

private typealias C = CareFixtures

@Suite("Disclosures and expiry reminders")
struct DisclosureAndExpiryTests {
    @Test func associateDisclosureHasTheFourRequiredParts() throws {
        let registration = C.licence(.CA, .amft, number: "AMFT-9911")
        let disclosure = try AssociateDisclosure(registration: registration, supervision: [C.supervision()], on: C.day("2026-06-01"))
        #expect(
            disclosure.parts == [
                LocalizedMessage("disclosure.associate.unlicensed", ["type": "AMFT", "state": "CA"]),
                LocalizedMessage("disclosure.associate.registration-number", ["type": "AMFT", "number": "AMFT-9911"]),
                LocalizedMessage("disclosure.associate.employer", ["employer": "CoopCare Workers Cooperative"]),
                LocalizedMessage("disclosure.associate.supervisor-license-type", ["type": "LMFT"]),
            ]
        )
    }

    @Test func disclosureErrors() {
        #expect(throws: CareError.notAnAssociate(.lmft)) {
            try AssociateDisclosure(registration: C.licence(.CA, .lmft), supervision: [C.supervision()], on: C.day("2026-06-01"))
        }
        #expect(throws: CareError.noSupervisorOn(C.day("2026-06-01"))) {
            try AssociateDisclosure(registration: C.licence(.CA, .asw), supervision: [], on: C.day("2026-06-01"))
        }
        #expect(throws: CareError.missingField("employer")) {
            try SupervisionLink(supervisor: .make(), supervisorLicense: C.licence(.CA, .lcsw), employer: "  ", validFrom: C.day("2026-01-01"))
        }
    }

    @Test func temporaryPracticeDisclosure() throws {
        let disclosure = try TemporaryPracticeDisclosure(
            homeLicense: C.licence(.NY, .psychologist, number: "PSY-77"),
            boardWebsite: "https://psychology.ca.gov"
        )
        #expect(
            disclosure.parts.map(\.key) == [
                "disclosure.temporary.jurisdiction", "disclosure.temporary.license", "disclosure.temporary.board-website",
            ]
        )
        #expect(disclosure.parts[1].values == ["type": "Psychologist", "number": "PSY-77"])
    }

    @Test func expiringWithinThirtyDays() throws {
        let soon = C.licence(.CA, .lmft, number: "A1", expires: "2026-06-20")
        let later = C.licence(.CA, .lcsw, number: "A2", expires: "2026-08-01")
        let lapsed = C.licence(.OR, .lmft, number: "A3", expires: "2026-05-20")
        let inactive = C.licence(.NV, .lmft, number: "A4", status: .inactive, expires: "2026-06-10")
        let privilege = C.privilege(.counselingPrivilege, home: .AZ, covering: [.MN], through: "2026-06-05")
        let credentials = C.credentials(
            [soon, later, lapsed, inactive],
            privileges: [privilege],
            supervision: [C.supervision(expires: "2026-07-01")]
        )
        let notices = CredentialExpiry.expiring(credentials, within: 30, of: C.day("2026-06-01"))
        #expect(notices.map(\.lastValidDay.description) == ["2026-06-05", "2026-06-20", "2026-07-01"])
        #expect(notices.map(\.daysLeft) == [4, 19, 30])
        #expect(notices.first?.item == .privilege(privilege))
        #expect(notices.first?.message == LocalizedMessage("credential.expiry.reminder", ["date": "2026-06-05", "days": "4"]))
        let withLapsed = CredentialExpiry.expiring(credentials, within: 30, of: C.day("2026-06-01"), includeLapsed: true)
        #expect(withLapsed.first?.item == .license(lapsed))
        #expect(withLapsed.first?.daysLeft == -12)
    }
}
