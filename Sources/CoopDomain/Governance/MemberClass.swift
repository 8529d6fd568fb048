import Foundation

/// The identifier of a member class in the bylaws: a short lower-case slug such as `worker-owner`.
public struct MemberClassID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible, RawRepresentable {
    /// The longest slug accepted.
    public static let maximumLength = 40

    /// The slug.
    public let rawValue: String

    /// Accepts 1–40 characters of `a`–`z`, `0`–`9` and inner single hyphens; nil for anything else.
    public init?(rawValue: String) {
        guard (1...Self.maximumLength).contains(rawValue.utf8.count), !rawValue.hasPrefix("-"), !rawValue.hasSuffix("-"),
            !rawValue.contains("--"), rawValue.utf8.allSatisfy(Self.isSlugByte)
        else { return nil }
        self.rawValue = rawValue
    }

    /// Whether `byte` is a lower-case ASCII letter, an ASCII digit or a hyphen.
    private static func isSlugByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }

    /// Worker-owners: the therapists and staff who own the co-op.
    public static let workerOwner = MemberClassID(rawValue: "worker-owner")!
    /// Service users: clients who chose to join as members.
    public static let serviceUser = MemberClassID(rawValue: "service-user")!
    /// Family members and carers of service users.
    public static let familyCarer = MemberClassID(rawValue: "family-carer")!
    /// Community supporters: people and organisations who back the co-op.
    public static let communitySupporter = MemberClassID(rawValue: "community-supporter")!

    /// The slug.
    public var description: String { rawValue }

    /// Orders slugs alphabetically, so lists of classes print the same way every time.
    public static func < (lhs: MemberClassID, rhs: MemberClassID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How long a newly admitted member of a class stays on probation (Phoenix: six months, DOMAIN.md §9.5).
///
/// Months are calendar months in the proleptic Gregorian calendar at UTC, so 6 months from 31 August ends on 28 or
/// 29 February, as `Calendar` counts it.
public struct ProbationPeriod: Hashable, Sendable, Codable {
    /// The calendar used to add months and days: Gregorian, UTC, so the answer never depends on the server's zone.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Whole calendar months.
    public var months: Int
    /// Extra days after the months.
    public var days: Int

    /// Creates a period of `months` months and `days` days.
    public init(months: Int = 0, days: Int = 0) {
        self.months = months
        self.days = days
    }

    /// Whether the period is empty (no probation at all).
    public var isEmpty: Bool { months == 0 && days == 0 }

    /// Whether both parts are within 0...60 months and 0...366 days.
    public var isValid: Bool { (0...60).contains(months) && (0...366).contains(days) }

    /// The moment probation ends for someone admitted at `start`.
    public func end(startingAt start: Date) -> Date {
        let components = DateComponents(month: months, day: days)
        return Self.calendar.date(byAdding: components, to: start) ?? start
    }
}

/// A class of membership named in the bylaws (DOMAIN.md §9.5, multi-stakeholder co-ops), with its probation period.
public struct MemberClass: Hashable, Sendable, Identifiable {
    /// The class's slug.
    public var id: MemberClassID
    /// The name shown to members ("Worker-owner").
    public var name: String
    /// Probation for new members of this class, or nil for none.
    public var probation: ProbationPeriod?

    /// Creates a member class.
    public init(id: MemberClassID, name: String, probation: ProbationPeriod? = nil) {
        self.id = id
        self.name = name
        self.probation = probation
    }

    /// The four classes of the issue: worker-owners (six months' probation, as at Phoenix), service users,
    /// family and carers, community supporters.
    public static let standard: [MemberClass] = [
        MemberClass(id: .workerOwner, name: "Worker-owner", probation: ProbationPeriod(months: 6)),
        MemberClass(id: .serviceUser, name: "Service user"),
        MemberClass(id: .familyCarer, name: "Family or carer"),
        MemberClass(id: .communitySupporter, name: "Community supporter"),
    ]
}
