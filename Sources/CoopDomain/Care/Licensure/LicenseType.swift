import Foundation

/// The kind of licence or registration a clinician holds (DOMAIN.md §3).
public enum LicenseType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Licensed Marriage and Family Therapist (BBS).
    case lmft = "LMFT"
    /// Licensed Clinical Social Worker (BBS).
    case lcsw = "LCSW"
    /// Licensed Professional Clinical Counselor (BBS; California's title).
    case lpcc = "LPCC"
    /// Licensed Educational Psychologist (BBS, school-based).
    case lep = "LEP"
    /// Licensed psychologist (Board of Psychology).
    case psychologist = "Psychologist"
    /// Licensed Professional Counselor: the independent counselor title most other states use (LMHC and LCPC map
    /// here); the licence the Counseling Compact builds on.
    case lpc = "LPC"
    /// Associate Marriage and Family Therapist (BBS registrant).
    case amft = "AMFT"
    /// Associate Clinical Social Worker (BBS registrant).
    case asw = "ASW"
    /// Associate Professional Clinical Counselor (BBS registrant).
    case apcc = "APCC"
    /// Registered Psychological Associate (Board of Psychology registrant).
    case registeredPsychologicalAssociate = "RPA"

    /// The profession the licence belongs to; compacts and supervision are per profession.
    public var profession: Profession {
        switch self {
        case .lmft, .amft: .marriageAndFamilyTherapy
        case .lcsw, .asw: .socialWork
        case .lpcc, .lpc, .apcc: .counseling
        case .lep: .educationalPsychology
        case .psychologist, .registeredPsychologicalAssociate: .psychology
        }
    }

    /// Whether this is an associate registration: unlicensed, practising only under a licensed supervisor,
    /// and bound to the disclosures of BPC §4980.44 and its analogues.
    public var isAssociate: Bool {
        switch self {
        case .amft, .asw, .apcc, .registeredPsychologicalAssociate: true
        case .lmft, .lcsw, .lpcc, .lep, .psychologist, .lpc: false
        }
    }

    /// For an associate, the licence it works towards; nil for a licence.
    public var licenceSought: LicenseType? {
        switch self {
        case .amft: .lmft
        case .asw: .lcsw
        case .apcc: .lpcc
        case .registeredPsychologicalAssociate: .psychologist
        default: nil
        }
    }

    /// The abbreviation shown to clients ("LMFT", "AMFT", "RPA").
    public var description: String { rawValue }
}

/// A mental-health profession, the unit licensing boards and compacts work in.
public enum Profession: String, Sendable, Codable, CaseIterable {
    case marriageAndFamilyTherapy = "mft"
    case socialWork = "social-work"
    case counseling
    case educationalPsychology = "educational-psychology"
    case psychology
}
