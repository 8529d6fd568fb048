import CoopApp
import CoopDomain
import Foundation
import Hummingbird

extension GovernanceController {
    /// The discussion thread under each proposal: post a comment or a one-level reply.
    func addDiscussionRoutes(to router: Router<CoopRequestContext>) {
        router.post("/proposals/:id/comments") { request, context in
            let id = try Self.pollID(context)
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let replyTo = form["reply_to"].isEmpty ? nil : form["reply_to"]
            do {
                try await governance.comment(actor: context.actor, poll: id, body: form["comment"], replyTo: replyTo, origin: context.origin)
                return Response.redirect(to: SiteURL.proposal(id.rawValue) + "#discussion-heading")
            } catch let error as CommentError {
                // Keep what was typed (within reason) so the member can shorten it.
                let kept = String(form["comment"].prefix(ProposalComment.longestBody + 500))
                return try await proposalPage(id: id, context: context, error: error, extra: replyTo == nil ? ["commentValue": kept] : [:])
            }
        }
    }

    /// Adds the proposal's discussion (threads in order, times in the viewer's zone, whether the viewer may write).
    func addDiscussion(to model: inout [String: Any], poll id: PollID, context: CoopRequestContext) async throws {
        let discussion = try await governance.discussion(actor: context.actor, poll: id, origin: context.origin)
        let names = try await governance.memberNames()
        func row(_ comment: ProposalComment) -> [String: Any] {
            [
                "commentID": comment.id, "author": names[comment.author] ?? "—", "at": renderer.dateTime(comment.postedAt, context: context),
                "paragraphs": comment.body.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            ]
        }
        model["threads"] = discussion.threads.map { thread -> [String: Any] in
            var item = row(thread.comment)
            item["replies"] = thread.replies.map(row)
            item["hasReplies"] = !thread.replies.isEmpty
            item["mayReply"] = discussion.mayPost
            return item
        }
        model["hasComments"] = !discussion.threads.isEmpty
        model["mayComment"] = discussion.mayPost
        model["commentMax"] = ProposalComment.longestBody
    }
}
