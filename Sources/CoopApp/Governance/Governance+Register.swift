import CoopData
import CoopDomain
import Foundation

/// One line of the member register.
public struct RegisterEntry: Sendable, Equatable {
    /// The member's display name.
    public let name: String
    /// Their class.
    public let memberClass: MemberClassID
    /// Where their membership stands.
    public let status: MembershipStatus
    /// When they were admitted (for founders, since when they are members).
    public let admittedAt: Date?
    /// When probation ends, if it has not.
    public let probationEndsAt: Date?
}

extension Governance {
    /// The member register, by name, for coordinators (who run memberships).
    public func register(actor: Actor, origin: RequestOrigin) async throws -> [RegisterEntry] {
        try await authorize(actor, .manageMemberships, origin: origin)
        return try await services.database.read { sql in
            let names = try await names(sql: sql)
            let members = try await electorateMemberships(sql: sql).map { membership in
                RegisterEntry(
                    name: names[membership.memberID] ?? membership.memberID.rawValue, memberClass: membership.memberClass, status: membership.status,
                    admittedAt: membership.admittedAt, probationEndsAt: membership.probationEndsAt
                )
            }
            // Applications waiting for their vote, or declined by it, appear beside the membership the person holds.
            let applicants = try await ApplicationStore().all(sql: sql).filter { $0.status != .admitted }.map { application in
                RegisterEntry(
                    name: names[application.applicant] ?? application.applicant.rawValue, memberClass: application.memberClass,
                    status: application.status == .pending ? .applicant : .declined, admittedAt: nil, probationEndsAt: nil
                )
            }
            return (members + applicants)
            .sorted { ($0.name.lowercased(), $0.memberClass.rawValue) < ($1.name.lowercased(), $1.memberClass.rawValue) }
        }
    }
}
