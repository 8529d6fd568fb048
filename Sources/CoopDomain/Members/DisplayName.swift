import Foundation

/// The name a member is shown by: 1–100 characters after trimming, no control characters.
public struct DisplayName: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The longest name accepted.
    public static let maximumLength = 100
    /// The trimmed text.
    public let value: String

    /// Validates a name; throws `MemberError.invalidName` when empty, too long or containing control characters.
    public init(_ text: String) throws(MemberError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidName(.empty) }
        guard trimmed.count <= Self.maximumLength else { throw .invalidName(.tooLong(maximum: Self.maximumLength)) }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw .invalidName(.controlCharacters)
        }
        self.value = trimmed
    }

    public var description: String { value }
}
