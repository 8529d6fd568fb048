import CoopDomain
import Testing

/// Known answers from NIST SP 800-63B-4 §3.1.1.2 and OWASP ASVS 5.0 §6.2 (DOMAIN.md §6.6).
@Suite("Password policy")
struct PasswordPolicyTests {
    /// A policy with a tiny blocklist, so each test states the only entries that matter.
    let policy = PasswordPolicy(blocklist: ["password", "letmein", "correcthorsebatterystaple"])

    @Test("Minimum is 8 code points with MFA and 15 without")
    func minimumLengths() {
        #expect(policy.minimumLength(mfaEnabled: true) == 8)
        #expect(policy.minimumLength(mfaEnabled: false) == 15)
        #expect(policy.problems(for: "tabletop", mfaEnabled: true).isEmpty)
        #expect(policy.problems(for: "tablets", mfaEnabled: true) == [.tooShort(minimum: 8)])
        #expect(policy.problems(for: "tabletop", mfaEnabled: false) == [.tooShort(minimum: 15)])
        #expect(policy.problems(for: "tabletop-walrus", mfaEnabled: false).isEmpty)
    }

    @Test("Long passwords are accepted up to 256 code points and refused past it")
    func maximumLength() {
        #expect(PasswordPolicy.maximumLength == 256)
        #expect(policy.problems(for: String(repeating: "q", count: 64), mfaEnabled: false).isEmpty)
        #expect(policy.problems(for: String(repeating: "q", count: 256), mfaEnabled: false).isEmpty)
        #expect(policy.problems(for: String(repeating: "q", count: 257), mfaEnabled: false) == [.tooLong(maximum: 256)])
    }

    @Test("A million-character password is refused as too long without hanging", .timeLimit(.minutes(1)))
    func hugePassword() {
        let huge = String(repeating: "a", count: 1_000_000)
        #expect(policy.problems(for: huge, mfaEnabled: true) == [.tooLong(maximum: 256)])
        let hugeCombining = String(repeating: "e\u{301}", count: 500_000)
        #expect(policy.problems(for: hugeCombining, mfaEnabled: true) == [.tooLong(maximum: 256)])
    }

    @Test("Emoji and accented letters count one per code point, not per grapheme or byte")
    func codePointCounting() {
        // 👍🏽 is two code points (thumbs up + skin tone) in one grapheme; 4 of them make 8.
        #expect(policy.problems(for: String(repeating: "👍🏽", count: 4), mfaEnabled: true).isEmpty)
        #expect(policy.problems(for: String(repeating: "👍🏽", count: 3), mfaEnabled: true) == [.tooShort(minimum: 8)])
        // é (U+00E9) is one code point but two UTF-8 bytes.
        #expect(policy.problems(for: String(repeating: "\u{E9}", count: 8), mfaEnabled: true).isEmpty)
        #expect(policy.problems(for: String(repeating: "\u{E9}", count: 7), mfaEnabled: true) == [.tooShort(minimum: 8)])
    }

    @Test("Length is counted after NFC: e + combining acute is one code point")
    func normalisation() {
        let decomposed = String(repeating: "e\u{301}", count: 8)
        #expect(decomposed.unicodeScalars.count == 16)
        #expect(policy.problems(for: decomposed, mfaEnabled: true).isEmpty)
        #expect(policy.problems(for: decomposed, mfaEnabled: false) == [.tooShort(minimum: 15)])
        #expect(policy.problems(for: String(repeating: "e\u{301}", count: 129), mfaEnabled: true).isEmpty)
    }

    @Test("Spaces and any Unicode are allowed; no composition rules")
    func noCompositionRules() {
        #expect(policy.problems(for: "purple monkey dishwasher", mfaEnabled: false).isEmpty)
        #expect(policy.problems(for: "allthelowercaseletters", mfaEnabled: false).isEmpty)
        #expect(policy.problems(for: "доброе утро, друзья", mfaEnabled: false).isEmpty)
        #expect(policy.problems(for: "        ", mfaEnabled: true).isEmpty)
    }

    @Test("Blocklisted passwords are refused whatever their case", arguments: ["password", "PASSWORD", "PassWord"])
    func blocklist(candidate: String) {
        #expect(policy.problems(for: candidate, mfaEnabled: true) == [.common])
    }

    @Test("Only the whole password is compared with the blocklist")
    func blocklistWholePassword() {
        #expect(policy.problems(for: "password!", mfaEnabled: true).isEmpty)
        #expect(policy.problems(for: "my password is long", mfaEnabled: false).isEmpty)
    }

    @Test("A blocklisted password that is also short reports both problems")
    func shortAndCommon() {
        #expect(policy.problems(for: "LetMeIn", mfaEnabled: true) == [.tooShort(minimum: 8), .common])
        #expect(policy.problems(for: "CorrectHorseBatteryStaple", mfaEnabled: false) == [.common])
    }

    @Test("Context words of four or more code points are refused case-insensitively")
    func contextWords() {
        let words = ["alice.smith", "coopcare", "al"]
        #expect(policy.problems(for: "MyCoopCareLogin2025", mfaEnabled: false, contextWords: words) == [.containsContextWord])
        #expect(policy.problems(for: "hello-ALICE.SMITH-x", mfaEnabled: false, contextWords: words) == [.containsContextWord])
        // "al" is too short to count, so "always calm" is fine.
        #expect(policy.problems(for: "always calm and quiet", mfaEnabled: false, contextWords: words).isEmpty)
        #expect(policy.problems(for: "MyCoopCareLogin2025", mfaEnabled: false).isEmpty)
    }
}
