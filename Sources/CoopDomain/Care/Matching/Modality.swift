import Foundation

/// Who takes part in therapy.
public enum Modality: String, Sendable, Codable, CaseIterable {
    case individual
    case couples
    case family
    case group
}
