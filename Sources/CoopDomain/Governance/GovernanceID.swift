import Foundation

/// An identifier that is a random UUID kept as lower-case text, like ``MemberID``.
public protocol GovernanceID: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable where RawValue == String {
    /// Wraps text already known to be a lower-case UUID.
    init(verified rawValue: String)
}

extension GovernanceID {
    /// Wraps an existing id; nil unless it is a UUID.
    public init?(rawValue: String) {
        guard let uuid = UUID(uuidString: rawValue) else { return nil }
        self.init(verified: uuid.uuidString.lowercased())
    }

    /// Makes a new random id.
    public static func make() -> Self { Self(verified: UUID().uuidString.lowercased()) }

    /// The text form.
    public var description: String { rawValue }
}

/// A poll's identifier.
public struct PollID: GovernanceID {
    /// The lower-case UUID text.
    public let rawValue: String
    /// Wraps text already known to be a lower-case UUID.
    public init(verified rawValue: String) { self.rawValue = rawValue }
}

/// A meeting's identifier.
public struct MeetingID: GovernanceID {
    /// The lower-case UUID text.
    public let rawValue: String
    /// Wraps text already known to be a lower-case UUID.
    public init(verified rawValue: String) { self.rawValue = rawValue }
}

/// A proxy's identifier.
public struct ProxyID: GovernanceID {
    /// The lower-case UUID text.
    public let rawValue: String
    /// Wraps text already known to be a lower-case UUID.
    public init(verified rawValue: String) { self.rawValue = rawValue }
}

/// An emergency setting change's identifier.
public struct EmergencyChangeID: GovernanceID {
    /// The lower-case UUID text.
    public let rawValue: String
    /// Wraps text already known to be a lower-case UUID.
    public init(verified rawValue: String) { self.rawValue = rawValue }
}
