import CoopDomain
import Foundation
import SQLKit

/// Applications to join a member class, in SQL.
public struct ApplicationStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Stores a new application.
    public func insert(_ application: MembershipApplication, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "membership_applications")
            .columns("poll_id", "member_id", "class_id", "statement", "status", "applied_at", "decided_at")
            .values(
                SQLBind(application.pollID.rawValue), SQLBind(application.applicant.rawValue), SQLBind(application.memberClass.rawValue),
                SQLBind(application.statement), SQLBind(application.status.rawValue), SQLBind(Clock.milliseconds(application.appliedAt)),
                SQLBind(application.decidedAt.map(Clock.milliseconds))
            )
            .run()
    }

    /// Records how the vote decided the application of poll `poll`.
    public func decide(poll: PollID, as status: ApplicationStatus, at date: Date, sql: any SQLDatabase) async throws {
        try await sql.update("membership_applications").set("status", to: SQLBind(status.rawValue))
            .set("decided_at", to: SQLBind(Clock.milliseconds(date))).where("poll_id", .equal, SQLBind(poll.rawValue)).run()
    }

    /// The application decided by poll `poll`, if any.
    public func find(poll: PollID, sql: any SQLDatabase) async throws -> MembershipApplication? {
        try await sql.select().column("*").from("membership_applications").where("poll_id", .equal, SQLBind(poll.rawValue)).first()
            .flatMap(Self.application(from:))
    }

    /// One person's applications, newest first.
    public func applications(of member: MemberID, sql: any SQLDatabase) async throws -> [MembershipApplication] {
        try await sql.select().column("*").from("membership_applications").where("member_id", .equal, SQLBind(member.rawValue))
            .orderBy("applied_at", .descending).all().compactMap(Self.application(from:))
    }

    /// Every application, oldest first.
    public func all(sql: any SQLDatabase) async throws -> [MembershipApplication] {
        try await sql.select().column("*").from("membership_applications").orderBy("applied_at").all().compactMap(Self.application(from:))
    }

    /// Every application still waiting for its vote, oldest first.
    public func pending(sql: any SQLDatabase) async throws -> [MembershipApplication] {
        try await sql.select().column("*").from("membership_applications").where("status", .equal, SQLBind(ApplicationStatus.pending.rawValue))
            .orderBy("applied_at").all().compactMap(Self.application(from:))
    }

    private static func application(from row: any SQLRow) throws -> MembershipApplication? {
        guard let poll = PollID(rawValue: try row.decode(column: "poll_id", as: String.self)),
            let member = MemberID(rawValue: try row.decode(column: "member_id", as: String.self)),
            let memberClass = MemberClassID(rawValue: try row.decode(column: "class_id", as: String.self)),
            let status = ApplicationStatus(rawValue: try row.decode(column: "status", as: String.self))
        else { return nil }
        return MembershipApplication(
            applicant: member, memberClass: memberClass, statement: try row.decode(column: "statement", as: String.self), pollID: poll,
            appliedAt: Clock.date(try row.decode(column: "applied_at", as: Int64.self)), status: status,
            decidedAt: try row.decode(column: "decided_at", as: Int64?.self).map(Clock.date)
        )
    }
}
