import Foundation

/// The name a participant appears under on the roster.
public enum ParticipantName: Hashable, Sendable, Codable {
    /// The name on their account or registration form.
    case registered(String)
    /// A name they chose for this group (peer support only).
    case chosen(String)

    /// The text shown.
    public var text: String {
        switch self {
        case .registered(let name), .chosen(let name): name
        }
    }
}

/// Someone taking part: a member, or a guest known only by name (workshops, peer drop-ins).
public struct Participant: Hashable, Sendable, Codable {
    /// The member, nil for a guest.
    public let member: MemberID?
    /// The name on the roster.
    public let name: ParticipantName

    /// Creates a participant; throws `SchedulingError.invalidParticipantName` for an empty or over-long name, or one
    /// with control characters.
    public init(member: MemberID?, name: ParticipantName) throws(SchedulingError) {
        let text = name.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(text.count), !text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw .invalidParticipantName(name.text)
        }
        self.member = member
        switch name {
        case .registered: self.name = .registered(text)
        case .chosen: self.name = .chosen(text)
        }
    }
}
