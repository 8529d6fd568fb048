import CoopDomain
import Foundation
import SQLKit

/// Member classes and memberships in SQL.
public struct MembershipStore: Sendable {
    /// Creates the store.
    public init() {}

    /// The classes, in the bylaws' order.
    public func classes(sql: any SQLDatabase) async throws -> [MemberClass] {
        try await sql.select().column("*").from("member_classes").orderBy("position").all().compactMap { row in
            guard let id = MemberClassID(rawValue: try row.decode(column: "id", as: String.self)) else { return nil }
            let probation = ProbationPeriod(
                months: Int(try row.decode(column: "probation_months", as: Int64.self)),
                days: Int(try row.decode(column: "probation_days", as: Int64.self))
            )
            return MemberClass(id: id, name: try row.decode(column: "name", as: String.self), probation: probation.isEmpty ? nil : probation)
        }
    }

    /// Stores (or replaces) a membership.
    public func save(_ membership: Membership, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "memberships").where("member_id", .equal, SQLBind(membership.memberID.rawValue)).run()
        try await sql.insert(into: "memberships")
            .columns("member_id", "class_id", "status", "applied_at", "admitted_at", "admitted_by", "probation_until", "ended_at")
            .values(
                SQLBind(membership.memberID.rawValue), SQLBind(membership.memberClass.rawValue), SQLBind(membership.status.rawValue),
                SQLBind(Clock.milliseconds(membership.appliedAt)), SQLBind(membership.admittedAt.map(Clock.milliseconds)),
                SQLBind(membership.admittedBy?.rawValue), SQLBind(membership.probationEndsAt.map(Clock.milliseconds)),
                SQLBind(membership.endedAt.map(Clock.milliseconds))
            )
            .run()
    }

    /// Every stored membership.
    public func all(sql: any SQLDatabase) async throws -> [Membership] {
        try await sql.select().column("*").from("memberships").orderBy("member_id").all().compactMap { row in
            guard let member = MemberID(rawValue: try row.decode(column: "member_id", as: String.self)),
                let memberClass = MemberClassID(rawValue: try row.decode(column: "class_id", as: String.self)),
                let status = MembershipStatus(rawValue: try row.decode(column: "status", as: String.self))
            else { return nil }
            return Membership(
                memberID: member, memberClass: memberClass, status: status,
                appliedAt: Clock.date(try row.decode(column: "applied_at", as: Int64.self)),
                admittedAt: try row.decode(column: "admitted_at", as: Int64?.self).map(Clock.date),
                admittedBy: try row.decode(column: "admitted_by", as: String?.self).flatMap(PollID.init(rawValue:)),
                probationEndsAt: try row.decode(column: "probation_until", as: Int64?.self).map(Clock.date),
                endedAt: try row.decode(column: "ended_at", as: Int64?.self).map(Clock.date), declinedBy: nil, leavingReason: nil
            )
        }
    }
}
