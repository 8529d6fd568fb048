import CoopApp
import Foundation
import Testing

/// scrypt hashing: round trips at the cheap test cost, RFC 7914 §12 known answers, and refusal of bad encodings.
@Suite("Password hasher")
struct PasswordHasherTests {
    let hasher = PasswordHasher(cost: .fastForTests)

    /// Base64 without padding, as the encoded form uses.
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// Bytes from a hex string with optional spaces, for copying vectors from the RFC.
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    @Test("A hash verifies its own password and nothing else")
    func roundTrip() throws {
        let encoded = try hasher.hash("purple monkey dishwasher")
        #expect(encoded.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(hasher.verify("purple monkey dishwasher", against: encoded))
        #expect(!hasher.verify("purple monkey dishwashe", against: encoded))
        #expect(!hasher.verify("purple monkey dishwasher ", against: encoded))
        #expect(!hasher.verify("", against: encoded))
    }

    @Test("Each hash gets a fresh 16-byte salt and a 32-byte key")
    func saltAndKey() throws {
        let first = try hasher.hash("same password")
        let second = try hasher.hash("same password")
        #expect(first != second)
        let parts = first.split(separator: "$")
        let salt = try #require(Data(base64Encoded: String(parts[2]) + "=="))
        let key = try #require(Data(base64Encoded: String(parts[3]) + "="))
        #expect(salt.count == 16)
        #expect(key.count == 32)
    }

    @Test("Passwords are compared exactly: case, spacing and length all matter")
    func exactness() throws {
        let encoded = try hasher.hash("Password")
        #expect(hasher.verify("Password", against: encoded))
        #expect(!hasher.verify("password", against: encoded))
        #expect(!hasher.verify("PASSWORD", against: encoded))
        let long = String(repeating: "x", count: 300)
        let longEncoded = try hasher.hash(long)
        #expect(!hasher.verify(String(long.dropLast()), against: longEncoded))
    }

    @Test("Canonically equivalent spellings verify alike after NFC")
    func unicode() throws {
        let encoded = try hasher.hash("caf\u{E9} \u{1F510} \u{5BC6}\u{7801}")
        #expect(hasher.verify("cafe\u{301} \u{1F510} \u{5BC6}\u{7801}", against: encoded))
        #expect(!hasher.verify("cafe \u{1F510} \u{5BC6}\u{7801}", against: encoded))
        #expect(!hasher.verify("CAF\u{C9} \u{1F510} \u{5BC6}\u{7801}", against: encoded))
    }

    @Test("The empty password is never hashed")
    func emptyPassword() {
        #expect(throws: PasswordHasherError.emptyPassword) { try hasher.hash("") }
    }

    @Test("RFC 7914 §12 scrypt test vectors, first 32 bytes")
    func rfc7914() {
        let nacl = Self.bytes(hex: "fd ba be 1c 9d 34 72 00 78 56 e7 19 0d 01 e9 fe 7c 6a d7 cb c8 23 78 30 e7 73 76 63 4b 37 31 62")
        let first = "$scrypt$ln=10,r=8,p=16$\(Self.base64(Array("NaCl".utf8)))$\(Self.base64(nacl))"
        #expect(hasher.verify("password", against: first))
        #expect(!hasher.verify("Password", against: first))

        let sodium = Self.bytes(hex: "70 23 bd cb 3a fd 73 48 46 1c 06 cd 81 fd 38 eb fd a8 fb ba 90 4f 8e 3e a9 b5 43 f6 54 5d a1 f2")
        let second = "$scrypt$ln=14,r=8,p=1$\(Self.base64(Array("SodiumChloride".utf8)))$\(Self.base64(sodium))"
        #expect(hasher.verify("pleaseletmein", against: second))
    }

    @Test(
        "Malformed encodings never verify",
        arguments: [
            "", "$", "$scrypt$", "scrypt$ln=10,r=8,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$a2V5",
            "$scrypt$ln=10,r=8$c2FsdHNhbHRzYWx0c2FsdA$", "$scrypt$ln=10,r=8,p=1$!!!!$AAAA",
            "$scrypt$ln=99,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$scrypt$ln=+10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$scrypt$r=8,ln=10,p=1$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$scrypt$ln=10,r=8,p=0$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$scrypt$ln=10,r=8,p=1$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ]
    )
    func malformed(encoded: String) {
        #expect(!hasher.verify("password", against: encoded))
        #expect(hasher.needsRehash(encoded))
    }

    @Test("A stored hash with extra parts or a shortened key does not verify")
    func tampered() throws {
        let encoded = try hasher.hash("correct horse")
        #expect(!hasher.verify("correct horse", against: encoded + "$extra"))
        let parts = encoded.split(separator: "$")
        let key = try #require(Data(base64Encoded: String(parts[3]) + "="))
        let shortened = "$\(parts[0])$\(parts[1])$\(parts[2])$\(Self.base64(Array(key.prefix(16))))"
        #expect(!hasher.verify("correct horse", against: shortened))
    }

    @Test("needsRehash is true exactly when the stored cost differs")
    func rehash() throws {
        let weak = try hasher.hash("correct horse")
        #expect(!hasher.needsRehash(weak))
        #expect(PasswordHasher(cost: .standard).needsRehash(weak))
        #expect(PasswordHasher(cost: .init(logN: 10, r: 8, p: 2)).needsRehash(weak))
        #expect(PasswordHasher().cost == .standard)
    }

    /// Run with `COOPCARE_MEASURE_SCRYPT=1 swift test -c release --filter PasswordHasherTests` to time `.standard`.
    @Test("Time one hash at the standard cost", .enabled(if: ProcessInfo.processInfo.environment["COOPCARE_MEASURE_SCRYPT"] != nil))
    func measureStandard() throws {
        let standard = PasswordHasher()
        let clock = ContinuousClock()
        var encoded = ""
        let elapsed = try clock.measure { encoded = try standard.hash("purple monkey dishwasher") }
        print("scrypt ln=15 r=8 p=3 hash: \(elapsed)")
        #expect(standard.verify("purple monkey dishwasher", against: encoded))
    }
}
