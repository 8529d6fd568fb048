import Foundation

/// How care is delivered: by video or phone, or in the same room.
public enum Delivery: String, Sendable, Codable, CaseIterable {
    case telehealth
    case inPerson = "in-person"
}
