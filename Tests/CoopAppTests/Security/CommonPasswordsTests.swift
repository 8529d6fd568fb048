import CoopApp
import CoopDomain
import Testing

/// The bundled zxcvbn 4.5.0 list: 10,000 entries, the best-known ones present.
@Suite("Common passwords")
struct CommonPasswordsTests {
    @Test("The list loads from the bundle with 10,000 entries")
    func loads() throws {
        let passwords = try CommonPasswords.load()
        #expect(passwords.count == 10_000)
        #expect(passwords.contains("password"))
        #expect(passwords.contains("123456"))
        #expect(passwords.allSatisfy { !$0.isEmpty && $0 == $0.lowercased() })
    }

    @Test("The policy built on the list refuses common passwords in any case")
    func feedsPolicy() throws {
        let policy = PasswordPolicy(blocklist: try CommonPasswords.load())
        #expect(policy.problems(for: "Password1", mfaEnabled: true) == [.common])
        #expect(policy.problems(for: "ILOVEYOU", mfaEnabled: true) == [.common])
        #expect(policy.problems(for: "grape shelf lantern", mfaEnabled: true).isEmpty)
    }
}
