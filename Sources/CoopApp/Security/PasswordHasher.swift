import Crypto
import Foundation
import _CryptoExtras

/// Why a password could not be hashed.
public enum PasswordHasherError: Error, Equatable {
    /// The empty string is never a password; the policy refuses it before hashing is reached.
    case emptyPassword
    /// The key derivation itself failed (bad parameters or no memory).
    case derivationFailed
}

/// Hashes and checks passwords with scrypt (DOMAIN.md §6.6: OWASP's second choice after Argon2id, and the one
/// swift-crypto ships without a system library).
///
/// Stored form, PHC-style with unpadded standard Base64: `$scrypt$ln=15,r=8,p=3$<16-byte salt>$<32-byte key>`.
/// The password is NFC-normalised and otherwise used exactly as typed: never truncated, never case-folded.
public struct PasswordHasher: Sendable {
    /// scrypt work factors: N = 2^logN, block size r, parallelism p.
    public struct Cost: Sendable, Equatable {
        /// Base-2 logarithm of the CPU/memory cost N.
        public var logN: Int
        /// Block size; memory is 128 · r · N bytes.
        public var r: Int
        /// Parallelism; BoringSSL runs the lanes one after another, so p multiplies time but not memory.
        public var p: Int

        /// Creates a cost from its three scrypt parameters.
        public init(logN: Int, r: Int, p: Int) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        // Measured: one hash takes 235–290 ms (three runs) in a release build on the 2-core x86-64 development
        // machine, with a second build competing for the cores (Swift 6.3.1, swift-crypto 4.5.2). Repeat with
        // `COOPCARE_MEASURE_SCRYPT=1 swift test -c release --filter measureStandard`.

        /// N = 2^15, r = 8, p = 3: a row of the OWASP Password Storage Cheat Sheet's table of equivalent scrypt
        /// settings (2^17/8/1, 2^16/8/2, 2^15/8/3, 2^14/8/5, 2^13/8/10). It needs 32 MiB per hash rather than
        /// 128 MiB, which matters when many people sign in at once, at about the same CPU time.
        public static let standard = Cost(logN: 15, r: 8, p: 3)
        /// N = 2^10, r = 8, p = 1: fast enough for unit tests, far too weak for real passwords.
        public static let fastForTests = Cost(logN: 10, r: 8, p: 1)

        /// Bounds for costs read back from storage, so a corrupted row cannot demand gigabytes of memory.
        var isWithinLimits: Bool {
            (1...20).contains(logN) && (1...32).contains(r) && (1...16).contains(p)
        }
    }

    /// The cost used for new hashes; stored hashes with another cost still verify but report `needsRehash`.
    public let cost: Cost

    /// Salt length for new hashes, in bytes.
    static let saltByteCount = 16
    /// Derived key length for new hashes, in bytes.
    static let keyByteCount = 32

    /// Creates a hasher that writes new hashes with `cost`.
    public init(cost: Cost = .standard) {
        self.cost = cost
    }

    /// A fresh encoded hash of `password` with a random 16-byte salt.
    public func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = try Self.derive(password, salt: salt, cost: cost, byteCount: Self.keyByteCount)
        return Self.encode(cost: cost, salt: salt, key: key)
    }

    /// Whether `password` produces the key stored in `encoded`; false for any malformed or out-of-range encoding.
    public func verify(_ password: String, against encoded: String) -> Bool {
        guard let stored = Self.decode(encoded),
            let key = try? Self.derive(password, salt: stored.salt, cost: stored.cost, byteCount: Self.keyByteCount)
        else {
            return false
        }
        return Self.constantTimeEquals(key, stored.key)
    }

    /// Whether `encoded` should be replaced by a fresh hash at the next successful sign-in: its cost or salt length
    /// differs from this hasher's, or it cannot be read at all.
    public func needsRehash(_ encoded: String) -> Bool {
        guard let stored = Self.decode(encoded) else { return true }
        return stored.cost != cost || stored.salt.count != Self.saltByteCount
    }

    /// Runs scrypt over the NFC form of `password`.
    private static func derive(_ password: String, salt: [UInt8], cost: Cost, byteCount: Int) throws -> [UInt8] {
        let bytes = Array(password.precomposedStringWithCanonicalMapping.utf8)
        // swift-crypto hands BoringSSL the buffer's base address unchecked, which an empty buffer may not have.
        guard !bytes.isEmpty else { throw PasswordHasherError.emptyPassword }
        guard cost.isWithinLimits, !salt.isEmpty, byteCount > 0 else { throw PasswordHasherError.derivationFailed }
        do {
            let key = try KDF.Scrypt.deriveKey(
                from: bytes,
                salt: salt,
                outputByteCount: byteCount,
                rounds: 1 << cost.logN,
                blockSize: cost.r,
                parallelism: cost.p
            )
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw PasswordHasherError.derivationFailed
        }
    }

    /// The stored form of one hash.
    private static func encode(cost: Cost, salt: [UInt8], key: [UInt8]) -> String {
        "$scrypt$ln=\(cost.logN),r=\(cost.r),p=\(cost.p)$\(base64(salt))$\(base64(key))"
    }

    /// Parses the stored form; nil unless every part is present and well formed.
    private static func decode(_ encoded: String) -> (cost: Cost, salt: [UInt8], key: [UInt8])? {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }

        let fields = parts[2].split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        var values: [Int] = []
        for (field, name) in zip(fields, ["ln", "r", "p"]) {
            let pair = field.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0] == name, !pair[1].isEmpty, pair[1].allSatisfy({ ("0"..."9").contains($0) }),
                let value = Int(pair[1])
            else {
                return nil
            }
            values.append(value)
        }
        let cost = Cost(logN: values[0], r: values[1], p: values[2])
        // The key length is fixed: a shortened stored key would still match a prefix of scrypt's output.
        guard cost.isWithinLimits,
            let salt = unbase64(parts[3]), !salt.isEmpty,
            let key = unbase64(parts[4]), key.count == keyByteCount
        else {
            return nil
        }
        return (cost, salt, key)
    }

    /// Standard Base64 without "=" padding, as in PHC strings.
    private static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Reads unpadded (or padded) standard Base64; nil for anything else.
    private static func unbase64(_ text: Substring) -> [UInt8]? {
        guard !text.contains("=") || text.hasSuffix("=") else { return nil }
        var padded = String(text)
        while padded.utf8.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded).map { Array($0) }
    }

    /// Compares two byte arrays in time that depends only on their lengths.
    private static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
