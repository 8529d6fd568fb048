import Foundation

/// An email address, trimmed and lower-cased, checked for a plausible shape (one @, a dotted domain, no spaces).
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The longest address accepted (RFC 5321 path limit).
    public static let maximumLength = 254
    /// The normalised text.
    public let value: String

    /// Parses an address; throws `MemberError.invalidEmail` when it does not look like one.
    public init(_ text: String) throws(MemberError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard trimmed.count <= Self.maximumLength, !trimmed.isEmpty else { throw .invalidEmail }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.count <= 64, domain.contains("."),
            !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..")
        else { throw .invalidEmail }
        let forbidden = CharacterSet.whitespacesAndNewlines.union(.controlCharacters).union(CharacterSet(charactersIn: "<>()[]\\,;:\""))
        guard trimmed.unicodeScalars.allSatisfy({ !forbidden.contains($0) }) else { throw .invalidEmail }
        self.value = trimmed
    }

    /// The part before the @, used as a context word for password checks.
    public var localPart: String { String(value.split(separator: "@").first ?? "") }

    public var description: String { value }
}
