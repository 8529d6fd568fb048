import Foundation

/// A member's identifier: a random UUID in lower-case text.
public struct MemberID: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable {
    /// The text form.
    public let rawValue: String

    /// Wraps an existing id; nil unless it is a UUID.
    public init?(rawValue: String) {
        guard let canonical = CanonicalUUID.canonical(rawValue) else { return nil }
        self.rawValue = canonical
    }

    /// Makes a new random id.
    public static func make() -> MemberID { MemberID(rawValue: UUID().uuidString)! }

    public var description: String { rawValue }
}
