import CoopApp
import Testing

/// Recovery codes: shape, randomness, normalisation, and the FIPS 180-2 SHA-256 "abc" known answer.
@Suite("Recovery codes")
struct RecoveryCodesTests {
    /// Crockford's Base32 symbols in lower case: 32 of them, so 12 symbols carry 60 bits.
    let alphabet = Set("0123456789abcdefghjkmnpqrstvwxyz")

    @Test("Ten codes by default, three dash-separated groups of four")
    func shape() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10)
        #expect(alphabet.count == 32)
        for code in codes {
            let groups = code.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.count == 3)
            #expect(groups.allSatisfy { $0.count == 4 && $0.allSatisfy(alphabet.contains) })
        }
        #expect(RecoveryCodes.generate(count: 3).count == 3)
    }

    @Test("Codes do not repeat and use the whole alphabet")
    func randomness() {
        let codes = RecoveryCodes.generate(count: 1_000)
        #expect(Set(codes).count == 1_000)
        let seen = Set(codes.joined().filter { $0 != "-" })
        #expect(seen == alphabet)
    }

    @Test("Normalising lowercases and strips spaces and dashes")
    func normalise() {
        #expect(RecoveryCodes.normalise("7KQ4 M2XP-9TDR") == "7kq4m2xp9tdr")
        #expect(RecoveryCodes.normalise(" 7kq4-m2xp-9tdr\n") == "7kq4m2xp9tdr")
        // Letters left out of the alphabet are read as the digits they look like.
        #expect(RecoveryCodes.normalise("O1IL-oo00") == "01110000")
    }

    @Test("Hash is hex SHA-256 of the normalised code")
    func hash() {
        #expect(RecoveryCodes.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(RecoveryCodes.hash("A-B C") == RecoveryCodes.hash("abc"))
        #expect(RecoveryCodes.hash("7kq4-m2xp-9tdr") == RecoveryCodes.hash("7KQ4M2XP9TDR"))
        #expect(RecoveryCodes.hash("7kq4-m2xp-9tdr") != RecoveryCodes.hash("7kq4-m2xp-9tdq"))
    }
}
