import Foundation

/// A need a client has or a specialty a therapist offers, as a slug the co-op configures ("trauma", "lgbtq-affirming").
public struct Specialty: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The slug.
    public let slug: String

    /// Parses a slug of 1–64 lower-case letters, digits and "-"; throws `CareError.invalidSpecialty` otherwise.
    public init(_ text: String) throws(CareError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw .invalidSpecialty(text)
        }
        self.slug = trimmed
    }

    /// The key of the specialty's name in the message catalogues.
    public var messageKey: String { "specialty.\(slug)" }

    public var description: String { slug }

    /// Orders specialties by slug.
    public static func < (lhs: Specialty, rhs: Specialty) -> Bool { lhs.slug < rhs.slug }
}
