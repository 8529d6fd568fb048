import Foundation

/// Why a comment was refused.
public enum CommentError: Error, Equatable, Sendable {
    /// The text is empty or longer than the limit.
    case invalidLength(maximumLength: Int)
    /// The comment replied to does not exist on this proposal.
    case parentNotFound
    /// Replies go one level deep: a reply cannot be replied to.
    case replyToReply
    /// The proposal is closed: its discussion is read-only.
    case closed
    /// Only the members who may vote on the proposal, and its author, may write in its discussion.
    case notAParticipant
}

/// A comment in a proposal's discussion; a reply names the comment it answers (one level only).
public struct ProposalComment: Sendable, Equatable, Identifiable {
    /// The longest comment accepted, in characters.
    public static let longestBody = 2_000

    /// The comment's id (a UUID).
    public let id: String
    /// The proposal it belongs to.
    public let pollID: PollID
    /// Who wrote it.
    public let author: MemberID
    /// The comment it answers, or nil for a top-level comment.
    public let replyTo: String?
    /// The text.
    public let body: String
    /// When it was posted.
    public let postedAt: Date

    /// Creates a comment.
    public init(id: String = UUID().uuidString.lowercased(), pollID: PollID, author: MemberID, replyTo: String?, body: String, postedAt: Date) {
        self.id = id
        self.pollID = pollID
        self.author = author
        self.replyTo = replyTo
        self.body = body
        self.postedAt = postedAt
    }

    /// Checks a new comment by `author` on `poll` against the discussion's rules and returns it: the poll must be open
    /// at `date`, the author in `electorate` or the poll's author, the text 1...``longestBody`` characters, and a reply
    /// must answer a top-level comment among `existing`.
    public static func write(
        _ body: String, replyTo: String?, by author: MemberID, on poll: Poll, electorate: Electorate, isOpen: Bool, existing: [ProposalComment],
        at date: Date
    ) throws(CommentError) -> ProposalComment {
        guard isOpen else { throw .closed }
        guard electorate.contains(author) || poll.author == author else { throw .notAParticipant }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= longestBody else { throw .invalidLength(maximumLength: longestBody) }
        if let replyTo {
            guard let parent = existing.first(where: { $0.id == replyTo && $0.pollID == poll.id }) else { throw .parentNotFound }
            guard parent.replyTo == nil else { throw .replyToReply }
        }
        return ProposalComment(pollID: poll.id, author: author, replyTo: replyTo, body: text, postedAt: date)
    }

    /// Orders a discussion for reading: top-level comments oldest first, each followed by its replies oldest first.
    public static func threaded(_ comments: [ProposalComment]) -> [(comment: ProposalComment, replies: [ProposalComment])] {
        let ordered = comments.sorted { ($0.postedAt, $0.id) < ($1.postedAt, $1.id) }
        return ordered.filter { $0.replyTo == nil }.map { top in (top, ordered.filter { $0.replyTo == top.id }) }
    }
}
