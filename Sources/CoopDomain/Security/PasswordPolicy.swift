import Foundation

/// A reason a proposed password is refused; each case maps to one message shown to the person choosing it.
public enum PasswordProblem: Equatable, Sendable, Hashable {
    /// Fewer code points than the minimum that applies to this account.
    case tooShort(minimum: Int)
    /// More code points than the policy accepts.
    case tooLong(maximum: Int)
    /// The whole password is on the common-password blocklist.
    case common
    /// The password contains a word tied to this person or this service (email local part, "coopcare", …).
    case containsContextWord
}

/// Password rules after NIST SP 800-63B-4 and OWASP ASVS 5.0 §6.2 (DOMAIN.md §6.6).
///
/// - Length is counted in Unicode code points after NFC normalisation; any Unicode is allowed, spaces included.
/// - At least 8 code points when the account has a second factor, 15 when the password stands alone; at most 256.
/// - No composition rules ("one digit, one symbol"), no truncation, no case folding of the stored password.
/// - Refuses whole-password matches on a blocklist and passwords that contain a context word.
public struct PasswordPolicy: Sendable {
    /// The longest password accepted, in code points; well above the 64 that NIST and ASVS require us to allow.
    public static let maximumLength = 256

    /// Minimum when the password is one factor of several (NIST SP 800-63B-4 §3.1.1.2, ASVS 6.2.1).
    static let minimumWithMFA = 8
    /// Minimum when the password is the only factor (NIST SP 800-63B-4 §3.1.1.2).
    static let minimumWithoutMFA = 15
    /// Shorter context words ("al", "bob") would match too many unrelated passwords to be useful.
    static let minimumContextWordLength = 4

    private let blocklist: Set<String>

    /// Creates a policy that refuses any password equal, ignoring case, to an entry of `blocklist`.
    public init(blocklist: Set<String>) {
        self.blocklist = Set(blocklist.map { $0.lowercased() })
    }

    /// The fewest code points a password may have: 8 with MFA, 15 without (NIST SP 800-63B-4).
    public func minimumLength(mfaEnabled: Bool) -> Int {
        mfaEnabled ? Self.minimumWithMFA : Self.minimumWithoutMFA
    }

    /// Every rule `password` breaks, in a stable order; an empty array means the password is acceptable.
    ///
    /// `contextWords` are compared case-insensitively as substrings; words shorter than four code points are ignored.
    public func problems(for password: String, mfaEnabled: Bool, contextWords: [String] = []) -> [PasswordProblem] {
        // No canonical composition shrinks a run of code points by more than a few to one, so anything past this
        // bound is too long even after NFC; checking first keeps a megabyte-long submission from costing real work.
        if password.unicodeScalars.count > Self.maximumLength * 8 {
            return [.tooLong(maximum: Self.maximumLength)]
        }

        let normalised = password.precomposedStringWithCanonicalMapping
        let length = normalised.unicodeScalars.count
        if length > Self.maximumLength {
            return [.tooLong(maximum: Self.maximumLength)]
        }

        var problems: [PasswordProblem] = []
        let minimum = minimumLength(mfaEnabled: mfaEnabled)
        if length < minimum {
            problems.append(.tooShort(minimum: minimum))
        }

        let folded = normalised.lowercased()
        if blocklist.contains(folded) {
            problems.append(.common)
        }
        if containsContextWord(folded, contextWords: contextWords) {
            problems.append(.containsContextWord)
        }
        return problems
    }

    /// Whether the lowercased, normalised password contains any usable context word.
    private func containsContextWord(_ folded: String, contextWords: [String]) -> Bool {
        for word in contextWords {
            let candidate = word.trimmingCharacters(in: .whitespacesAndNewlines)
                .precomposedStringWithCanonicalMapping
                .lowercased()
            guard candidate.unicodeScalars.count >= Self.minimumContextWordLength else { continue }
            if folded.contains(candidate) {
                return true
            }
        }
        return false
    }
}
