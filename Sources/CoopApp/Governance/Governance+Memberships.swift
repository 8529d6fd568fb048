import CoopData
import CoopDomain
import Foundation
import SQLKit

extension Governance {
    /// The class a member belongs to until the admission flow records one: worker-owners are the people who work in the
    /// co-op, clients are service users, community members are supporters.
    static func defaultClass(for roles: Set<Role>) -> MemberClassID {
        if roles.contains(.clinician) || roles.contains(.peerFacilitator) || roles.contains(.coordinator) || roles.contains(.treasurer) {
            return .workerOwner
        }
        return roles.contains(.client) ? .serviceUser : .communitySupporter
    }

    /// Stored memberships, plus a founding membership (active since the account was made, class from the roles) for
    /// every active account that has none yet.
    func electorateMemberships(sql: any SQLDatabase) async throws -> [Membership] {
        let stored = try await MembershipStore().all(sql: sql)
        let known = Set(stored.map(\.memberID))
        let founders = try await MemberStore().all(sql: sql).filter { $0.status == .active && !known.contains($0.id) }.map {
            // A second before the stored creation time, which is rounded to the millisecond and may sit just after it.
            Membership.founder($0.id, of: Self.defaultClass(for: $0.roles), since: $0.createdAt.addingTimeInterval(-1))
        }
        return stored + founders
    }
}
