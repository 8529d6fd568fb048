import Foundation

/// Permission to practise in a state where the clinician holds no licence, for a short dated window
/// (e.g. an existing client temporarily in California, DOMAIN.md §3).
public struct TemporaryAuthorization: Hashable, Sendable, Codable {
    /// The legal basis of the permission.
    public enum Basis: String, Sendable, Codable, CaseIterable {
        /// CA BPC §2912 as amended by SB 775: a psychologist licensed elsewhere, with prior Board approval.
        case outOfStatePsychologist = "out-of-state-psychologist"
        /// CA BBS temporary practice for out-of-state LMFT/LCSW/LPCC (BPC §4980.11, §4996.16.1, §4999.23).
        case bbsTemporaryPractice = "bbs-temporary-practice"
        /// Another state's temporary-practice rule.
        case otherStateRule = "other-state-rule"
    }

    /// The state it permits practice in (where the client is).
    public let state: USState
    /// The legal basis.
    public let basis: Basis
    /// The existing client it is limited to, if any (California's allowances are for existing clients only).
    public let client: MemberID?
    /// The board's approval reference, where the basis needs prior approval.
    public let approvalReference: String?
    /// First day.
    public let validFrom: LocalDate
    /// Last day.
    public let validThrough: LocalDate

    /// Creates an authorisation; throws if the window is reversed or longer than `rules.temporaryPracticeMaximumDays`.
    public init(
        state: USState,
        basis: Basis,
        client: MemberID?,
        approvalReference: String? = nil,
        validFrom: LocalDate,
        validThrough: LocalDate,
        rules: LicensureRules = .standard
    ) throws(CareError) {
        guard validFrom <= validThrough else { throw .invalidWindow(from: validFrom, through: validThrough) }
        let days = validFrom.days(until: validThrough) + 1
        guard days <= rules.temporaryPracticeMaximumDays else {
            throw .temporaryWindowTooLong(days: days, maximum: rules.temporaryPracticeMaximumDays)
        }
        self.state = state
        self.basis = basis
        self.client = client
        self.approvalReference = approvalReference.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        self.validFrom = validFrom
        self.validThrough = validThrough
    }

    /// Whether `date` lies in the window.
    public func isInWindow(_ date: LocalDate) -> Bool { validFrom <= date && date <= validThrough }

    /// The profession the basis applies to, nil when any licensed profession may use it.
    public var profession: Set<Profession>? {
        switch basis {
        case .outOfStatePsychologist: [.psychology]
        case .bbsTemporaryPractice: [.marriageAndFamilyTherapy, .socialWork, .counseling]
        case .otherStateRule: nil
        }
    }
}
