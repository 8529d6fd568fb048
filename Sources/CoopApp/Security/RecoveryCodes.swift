import Crypto
import Foundation

/// Single-use recovery codes shown once when MFA is set up, for when the authenticator is lost.
///
/// A code is 12 symbols from a 32-symbol alphabet, so 60 random bits, written as three groups of four
/// ("7kq4-m2xp-9tdr"). Only `hash(_:)` of a code is stored; the caller deletes the hash when the code is used.
public enum RecoveryCodes {
    /// Crockford's Base32 alphabet in lower case: no "i", "l", "o" or "u", so nothing reads as another symbol.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
    /// Symbols per group.
    static let groupLength = 4
    /// Groups per code.
    static let groupCount = 3

    /// `count` fresh codes from the system's cryptographically secure generator.
    public static func generate(count: Int = 10) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<max(0, count)).map { _ in
            (0..<groupCount).map { _ in
                // 32 symbols divide the generator's range evenly, so each is equally likely.
                String((0..<groupLength).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            }
            .joined(separator: "-")
        }
    }

    /// The canonical form of a typed code: lower case, without spaces or dashes.
    ///
    /// As in Crockford's Base32, "o" is read as "0" and "i" or "l" as "1", since the alphabet has only the digits.
    public static func normalise(_ code: String) -> String {
        var result = ""
        for character in code.lowercased() where !character.isWhitespace && character != "-" {
            switch character {
            case "o": result.append("0")
            case "i", "l": result.append("1")
            default: result.append(character)
            }
        }
        return result
    }

    /// The value to store for `code`: lower-case hex SHA-256 of its normalised form.
    ///
    /// A plain hash suffices because each code carries 60 random bits; there is no guessable input to salt against.
    public static func hash(_ code: String) -> String {
        let digest = SHA256.hash(data: Array(normalise(code).utf8))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }
        .joined()
    }
}
