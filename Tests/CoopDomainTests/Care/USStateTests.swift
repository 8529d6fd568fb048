import CoopDomain
import Foundation
import Testing

@Suite("US states and licence types")
struct USStateTests {
    @Test func fiftyStatesAndDC() {
        #expect(USState.allCases.count == 51)
        #expect(Set(USState.allCases.map(\.code)).count == 51)
        #expect(USState.allCases.contains(.DC))
    }

    @Test(arguments: [("CA", USState.CA), ("ca", .CA), (" ny ", .NY), ("Dc", .DC), ("WY", .WY)])
    func parses(code: String, state: USState) throws {
        #expect(try USState(code: code) == state)
    }

    @Test(arguments: ["XX", "PR", "GU", "", "CAL", "C", "C A"])
    func unknownCodes(code: String) {
        #expect(throws: CareError.unknownState(code)) { try USState(code: code) }
    }

    @Test func associatesAndTheLicenceTheySeek() {
        #expect(LicenseType.allCases.filter(\.isAssociate) == [.amft, .asw, .apcc, .registeredPsychologicalAssociate])
        #expect(LicenseType.amft.licenceSought == .lmft)
        #expect(LicenseType.asw.licenceSought == .lcsw)
        #expect(LicenseType.apcc.licenceSought == .lpcc)
        #expect(LicenseType.registeredPsychologicalAssociate.licenceSought == .psychologist)
        #expect(LicenseType.lep.licenceSought == nil)
        #expect(LicenseType.lpcc.profession == LicenseType.lpc.profession)
    }

    @Test func credentialNumbersAreChecked() {
        #expect(throws: CareError.invalidCredentialNumber(" ")) {
            try Credential(state: .CA, type: .lmft, number: " ", status: .active, expires: LocalDate(year: 2027, month: 1, day: 1))
        }
        #expect(throws: CareError.invalidCredentialNumber("12 34")) {
            try Credential(state: .CA, type: .lmft, number: "12 34", status: .active, expires: LocalDate(year: 2027, month: 1, day: 1))
        }
    }

    @Test(arguments: [("es", "es"), ("zh-Hant", "zh-hant"), ("ase", "ase"), ("en_US", "en-us")])
    func languageCodes(text: String, tag: String) throws {
        #expect(try LanguageCode(text).tag == tag)
    }

    @Test(arguments: ["e", "english", "12", "es--mx", "", "es-"])
    func badLanguageCodes(text: String) {
        #expect(throws: CareError.invalidLanguageCode(text)) { try LanguageCode(text) }
    }

    @Test(arguments: ["Trauma", "", "a b", "grief!"])
    func badSpecialties(text: String) {
        #expect(throws: CareError.invalidSpecialty(text)) { try Specialty(text) }
    }
}
