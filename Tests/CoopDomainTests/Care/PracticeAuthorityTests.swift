import CoopDomain
import Foundation
import Testing

private typealias C = CareFixtures

/// Coverage on 1 June 2026 unless a test says otherwise (DOMAIN.md §3: the client's location decides).
@Suite("Practice authority")
struct PracticeAuthorityTests {
    static let june = C.day("2026-06-01")

    @Test func aLicenceFromTheClientsStateCovers() {
        let licence = C.licence(.CA, .lmft)
        #expect(PracticeAuthority.covers(C.credentials([licence]), clientState: .CA, on: Self.june) == .covered(.license(licence)))
        #expect(PracticeAuthority.covers(C.credentials([licence]), clientState: .OR, on: Self.june) == .notCovered([.noAuthorityInState(.OR)]))
    }

    @Test func expiredAndInactiveLicencesDoNot() {
        let expired = C.licence(.CA, .lmft, expires: "2026-05-31")
        #expect(
            PracticeAuthority.covers(C.credentials([expired]), clientState: .CA, on: Self.june)
                == .notCovered([.credentialExpired(state: .CA, type: .lmft, number: "100200", expiredAfter: C.day("2026-05-31"))])
        )
        // Good through the printed expiry date itself.
        #expect(PracticeAuthority.covers(C.credentials([expired]), clientState: .CA, on: C.day("2026-05-31")).isCovered)
        for status in [CredentialStatus.inactive, .suspended, .expired] {
            let licence = C.licence(.CA, .lcsw, status: status)
            #expect(
                PracticeAuthority.covers(C.credentials([licence]), clientState: .CA, on: Self.june)
                    == .notCovered([.credentialNotActive(state: .CA, type: .lcsw, number: "100200", status: status)])
            )
        }
    }

    @Test func psypactTelepsychologyCoversMemberStatesByTelehealthOnly() {
        let home = C.licence(.AZ, .psychologist)
        let apit = C.privilege(.psypactAPIT, home: .AZ, covering: [.NV, .CO])
        let credentials = C.credentials([home], privileges: [apit])
        #expect(PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june) == .covered(.compactPrivilege(apit)))
        #expect(
            PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june, delivery: .inPerson)
                == .notCovered([.privilegeNotForDelivery(.psypactAPIT, .inPerson)])
        )
        #expect(
            PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june, clinicianLocation: .CA)
                == .notCovered([.clinicianNotInHomeState(.psypactAPIT, homeState: .AZ, clinicianIn: .CA)])
        )
        #expect(PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june, clinicianLocation: .AZ).isCovered)
        #expect(
            PracticeAuthority.covers(credentials, clientState: .NV, on: C.day("2028-01-01"))
                == .notCovered([.privilegeOutsideWindow(.psypactAPIT, identifier: "EP-7788")])
        )
    }

    /// PSYPACT Art. III(B) (e.g. RCW 18.83A.030(2)): licensed in more than one compact state, the Home State is the one
    /// the psychologist is physically present in when the services are delivered.
    @Test func apitHomeStateFollowsWhereThePsychologistIs() {
        let apit = C.privilege(.psypactAPIT, home: .AZ, covering: [.NV])
        let credentials = C.credentials(
            [C.licence(.AZ, .psychologist), C.licence(.UT, .psychologist), C.licence(.CA, .psychologist)],
            privileges: [apit]
        )
        #expect(PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june, clinicianLocation: .UT).isCovered)
        #expect(
            PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june, clinicianLocation: .CA)
                == .notCovered([.clinicianNotInHomeState(.psypactAPIT, homeState: .AZ, clinicianIn: .CA)])
        )
        #expect(
            PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june, clinicianLocation: .ID)
                == .notCovered([.clinicianNotInHomeState(.psypactAPIT, homeState: .AZ, clinicianIn: .ID)])
        )
    }

    @Test func compactAuthorityRestsOnAValidIndependentHomeLicence() {
        let apit = C.privilege(.psypactAPIT, home: .AZ, covering: [.NV])
        let lapsedHome = C.licence(.AZ, .psychologist, expires: "2026-04-30")
        #expect(
            PracticeAuthority.covers(C.credentials([lapsedHome], privileges: [apit]), clientState: .NV, on: Self.june)
                == .notCovered([.homeLicenseInvalid(.psypactAPIT, homeState: .AZ)])
        )
        // Authority can't be delegated to supervisees: an associate registration is never a home licence.
        let counselling = C.privilege(.counselingPrivilege, home: .AZ, covering: [.MN])
        #expect(
            PracticeAuthority.covers(C.credentials([C.licence(.AZ, .apcc)], privileges: [counselling]), clientState: .MN, on: Self.june)
                == .notCovered([.homeLicenseInvalid(.counselingPrivilege, homeState: .AZ)])
        )
        #expect(PracticeAuthority.covers(C.credentials([C.licence(.AZ, .lpc)], privileges: [counselling]), clientState: .MN, on: Self.june).isCovered)
        #expect(
            PracticeAuthority.covers(
                C.credentials([C.licence(.AZ, .lpc)], privileges: [counselling]),
                clientState: .MN,
                on: Self.june,
                delivery: .inPerson
            )
            .isCovered
        )
    }

    @Test func californiaIsInNoCompactEvenIfARecordSaysSo() {
        let wrong = C.privilege(.psypactAPIT, home: .AZ, covering: [.CA, .NV])
        let credentials = C.credentials([C.licence(.AZ, .psychologist)], privileges: [wrong])
        #expect(PracticeAuthority.covers(credentials, clientState: .CA, on: Self.june) == .notCovered([.stateNotInCompact(.psypact, .CA)]))
        #expect(PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june).isCovered)
    }

    @Test func privilegeWindow() {
        let apit = C.privilege(.psypactAPIT, home: .AZ, covering: [.NV], from: "2026-07-01")
        #expect(
            PracticeAuthority.covers(C.credentials([C.licence(.AZ, .psychologist)], privileges: [apit]), clientState: .NV, on: Self.june)
                == .notCovered([.privilegeOutsideWindow(.psypactAPIT, identifier: "EP-7788")])
        )
    }

    @Test func temporaryPracticeForAnExistingClient() throws {
        let client = MemberID.make()
        let window = try TemporaryAuthorization(
            state: .CA,
            basis: .bbsTemporaryPractice,
            client: client,
            validFrom: C.day("2026-06-01"),
            validThrough: C.day("2026-06-30")
        )
        let credentials = C.credentials([C.licence(.OR, .lmft)], temporary: [window])
        #expect(
            PracticeAuthority.covers(credentials, clientState: .CA, on: C.day("2026-06-15"), client: client)
                == .covered(.temporaryAuthorization(window))
        )
        #expect(
            PracticeAuthority.covers(credentials, clientState: .CA, on: C.day("2026-07-01"), client: client)
                == .notCovered([.temporaryOutsideWindow(.CA, validFrom: C.day("2026-06-01"), validThrough: C.day("2026-06-30"))])
        )
        #expect(
            PracticeAuthority.covers(credentials, clientState: .CA, on: C.day("2026-06-15"), client: .make())
                == .notCovered([.temporaryForAnotherClient(.CA)])
        )
        #expect(PracticeAuthority.covers(credentials, clientState: .CA, on: C.day("2026-06-15")) == .notCovered([.temporaryForAnotherClient(.CA)]))
        let lapsed = C.credentials([C.licence(.OR, .lmft, expires: "2026-06-10")], temporary: [window])
        #expect(
            PracticeAuthority.covers(lapsed, clientState: .CA, on: C.day("2026-06-15"), client: client)
                == .notCovered([.temporaryWithoutHomeLicense(.CA)])
        )
    }

    @Test func temporaryWindowsAreCappedAndPsychologistsNeedApproval() throws {
        #expect(throws: CareError.temporaryWindowTooLong(days: 31, maximum: 30)) {
            try TemporaryAuthorization(
                state: .CA,
                basis: .bbsTemporaryPractice,
                client: nil,
                validFrom: C.day("2026-06-01"),
                validThrough: C.day("2026-07-01")
            )
        }
        #expect(throws: CareError.invalidWindow(from: C.day("2026-06-02"), through: C.day("2026-06-01"))) {
            try TemporaryAuthorization(
                state: .CA,
                basis: .bbsTemporaryPractice,
                client: nil,
                validFrom: C.day("2026-06-02"),
                validThrough: C.day("2026-06-01")
            )
        }
        let unapproved = try TemporaryAuthorization(
            state: .CA,
            basis: .outOfStatePsychologist,
            client: nil,
            validFrom: C.day("2026-06-01"),
            validThrough: C.day("2026-06-30")
        )
        let approved = try TemporaryAuthorization(
            state: .CA,
            basis: .outOfStatePsychologist,
            client: nil,
            approvalReference: "BOP-TEMP-42",
            validFrom: C.day("2026-06-01"),
            validThrough: C.day("2026-06-30")
        )
        let home = C.licence(.NY, .psychologist)
        #expect(
            PracticeAuthority.covers(C.credentials([home], temporary: [unapproved]), clientState: .CA, on: Self.june)
                == .notCovered([.temporaryNeedsApproval(.CA)])
        )
        #expect(PracticeAuthority.covers(C.credentials([home], temporary: [approved]), clientState: .CA, on: Self.june).isCovered)
        // The psychologist basis is not for an LMFT.
        #expect(
            PracticeAuthority.covers(C.credentials([C.licence(.NY, .lmft)], temporary: [approved]), clientState: .CA, on: Self.june)
                == .notCovered([.temporaryWithoutHomeLicense(.CA)])
        )
    }

    @Test func associatesNeedAQualifiedSupervisorInForce() throws {
        let registration = C.licence(.CA, .amft, number: "AMFT-9911")
        let therapist = MemberID.make()
        let supervised = C.credentials([registration], supervision: [C.supervision()], therapist: therapist)
        #expect(
            PracticeAuthority.covers(supervised, clientState: .CA, on: Self.june)
                == .covered(.associateRegistration(registration, supervisor: C.supervisor))
        )
        let unsupervised = C.credentials([registration])
        #expect(
            PracticeAuthority.covers(unsupervised, clientState: .CA, on: Self.june)
                == .notCovered([.associateWithoutSupervision(number: "AMFT-9911")])
        )
        for link in [
            C.supervision(expires: "2026-05-01"), C.supervision(through: "2026-05-31"), C.supervision(.lep), C.supervision(from: "2026-07-01"),
        ] {
            #expect(!PracticeAuthority.covers(C.credentials([registration], supervision: [link]), clientState: .CA, on: Self.june).isCovered)
        }
        let rpa = C.licence(.CA, .registeredPsychologicalAssociate, number: "PSB-1")
        #expect(!PracticeAuthority.covers(C.credentials([rpa], supervision: [C.supervision(.lmft)]), clientState: .CA, on: Self.june).isCovered)
        #expect(
            PracticeAuthority.covers(C.credentials([rpa], supervision: [C.supervision(.psychologist)]), clientState: .CA, on: Self.june).isCovered
        )
        #expect(throws: CareError.supervisorNotLicensed(.amft)) {
            try SupervisionLink(
                supervisor: .make(),
                supervisorLicense: C.licence(.CA, .amft),
                employer: "CoopCare",
                validFrom: C.day("2026-01-01")
            )
        }
    }

    @Test func aLicenceWinsOverOtherBases() {
        let licence = C.licence(.NV, .psychologist)
        let apit = C.privilege(.psypactAPIT, home: .AZ, covering: [.NV])
        let credentials = C.credentials([C.licence(.AZ, .psychologist), licence], privileges: [apit])
        #expect(PracticeAuthority.covers(credentials, clientState: .NV, on: Self.june) == .covered(.license(licence)))
    }
}
