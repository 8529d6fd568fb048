import CoopData
import CoopDomain
import Foundation
import SQLKit

/// A proposal's discussion as its page shows it.
public struct Discussion: Sendable {
    /// Top-level comments oldest first, each with its replies.
    public let threads: [(comment: ProposalComment, replies: [ProposalComment])]
    /// Whether the viewer may write (open proposal, viewer in its electorate or its author).
    public let mayPost: Bool
}

extension Governance {
    /// The discussion on poll `id` for a signed-in member.
    public func discussion(actor: Actor, poll id: PollID, origin: RequestOrigin) async throws -> Discussion {
        try await authorize(actor, .takePart, origin: origin)
        let now = self.now()
        return try await services.database.read { sql in
            guard let record = try await polls.find(id, sql: sql) else { throw ProposalError.pollNotFound }
            let isOpen = record.poll.isOpen(at: now) && !record.isSettled
            let member = actor.memberID
            let participant = member.map { record.electorate.contains($0) || record.poll.author == $0 } ?? false
            return Discussion(threads: ProposalComment.threaded(try await CommentStore().comments(on: id, sql: sql)), mayPost: isOpen && participant)
        }
    }

    /// Posts a comment (or a reply to a top-level comment) in poll `id`'s discussion.
    public func comment(actor: Actor, poll id: PollID, body: String, replyTo: String?, origin: RequestOrigin) async throws {
        try await authorize(actor, .takePart, origin: origin)
        guard let author = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await settleDue(origin: origin)
        let now = self.now()
        try await services.database.transaction { sql in
            guard let record = try await polls.findForUpdate(id, sql: sql) else { throw ProposalError.pollNotFound }
            let comment = try ProposalComment.write(
                body, replyTo: replyTo, by: author, on: record.poll, electorate: record.electorate,
                isOpen: record.poll.isOpen(at: now) && !record.isSettled, existing: try await CommentStore().comments(on: id, sql: sql), at: now
            )
            try await CommentStore().insert(comment, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: author.rawValue, action: .create, resourceType: "proposal-comment", resourceID: comment.id, outcome: .success,
                    detail: "poll=\(id.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }
}

extension Governance {
    /// Every member's display name by id (for pages that name authors).
    public func memberNames() async throws -> [MemberID: String] {
        try await services.database.read { sql in try await names(sql: sql) }
    }
}
