import Foundation

/// Where a member's account stands.
public enum MemberStatus: String, Sendable, Codable, CaseIterable {
    /// Invited, has not yet set a password.
    case invited
    /// Can sign in.
    case active
    /// Can no longer sign in; the record is kept.
    case disabled
}

/// A language the pages and messages are offered in.
public enum Language: String, Sendable, Codable, CaseIterable {
    case english = "en"
    case spanish = "es"

    /// Picks the first supported language from an Accept-Language header, by quality; nil if none matches.
    public static func preferred(fromAcceptLanguage header: String) -> Language? {
        let ranked = header.split(separator: ",").compactMap { item -> (String, Double)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { return nil }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            return (tag.lowercased(), quality)
        }
        for (tag, quality) in ranked.sorted(by: { $0.1 > $1.1 }) where quality > 0 {
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            if let language = Language(rawValue: primary) { return language }
        }
        return nil
    }
}

/// A person's account in the co-op: who they are, their roles, and how they sign in.
public struct Member: Sendable, Equatable, Identifiable {
    public var id: MemberID
    public var email: EmailAddress
    public var displayName: DisplayName
    public var roles: Set<Role>
    public var status: MemberStatus
    public var language: Language
    /// Whether a TOTP second factor is enrolled.
    public var mfaEnabled: Bool
    public var createdAt: Date
    /// The time zone the member reads times in (pages and emails); nil for the co-op's own zone.
    public var timeZone: IANATimeZone?

    /// Creates a member value.
    public init(
        id: MemberID, email: EmailAddress, displayName: DisplayName, roles: Set<Role>, status: MemberStatus,
        language: Language, mfaEnabled: Bool, createdAt: Date, timeZone: IANATimeZone? = nil
    ) {
        self.timeZone = timeZone
        self.id = id
        self.email = email
        self.displayName = displayName
        self.roles = roles
        self.status = status
        self.language = language
        self.mfaEnabled = mfaEnabled
        self.createdAt = createdAt
    }

    /// Whether this member must use a second factor.
    public var mustUseMFA: Bool { roles.requireMFA }
}
