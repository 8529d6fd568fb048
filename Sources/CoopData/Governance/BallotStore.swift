import CoopDomain
import Foundation
import SQLKit

/// Ballots and vote receipts in SQL. An anonymous poll's ballots are stored sealed (no voter, caster, proxy or time)
/// and its voters appear only in `vote_receipts`.
public struct BallotStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Stores `ballot` for `poll`, replacing the voter's earlier ballot in a named poll.
    public func record(_ ballot: Ballot, in poll: Poll, sql: any SQLDatabase) async throws {
        let stored = poll.isAnonymous ? ballot.sealed() : ballot
        if let voter = stored.voter {
            try await sql.delete(from: "ballots").where("poll_id", .equal, SQLBind(poll.id.rawValue))
                .where("voter_id", .equal, SQLBind(voter.rawValue)).run()
        }
        try await sql.insert(into: "ballots")
            .columns("id", "poll_id", "voter_id", "cast_by", "proxy_id", "choice", "reason", "weight", "cast_at")
            .values(
                SQLBind(UUID().uuidString.lowercased()), SQLBind(poll.id.rawValue), SQLBind(stored.voter?.rawValue), SQLBind(stored.castBy?.rawValue),
                SQLBind(stored.proxy?.rawValue), SQLBind(GovernanceJSON.encode(stored.choice)), SQLBind(stored.reason), SQLBind(stored.weight),
                SQLBind(stored.castAt.map(Clock.milliseconds))
            )
            .run()
    }

    /// Records (or renews) the receipt that `receipt.voter` voted.
    public func recordReceipt(_ receipt: VoteReceipt, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "vote_receipts").where("poll_id", .equal, SQLBind(receipt.pollID.rawValue))
            .where("member_id", .equal, SQLBind(receipt.voter.rawValue)).run()
        try await sql.insert(into: "vote_receipts").columns("poll_id", "member_id", "cast_by", "cast_at")
            .values(
                SQLBind(receipt.pollID.rawValue), SQLBind(receipt.voter.rawValue), SQLBind(receipt.castByProxyHolder?.rawValue),
                SQLBind(Clock.milliseconds(receipt.castAt))
            )
            .run()
    }

    /// Every ballot of a poll; anonymous ballots come back ordered by content, so their order says nothing of voters.
    public func ballots(of poll: PollID, sql: any SQLDatabase) async throws -> [Ballot] {
        let rows = try await sql.select().column("*").from("ballots").where("poll_id", .equal, SQLBind(poll.rawValue))
            .orderBy("choice").orderBy("reason").all()
        return try rows.map { row in
            Ballot(
                voter: try row.decode(column: "voter_id", as: String?.self).flatMap(MemberID.init(rawValue:)),
                castBy: try row.decode(column: "cast_by", as: String?.self).flatMap(MemberID.init(rawValue:)),
                proxy: try row.decode(column: "proxy_id", as: String?.self).flatMap(ProxyID.init(rawValue:)),
                choice: try GovernanceJSON.decodeChoice(try row.decode(column: "choice", as: String.self)),
                reason: try row.decode(column: "reason", as: String?.self), weight: Int(try row.decode(column: "weight", as: Int64.self)),
                castAt: try row.decode(column: "cast_at", as: Int64?.self).map(Clock.date)
            )
        }
    }

    /// The receipts of a poll, in member-id order.
    public func receipts(of poll: PollID, sql: any SQLDatabase) async throws -> [VoteReceipt] {
        let rows = try await sql.select().column("*").from("vote_receipts").where("poll_id", .equal, SQLBind(poll.rawValue))
            .orderBy("member_id").all()
        return try rows.compactMap { row in
            guard let voter = MemberID(rawValue: try row.decode(column: "member_id", as: String.self)) else { return nil }
            return VoteReceipt(
                pollID: poll, voter: voter, castByProxyHolder: try row.decode(column: "cast_by", as: String?.self).flatMap(MemberID.init(rawValue:)),
                castAt: Clock.date(try row.decode(column: "cast_at", as: Int64.self))
            )
        }
    }
}
