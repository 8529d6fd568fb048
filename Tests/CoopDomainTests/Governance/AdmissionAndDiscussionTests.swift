import CoopDomain
import Foundation
import Testing

@Suite("Applications to join a class, and proposal discussions")
struct AdmissionAndDiscussionTests {
    static let applicant = GovernanceFixture.member(60)
    static let start = GovernanceFixture.start

    static func pendingApplication(to memberClass: MemberClassID = .workerOwner) -> MembershipApplication {
        MembershipApplication(applicant: applicant, memberClass: memberClass, statement: "Hello", pollID: .make(), appliedAt: start)
    }

    /// (class, current membership, earlier applications, statement, expected error or nil)
    static let applicationCases: [(MemberClassID, Membership?, [MembershipApplication], String, AdmissionError?)] = {
        let serviceUser = Membership.founder(applicant, of: .serviceUser, since: start - 10 * GovernanceFixture.day)
        var declined = pendingApplication()
        declined.status = .declined
        return [
            (.workerOwner, nil, [], "I run peer groups.", nil),
            (.workerOwner, serviceUser, [], "I now work here.", nil),
            (.workerOwner, serviceUser, [declined], "Trying again.", nil),
            (.serviceUser, serviceUser, [], "Again?", .alreadyMember(.serviceUser)),
            (MemberClassID(rawValue: "board")!, nil, [], "Let me in.", .unknownClass(MemberClassID(rawValue: "board")!)),
            (.workerOwner, nil, [pendingApplication(to: .familyCarer)], "Second one.", .applicationPending),
            (.workerOwner, nil, [], "   \n ", .invalidStatement(maximumLength: MembershipApplication.longestStatement)),
            (.workerOwner, nil, [], String(repeating: "é", count: 2_001), .invalidStatement(maximumLength: MembershipApplication.longestStatement)),
        ]
    }()

    @Test(arguments: applicationCases)
    func whoMayApply(memberClass: MemberClassID, current: Membership?, earlier: [MembershipApplication], statement: String, expected: AdmissionError?)
    {
        let check = {
            try MembershipApplication.check(
                class: memberClass, statement: statement, current: current, earlier: earlier, bylaws: .sample, at: Self.start)
        }
        if let expected {
            #expect(throws: expected) { try check() }
        } else {
            #expect((try? check()) == statement.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// (how the admission vote ended, admitted?)
    @Test(arguments: [(DecisionStatus.passed, true), (.failed, false), (.noQuorum, false)])
    func theVoteDecidesTheApplication(status: DecisionStatus, admitted: Bool) throws {
        let application = Self.pendingApplication()
        let decision = DecisionRecord(
            pollID: application.pollID, decisionType: .admission, subject: .admission(Self.applicant), status: status, decidedAt: Self.start
        )
        let membership = try application.outcome(of: decision, at: Self.start + GovernanceFixture.day, bylaws: .sample)
        #expect((membership != nil) == admitted)
        if let membership {
            #expect(membership.status == .active && membership.memberClass == .workerOwner && membership.admittedBy == application.pollID)
            // Worker-owners serve the sample bylaws' six months' probation.
            #expect(membership.probationEndsAt == ProbationPeriod(months: 6).end(startingAt: Self.start + GovernanceFixture.day))
        }
    }

    @Test func aDecisionAboutSomeoneElseAdmitsNobody() {
        let application = Self.pendingApplication()
        let other = DecisionRecord(
            pollID: .make(), decisionType: .admission, subject: .admission(GovernanceFixture.member(61)), status: .passed, decidedAt: Self.start
        )
        #expect(throws: GovernanceError.decisionSubjectMismatch(other.pollID)) {
            try application.outcome(of: other, at: Self.start, bylaws: .sample)
        }
    }

    // MARK: Discussion

    static let author = GovernanceFixture.member(1)
    static let voter = GovernanceFixture.member(2)
    static let outsider = GovernanceFixture.member(9)

    static func poll() -> Poll {
        Poll(
            id: PollID(rawValue: "00000000-0000-4000-8000-000000000777")!, author: author, title: "Evenings", decisionType: .ordinary,
            kind: .proposal, opensAt: start, closesAt: start + 7 * GovernanceFixture.day
        )
    }

    static let top = ProposalComment(id: "top", pollID: poll().id, author: voter, replyTo: nil, body: "Question", postedAt: start)
    static let reply = ProposalComment(id: "reply", pollID: poll().id, author: author, replyTo: "top", body: "Answer", postedAt: start + 60)

    /// (writer, text, reply to, open?, expected error or nil)
    static let commentCases: [(MemberID, String, String?, Bool, CommentError?)] = [
        (voter, "I agree with the idea.", nil, true, nil),
        (author, "Thanks for asking.", "top", true, nil),
        (voter, String(repeating: "a", count: 2_000), nil, true, nil),
        (voter, String(repeating: "a", count: 2_001), nil, true, .invalidLength(maximumLength: 2_000)),
        (voter, "  ", nil, true, .invalidLength(maximumLength: 2_000)),
        (voter, "Deeper", "reply", true, .replyToReply),
        (voter, "Lost", "nowhere", true, .parentNotFound),
        (outsider, "Let me in", nil, true, .notAParticipant),
        (voter, "Too late", nil, false, .closed),
    ]

    @Test(arguments: commentCases)
    func whoMayWriteWhat(writer: MemberID, text: String, replyTo: String?, isOpen: Bool, expected: CommentError?) {
        let electorate = Electorate(asOf: Self.start, weights: [Self.voter: 1, GovernanceFixture.member(3): 1])
        let write = {
            try ProposalComment.write(
                text, replyTo: replyTo, by: writer, on: Self.poll(), electorate: electorate, isOpen: isOpen, existing: [Self.top, Self.reply],
                at: Self.start + 120
            )
        }
        if let expected {
            #expect(throws: expected) { try write() }
        } else {
            let comment = try? write()
            #expect(comment?.body == text.trimmingCharacters(in: .whitespacesAndNewlines) && comment?.replyTo == replyTo)
        }
    }

    @Test func threadsReadInOrderWithRepliesUnderTheirComment() {
        let later = ProposalComment(id: "later", pollID: Self.poll().id, author: Self.voter, replyTo: nil, body: "Later", postedAt: Self.start + 30)
        let threads = ProposalComment.threaded([Self.reply, later, Self.top])
        #expect(threads.map(\.comment.id) == ["top", "later"])
        #expect(threads[0].replies.map(\.id) == ["reply"] && threads[1].replies.isEmpty)
    }
}
