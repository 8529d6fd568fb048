import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// `/account/profile`: a clinician edits their profile and credentials, the directory follows, and refused edits
/// change nothing; coordinators verify licences.
@Suite struct ProfileWebTests {
    static let now = CareTestData.monday  // 2026-01-05

    /// A signed-in browser for an existing member.
    func browser(_ services: CoopServices, for id: MemberID) async throws -> Browser {
        let (token, record) = try await services.database.transaction { sql in
            try await SessionStore().create(memberID: id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
        }
        return Browser(cookie: "coopcare_session=\(token)", csrf: record.csrfToken, member: nil)
    }

    func record(_ services: CoopServices, _ id: MemberID) async throws -> TherapistRecord? {
        try await services.database.read { sql in try await TherapistStore().find(id, sql: sql) }
    }

    @Test func aClinicianAddsALanguageAndTheDirectoryShowsIt() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Edits", states: [.CA])
            let me = try await browser(services, for: therapist.id)
            let page = try await client.get("/account/profile", as: me)
            #expect(page.status == .ok)
            #expect(page.text.contains("LIC-CA-1000"))
            #expect(try await client.execute(uri: "/therapists?state=CA&language=pt", method: .get).text.contains("Speaks your language (pt).") == false)
            let saved = try await client.post(
                "/account/profile",
                [("bio", "Now also in Portuguese."), ("languages", "en, pt"), ("specialties", "grief, Life Changes"), ("modality", "individual"),
                 ("modality", "couples"), ("delivery", "telehealth"), ("delivery", "in-person"), ("offices", "Oakland, CA\nSalem, OR"),
                 ("sliding_places", "4")],
                as: me
            )
            #expect(saved.status == .seeOther)
            let stored = try #require(try await record(services, therapist.id))
            #expect(stored.profile.languages.map(\.tag).sorted() == ["en", "pt"])
            #expect(stored.profile.specialties.map(\.slug).sorted() == ["grief", "life-changes"])
            #expect(stored.offices.map(\.line) == ["Oakland, CA", "Salem, OR"])
            #expect(stored.profile.slidingScale.places == 4)
            #expect(stored.weekly == therapist.weekly)
            let directory = try await client.execute(uri: "/therapists?state=CA&language=pt", method: .get)
            #expect(directory.text.contains("Robin Edits"))
            #expect(directory.text.contains("Speaks your language (pt)."))
            #expect(directory.text.contains("Now also in Portuguese."))
            let page2 = try await client.execute(uri: "/therapists/\(therapist.id.rawValue)", method: .get)
            #expect(page2.text.contains("<dt>Offices</dt><dd>Oakland, CA; Salem, OR</dd>"))
        }
    }

    @Test func refusedEditsExplainAndChangeNothing() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Careful", states: [.CA])
            let me = try await browser(services, for: therapist.id)
            let before = try await record(services, therapist.id)
            let licence: [(String, String)] = [("state", "CA"), ("type", "LMFT"), ("number", "N-1"), ("status", "active"), ("expires", "2027-06-30")]
            func with(_ base: [(String, String)], _ override: [(String, String)]) -> [(String, String)] {
                let names = Set(override.map(\.0))
                return base.filter { !names.contains($0.0) } + override
            }
            let temporary: [(String, String)] = [("state", "OR"), ("basis", "other-state-rule"), ("from", "2026-01-10"), ("to", "2026-01-20")]
            let privilege: [(String, String)] = [
                ("kind", "counseling-privilege"), ("identifier", "CP-1"), ("home_state", "CA"), ("covered_states", "AZ, MN"), ("from", "2026-01-01"),
                ("through", "2026-12-31"),
            ]
            let profile: [(String, String)] = [("languages", "en"), ("modality", "individual"), ("delivery", "telehealth"), ("sliding_places", "2")]
            let cases: [(String, [(String, String)], String)] = [
                ("/account/profile/licences", with(licence, [("state", "ZZ")]), "is not a US state code"),
                ("/account/profile/licences", with(licence, [("expires", "2025-12-01")]), "An active licence cannot have an expiry date in the past"),
                ("/account/profile/licences", with(licence, [("number", "no spaces please")]), "The number must be 1 to 32 letters"),
                ("/account/profile/licences", with(licence, [("type", "AMFT")]), "An associate registration needs a supervisor"),
                ("/account/profile/temporary", with(temporary, [("to", "2026-01-09")]), "The last day must be on or after the first day."),
                ("/account/profile/temporary", with(temporary, [("to", "2026-03-30")]), "A temporary authorisation can last at most 30 days."),
                ("/account/profile/temporary", with(temporary, [("state", "QQ")]), "is not a US state code"),
                ("/account/profile/privileges", with(privilege, [("covered_states", "")]), "Name at least one state the privilege covers."),
                ("/account/profile/privileges", with(privilege, [("covered_states", "AZ, XX")]), "is not a US state code"),
                ("/account/profile", with(profile, [("offices", "Oakland")]), "Write each office as City, ST"),
                ("/account/profile", with(profile, [("languages", "en, !!")]), "is not a language tag"),
                ("/account/profile", with(profile, [("sliding_places", "1000")]), "Sliding-scale places must be between"),
                ("/account/profile", profile.filter { $0.0 != "delivery" }, "Choose telehealth, in person, or both."),
            ]
            for (path, fields, message) in cases {
                let response = try await client.post(path, fields, as: me)
                #expect(response.status == .badRequest, "\(path) \(fields)")
                #expect(response.text.contains(message), "\(path) \(fields)")
            }
            #expect(try await record(services, therapist.id) == before)
        }
    }

    @Test func anOregonTemporaryAuthorisationListsTheTherapistForOregonOnlyInsideItsWindow() async throws {
        let clock = TestClock(Self.now)
        try await withApp(clock: clock) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Visiting", states: [.CA])
            let me = try await browser(services, for: therapist.id)
            #expect(!(try await client.execute(uri: "/therapists?state=OR", method: .get).text.contains("Robin Visiting")))
            let added = try await client.post(
                "/account/profile/temporary", [("state", "OR"), ("basis", "other-state-rule"), ("from", "2026-01-05"), ("to", "2026-01-20")], as: me
            )
            #expect(added.status == .seeOther)
            let inside = try await client.execute(uri: "/therapists?state=OR", method: .get)
            #expect(inside.text.contains("Robin Visiting"))
            #expect(inside.text.contains("temporary authorisation"))
            clock.advance(20 * 86_400)  // 2026-01-25: after the window
            let after = try await client.execute(uri: "/therapists?state=OR", method: .get)
            #expect(!after.text.contains("<a href=\"/therapists/\(therapist.id.rawValue)"))
            // The API agrees.
            let api = try await client.execute(uri: "/api/v1/therapists/search?state=OR", method: .get)
            #expect(!api.text.contains(therapist.id.rawValue))
        }
    }

    @Test func anAssociateNamesASupervisorAndTheDirectoryCarriesTheDisclosure() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let supervisor = try await CareTestData.therapist(services.database, name: "Sam Supervisor", states: [.CA], type: .lmft)
            let associate = try await CareTestData.therapist(services.database, name: "Ari Associate", states: [.OR], type: .lpc)
            let me = try await browser(services, for: associate.id)
            let page = try await client.get("/account/profile", as: me)
            #expect(page.text.contains("Sam Supervisor (LMFT CA)"))
            let added = try await client.post(
                "/account/profile/licences",
                [("state", "CA"), ("type", "AMFT"), ("number", "AMFT-9"), ("status", "active"), ("expires", "2026-12-31"),
                 ("supervisor", supervisor.id.rawValue), ("employer", "River Co-op")],
                as: me
            )
            #expect(added.status == .seeOther)
            let directory = try await client.execute(uri: "/therapists?state=CA", method: .get)
            #expect(directory.text.contains("Ari Associate"))
            #expect(directory.text.contains("Unlicensed: registered as AMFT with the state of CA."))
            #expect(directory.text.contains("Employed by River Co-op."))
            #expect(directory.text.contains("Supervised by a licensed LMFT."))
            // Removing the registration removes the disclosure and the CA listing.
            let key = TherapistStore.credentialKey(therapist: associate.id, try Credential(state: .CA, type: .amft, number: "AMFT-9", status: .active, expires: LocalDate("2026-12-31")))
            #expect(try await client.post("/account/profile/licences/remove", [("key", key)], as: me).status == .seeOther)
            #expect(!(try await client.execute(uri: "/therapists?state=CA", method: .get).text.contains("Ari Associate")))
        }
    }

    @Test func coordinatorsVerifyLicencesAndTheActIsAudited() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Checked", states: [.CA])
            let credential = try #require(therapist.profile.credentials.licenses.first)
            let key = TherapistStore.credentialKey(therapist: therapist.id, credential)
            let own = try await browser(services, for: therapist.id)
            #expect(try await client.post("/account/profile/licences/verify", [("key", key)], as: own).status == .forbidden)
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let verified = try await client.post("/account/profile/licences/verify", [("therapist", therapist.id.rawValue), ("key", key)], as: coordinator)
            #expect(verified.status == .seeOther)
            let page = try await client.get("/account/profile?therapist=\(therapist.id.rawValue)", as: coordinator)
            #expect(page.text.contains("Verified by a coordinator on 2026-01-05."))
            let entries = try await services.database.read { sql in try await AuditStore().recent(limit: 50, sql: sql) }
            #expect(entries.contains { $0.resourceType == "credential-verification" && $0.resourceID == therapist.id.rawValue && $0.outcome == .success })
            // A client can't open anyone's profile editor.
            let stranger = try await Browser.member(services, roles: [.client])
            #expect(try await client.get("/account/profile?therapist=\(therapist.id.rawValue)", as: stranger).status == .forbidden)
        }
    }
}
