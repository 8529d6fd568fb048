import Foundation

/// The licensure numbers and tables the checks use, kept as data so they can be versioned and changed when a
/// state joins a compact or a statute changes (DOMAIN.md: no such numbers in literals).
public struct LicensureRules: Hashable, Sendable {
    /// The longest temporary authorisation window, in days (CA: 30 consecutive days per calendar year).
    public var temporaryPracticeMaximumDays: Int
    /// States that are not members of a compact; a privilege naming one of them is not honoured there.
    public var compactNonMembers: [Compact: Set<USState>]
    /// Temporary-practice bases that need a board approval reference before they cover anything.
    public var basesNeedingApproval: Set<TemporaryAuthorization.Basis>
    /// For each associate registration, the licence types that may supervise it.
    public var qualifiedSupervisors: [LicenseType: Set<LicenseType>]

    /// Creates a rule set.
    public init(
        temporaryPracticeMaximumDays: Int,
        compactNonMembers: [Compact: Set<USState>],
        basesNeedingApproval: Set<TemporaryAuthorization.Basis>,
        qualifiedSupervisors: [LicenseType: Set<LicenseType>]
    ) {
        self.temporaryPracticeMaximumDays = temporaryPracticeMaximumDays
        self.compactNonMembers = compactNonMembers
        self.basesNeedingApproval = basesNeedingApproval
        self.qualifiedSupervisors = qualifiedSupervisors
    }

    /// California as DOMAIN.md §3 describes it in late 2025: CA in no compact; 30-day temporary practice; SB 775
    /// prior approval for out-of-state psychologists. The supervisor table follows BPC §4980.03(g) and its LCSW/LPCC
    /// analogues, and BoP rules for psychological associates; it is marked [V] there and must be checked.
    public static let standard = LicensureRules(
        temporaryPracticeMaximumDays: 30,
        compactNonMembers: [.psypact: [.CA], .counseling: [.CA], .socialWork: [.CA]],
        basesNeedingApproval: [.outOfStatePsychologist],
        qualifiedSupervisors: [
            .amft: [.lmft, .lcsw, .lpcc, .psychologist],
            .asw: [.lcsw, .lmft, .lpcc, .psychologist],
            .apcc: [.lpcc, .lmft, .lcsw, .psychologist],
            .registeredPsychologicalAssociate: [.psychologist],
        ]
    )
}
