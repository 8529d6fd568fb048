import CoopApp
import Foundation
import Testing

/// Known answers from RFC 6238 Appendix B, RFC 4226 Appendix D and RFC 4648 §10.
@Suite("TOTP")
struct TOTPTests {
    /// One row of RFC 6238 Appendix B.
    struct Vector: Sendable, CustomTestStringConvertible {
        let time: TimeInterval
        let step: Int64
        let algorithm: TOTPAlgorithm
        let code: String
        var testDescription: String { "\(algorithm.rawValue) at \(Int64(time))" }
    }

    /// RFC 6238 Appendix B: the seed for each hash is "1234567890" repeated to the hash's output length.
    static func rfcSecret(_ algorithm: TOTPAlgorithm) -> [UInt8] {
        let length =
            switch algorithm {
            case .sha1: 20
            case .sha256: 32
            case .sha512: 64
            }
        return Array(String(repeating: "1234567890", count: 7).utf8.prefix(length))
    }

    static let vectors: [Vector] = [
        Vector(time: 59, step: 0x1, algorithm: .sha1, code: "94287082"),
        Vector(time: 59, step: 0x1, algorithm: .sha256, code: "46119246"),
        Vector(time: 59, step: 0x1, algorithm: .sha512, code: "90693936"),
        Vector(time: 1_111_111_109, step: 0x23523EC, algorithm: .sha1, code: "07081804"),
        Vector(time: 1_111_111_109, step: 0x23523EC, algorithm: .sha256, code: "68084774"),
        Vector(time: 1_111_111_109, step: 0x23523EC, algorithm: .sha512, code: "25091201"),
        Vector(time: 1_111_111_111, step: 0x23523ED, algorithm: .sha1, code: "14050471"),
        Vector(time: 1_111_111_111, step: 0x23523ED, algorithm: .sha256, code: "67062674"),
        Vector(time: 1_111_111_111, step: 0x23523ED, algorithm: .sha512, code: "99943326"),
        Vector(time: 1_234_567_890, step: 0x273EF07, algorithm: .sha1, code: "89005924"),
        Vector(time: 1_234_567_890, step: 0x273EF07, algorithm: .sha256, code: "91819424"),
        Vector(time: 1_234_567_890, step: 0x273EF07, algorithm: .sha512, code: "93441116"),
        Vector(time: 2_000_000_000, step: 0x3F940AA, algorithm: .sha1, code: "69279037"),
        Vector(time: 2_000_000_000, step: 0x3F940AA, algorithm: .sha256, code: "90698825"),
        Vector(time: 2_000_000_000, step: 0x3F940AA, algorithm: .sha512, code: "38618901"),
        Vector(time: 20_000_000_000, step: 0x27BC86AA, algorithm: .sha1, code: "65353130"),
        Vector(time: 20_000_000_000, step: 0x27BC86AA, algorithm: .sha256, code: "77737706"),
        Vector(time: 20_000_000_000, step: 0x27BC86AA, algorithm: .sha512, code: "47863826"),
    ]

    @Test("RFC 6238 Appendix B test vectors", arguments: vectors)
    func rfc6238(vector: Vector) {
        let totp = TOTP(secret: Self.rfcSecret(vector.algorithm), digits: 8, algorithm: vector.algorithm)
        let date = Date(timeIntervalSince1970: vector.time)
        #expect(totp.timeStep(at: date) == vector.step)
        #expect(totp.code(at: date) == vector.code)
        #expect(totp.code(forStep: vector.step) == vector.code)
        #expect(totp.matchingStep(for: vector.code, at: date, window: 0) == vector.step)
    }

    @Test("RFC 4226 Appendix D HOTP values are the 6-digit codes for steps 0 to 9")
    func rfc4226() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        for (step, code) in expected.enumerated() {
            #expect(totp.code(forStep: Int64(step)) == code)
        }
    }

    let totp = TOTP(secret: Array("12345678901234567890".utf8))
    let now = Date(timeIntervalSince1970: 1_111_111_111)

    @Test("Codes one step either side are accepted and return their own step")
    func windowAccepts() {
        let current = totp.timeStep(at: now)
        for offset: Int64 in [-1, 0, 1] {
            let code = totp.code(forStep: current + offset)
            #expect(totp.matchingStep(for: code, at: now) == current + offset)
        }
    }

    @Test("Codes two steps away are refused with the default window")
    func windowRefuses() {
        let current = totp.timeStep(at: now)
        for offset: Int64 in [-2, 2] {
            let code = totp.code(forStep: current + offset)
            #expect(totp.matchingStep(for: code, at: now) == nil)
            #expect(totp.matchingStep(for: code, at: now, window: 2) == current + offset)
        }
    }

    @Test("Spaces are ignored; non-digits and wrong lengths are refused")
    func inputShape() {
        let code = totp.code(at: now)
        let step = totp.timeStep(at: now)
        #expect(totp.matchingStep(for: " \(code.prefix(3)) \(code.dropFirst(3)) ", at: now) == step)
        #expect(totp.matchingStep(for: String(code.dropLast()), at: now) == nil)
        #expect(totp.matchingStep(for: code + "0", at: now) == nil)
        #expect(totp.matchingStep(for: String(code.dropLast()) + "x", at: now) == nil)
        #expect(totp.matchingStep(for: "-12345", at: now) == nil)
        #expect(totp.matchingStep(for: "١٢٣٤٥٦", at: now) == nil)  // Arabic-Indic digits are not ASCII digits.
        #expect(totp.matchingStep(for: "", at: now) == nil)
    }

    @Test("Codes are zero-padded to the digit count")
    func zeroPadding() {
        let totp = TOTP(secret: Self.rfcSecret(.sha1), digits: 8)
        #expect(totp.code(at: Date(timeIntervalSince1970: 1_111_111_109)) == "07081804")
    }

    @Test("Generated secrets are 20 random bytes")
    func secrets() {
        let first = TOTP.generateSecret()
        let second = TOTP.generateSecret()
        #expect(first.count == 20)
        #expect(first != second)
    }

    @Test("Base32 RFC 4648 §10 vectors, without padding")
    func base32Vectors() {
        let vectors = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test("Base32 decoding ignores case, spaces and padding and refuses other characters")
    func base32Decoding() {
        #expect(Base32.decode("mzxw 6ytb oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW6YTBO1") == nil)
        #expect(Base32.decode("MZXW6YTB-OI") == nil)
        #expect(Base32.decode("M") == nil)
        let secret = TOTP.generateSecret()
        #expect(Base32.decode(Base32.encode(secret)) == secret)
    }

    @Test("Provisioning URI follows the otpauth key URI format, percent-encoded")
    func provisioningURI() {
        #expect(
            totp.provisioningURI(issuer: "CoopCare", account: "alice@example.org")
                == "otpauth://totp/CoopCare:alice%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=CoopCare&algorithm=SHA1&digits=6&period=30"
        )
        let custom = TOTP(secret: [0x66, 0x6F, 0x6F], digits: 8, period: 60, algorithm: .sha256)
        #expect(
            custom.provisioningURI(issuer: "Coop Care & Co", account: "Zoë")
                == "otpauth://totp/Coop%20Care%20%26%20Co:Zo%C3%AB?secret=MZXW6"
                + "&issuer=Coop%20Care%20%26%20Co&algorithm=SHA256&digits=8&period=60"
        )
    }
}
