import CoopDomain
import Foundation
import SQLKit

/// The discussion on each proposal, in SQL.
public struct CommentStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Stores a comment.
    public func insert(_ comment: ProposalComment, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "proposal_comments").columns("id", "poll_id", "author_id", "reply_to", "body", "posted_at")
            .values(
                SQLBind(comment.id), SQLBind(comment.pollID.rawValue), SQLBind(comment.author.rawValue), SQLBind(comment.replyTo),
                SQLBind(comment.body), SQLBind(Clock.milliseconds(comment.postedAt))
            )
            .run()
    }

    /// Every comment on `poll`, in the order they were posted.
    public func comments(on poll: PollID, sql: any SQLDatabase) async throws -> [ProposalComment] {
        try await sql.select().column("*").from("proposal_comments").where("poll_id", .equal, SQLBind(poll.rawValue)).orderBy("posted_at")
            .orderBy("id").all().compactMap { row in
                guard let author = MemberID(rawValue: try row.decode(column: "author_id", as: String.self)) else { return nil }
                return ProposalComment(
                    id: try row.decode(column: "id", as: String.self), pollID: poll, author: author,
                    replyTo: try row.decode(column: "reply_to", as: String?.self), body: try row.decode(column: "body", as: String.self),
                    postedAt: Clock.date(try row.decode(column: "posted_at", as: Int64.self))
                )
            }
    }
}
