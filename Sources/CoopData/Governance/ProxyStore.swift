import CoopDomain
import Foundation
import SQLKit

/// Proxies in SQL (poll-scoped for now; the `meeting_id` column waits for meetings).
public struct ProxyStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Files a proxy for one poll.
    public func insert(_ proxy: Proxy, sql: any SQLDatabase) async throws {
        guard case .poll(let poll) = proxy.scope else { return }
        try await sql.insert(into: "proxies").columns("id", "giver_id", "holder_id", "poll_id", "granted_at")
            .values(
                SQLBind(proxy.id.rawValue), SQLBind(proxy.giver.rawValue), SQLBind(proxy.holder.rawValue), SQLBind(poll.rawValue),
                SQLBind(Clock.milliseconds(proxy.grantedAt))
            )
            .run()
    }

    /// Records that a proxy was withdrawn.
    public func revoke(_ id: ProxyID, at date: Date, sql: any SQLDatabase) async throws {
        try await sql.update("proxies").set("revoked_at", to: SQLBind(Clock.milliseconds(date))).where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Every proxy filed for `poll`, withdrawn ones included, in filing order.
    public func proxies(for poll: PollID, sql: any SQLDatabase) async throws -> [Proxy] {
        try await sql.select().column("*").from("proxies").where("poll_id", .equal, SQLBind(poll.rawValue)).orderBy("granted_at").orderBy("id").all()
            .compactMap { row in
                guard let id = ProxyID(rawValue: try row.decode(column: "id", as: String.self)),
                    let giver = MemberID(rawValue: try row.decode(column: "giver_id", as: String.self)),
                    let holder = MemberID(rawValue: try row.decode(column: "holder_id", as: String.self))
                else { return nil }
                return Proxy(
                    id: id, giver: giver, holder: holder, scope: .poll(poll),
                    grantedAt: Clock.date(try row.decode(column: "granted_at", as: Int64.self)),
                    revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Clock.date)
                )
            }
    }
}
