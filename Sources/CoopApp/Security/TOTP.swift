import Crypto
import Foundation

/// The HMAC hash behind a TOTP code; the raw value is the name used in `otpauth://` URIs.
public enum TOTPAlgorithm: String, Sendable {
    /// HMAC-SHA-1, the RFC 6238 default and the only one some apps support.
    case sha1 = "SHA1"
    /// HMAC-SHA-256.
    case sha256 = "SHA256"
    /// HMAC-SHA-512.
    case sha512 = "SHA512"
}

/// Time-based one-time passwords (RFC 6238, over HOTP from RFC 4226) for authenticator apps.
///
/// Replay prevention is the caller's job: `matchingStep` returns the time step a code belongs to, and the caller
/// stores the last step used per account and refuses any step at or before it (ASVS 5.0 6.5.5, single use).
public struct TOTP: Sendable {
    /// The shared secret, as raw bytes.
    public let secret: [UInt8]
    /// How many decimal digits a code has.
    public let digits: Int
    /// Seconds per time step.
    public let period: Int
    /// The HMAC hash.
    public let algorithm: TOTPAlgorithm

    /// Creates a generator for `secret`; the defaults are the ones every authenticator app understands.
    public init(secret: [UInt8], digits: Int = 6, period: Int = 30, algorithm: TOTPAlgorithm = .sha1) {
        // RFC 4226 asks for at least 6 digits; the 31-bit truncated value has at most 10.
        precondition((6...10).contains(digits), "TOTP codes have 6 to 10 digits")
        precondition(period > 0, "TOTP period must be positive")
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    /// The RFC 6238 time step `T` that contains `date`: whole periods since the Unix epoch.
    public func timeStep(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code for the time step containing `date`, zero-padded to `digits`.
    public func code(at date: Date) -> String {
        code(forStep: timeStep(at: date))
    }

    /// The code for time step `step`, zero-padded to `digits` (RFC 4226 §5.3 dynamic truncation).
    public func code(forStep step: Int64) -> String {
        let counter = UInt64(bitPattern: step)
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64($0))) }
        let mac = authenticationCode(for: message)
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let truncated =
            (UInt64(mac[offset] & 0x7f) << 24)
            | (UInt64(mac[offset + 1]) << 16)
            | (UInt64(mac[offset + 2]) << 8)
            | UInt64(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(truncated % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The time step whose code equals `code`, looking `window` steps either side of the step containing `date`.
    ///
    /// Spaces are ignored ("123 456"); anything else that is not an ASCII digit, or a wrong length, matches nothing.
    /// Every candidate is computed and compared in constant time, so timing does not tell which step matched.
    public func matchingStep(for code: String, at date: Date, window: Int = 1) -> Int64? {
        let typed = Array(code.utf8.filter { $0 != UInt8(ascii: " ") })
        guard typed.count == digits, typed.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        let current = timeStep(at: date)
        let reach = Int64(max(0, window))
        var best: (step: Int64, distance: Int64)?
        for offset in -reach...reach {
            let (step, overflow) = current.addingReportingOverflow(offset)
            guard !overflow, step >= 0 else { continue }
            let matches = constantTimeEquals(Array(self.code(forStep: step).utf8), typed)
            // Prefer the step nearest to now, so a clock that is slightly ahead does not burn future steps.
            if matches, best.map({ abs(offset) < $0.distance }) ?? true {
                best = (step, abs(offset))
            }
        }
        return best?.step
    }

    /// A new random 160-bit secret, the length RFC 4226 recommends for HMAC-SHA1.
    public static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The `otpauth://totp/…` URI that authenticator apps read from a QR code (Google Authenticator Key URI format).
    public func provisioningURI(issuer: String, account: String) -> String {
        let label = Self.percentEncode(issuer) + ":" + Self.percentEncode(account)
        let query = [
            "secret=" + Base32.encode(secret),
            "issuer=" + Self.percentEncode(issuer),
            "algorithm=" + algorithm.rawValue,
            "digits=\(digits)",
            "period=\(period)",
        ]
        return "otpauth://totp/" + label + "?" + query.joined(separator: "&")
    }

    /// HMAC of `message` under the secret with the configured hash.
    private func authenticationCode(for message: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        switch algorithm {
        case .sha1:
            return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256:
            return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512:
            return Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
    }

    /// Percent-encodes every byte outside RFC 3986's unreserved set, so ":", "@", "&" and spaces are safe.
    private static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}

/// Compares two byte arrays in time that depends only on their lengths.
private func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices {
        difference |= lhs[index] ^ rhs[index]
    }
    return difference == 0
}

/// Base32 from RFC 4648 §6, the encoding authenticator apps expect for TOTP secrets.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes `bytes` in upper-case Base32 without "=" padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1f)])
            }
        }
        if bits > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes Base32 in either case, ignoring spaces and "=" padding; nil for any other character or an
    /// impossible length.
    public static func decode(_ string: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var symbols = 0
        for character in string.utf8 where character != UInt8(ascii: " ") && character != UInt8(ascii: "=") {
            guard let value = value(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            symbols += 1
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // 1, 3 or 6 symbols past a full 8-symbol block cannot come from whole bytes (RFC 4648 §6).
        guard ![1, 3, 6].contains(symbols % 8) else { return nil }
        return output
    }

    /// The 5-bit value of one Base32 symbol, accepting lower case.
    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
