import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@testable import CoopWeb

/// The membership pages (apply, vote, admitted, resign) and proposal discussions in the browser's terms.
@Suite struct AdmissionWebTests {
    func count(_ table: String, _ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in try await sql.select().column("*").from(table).all().count }
    }

    func comments(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in try await sql.select().column("id").from("proposal_comments").all().count }
    }

    @Test func aPersonAppliesWorkerOwnersVoteAndTheyAreAdmitted() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let worker = try await Browser.member(services, roles: [.peerFacilitator])
            let kai = try await Browser.member(services, roles: [.communityMember])
            let form = try await client.get("/membership/apply", as: kai)
            #expect(form.status == .ok && form.text.contains("name=\"statement\"") && form.text.contains("value=\"service-user\""))
            let applied = try await client.post(
                "/membership/apply", [("class", "service-user"), ("statement", "I have used the peer groups for a year.")], as: kai
            )
            #expect(applied.status == .seeOther && applied.headers[.location] == "/membership?applied=1")
            let mine = try await client.get("/membership?applied=1", as: kai)
            #expect(mine.text.contains("Your application is in.") && mine.text.contains("Vote open"))
            let application = try #require(try await services.database.read { sql in try await ApplicationStore().all(sql: sql) }.first)
            let pending = try await client.get("/membership", as: coordinator)
            #expect(pending.text.contains("I have used the peer groups for a year.") && pending.text.contains(application.pollID.rawValue))
            let poll = "/proposals/\(application.pollID.rawValue)"
            for browser in [coordinator, worker] {
                #expect(try await client.post(poll + "/vote", [("stance", "agree")], as: browser).status == .seeOther)
            }
            #expect(try await client.post(poll + "/close", [], as: coordinator).status == .seeOther)
            let admitted = try await client.get("/membership", as: kai)
            #expect(admitted.text.contains("<dd id=\"membership-class\">Service users</dd>") && admitted.text.contains("Admitted"))
            let register = try await client.get("/register", as: coordinator)
            #expect(register.status == .ok && register.text.contains("Service users"))
        }
    }

    /// (fields, expected status): bad applications change nothing.
    static let badApplications: [([(String, String)], HTTPResponse.Status)] = [
        ([("class", "service-user"), ("statement", String(repeating: "x", count: 2_001))], .badRequest),
        ([("class", "service-user"), ("statement", "")], .badRequest),
        ([("class", "no-such-class"), ("statement", "Hello")], .badRequest),
        ([("class", "Not A Slug!"), ("statement", "Hello")], .badRequest),
        ([("class", "community-supporter"), ("statement", "I already am one.")], .conflict),
    ]

    @Test(arguments: badApplications)
    func badApplicationsAreRefusedClearlyAndChangeNothing(fields: [(String, String)], status: HTTPResponse.Status) async throws {
        try await withApp { services, client in
            _ = try await Browser.member(services, roles: [.peerFacilitator])
            let kai = try await Browser.member(services, roles: [.communityMember])
            let response = try await client.post("/membership/apply", fields, as: kai)
            #expect(response.status == status)
            #expect(response.text.contains("role=\"alert\"") && !response.text.contains("AdmissionError"))
            #expect(try await count("membership_applications", services) == 0)
            #expect(try await count("polls", services) == 0)
        }
    }

    @Test func aMemberResignsOnTheMembershipPage() async throws {
        try await withApp { services, client in
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let unconfirmed = try await client.post("/membership/resign", [], as: alex)
            #expect(unconfirmed.status == .badRequest)
            let resigned = try await client.post("/membership/resign", [("confirm", "1")], as: alex)
            #expect(resigned.status == .seeOther)
            let page = try await client.get("/membership", as: alex)
            #expect(page.text.contains("Former member") && !page.text.contains("action=\"/membership/resign\""))
        }
    }

    @Test func commentsAndRepliesAppearInOrderAndBadOnesChangeNothing() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let opened = try await client.post(
                "/proposals", [("title", "Quiet room"), ("type", "ordinary"), ("kind", "proposal"), ("voter_class", "worker-owner")], as: coordinator
            )
            let path = try #require(opened.headers[.location])
            let sam = try await Browser.member(services, roles: [.client])
            #expect(try await client.post(path + "/comments", [("comment", "Which room?")], as: alex).status == .seeOther)
            let first = try #require(
                try await services.database.read { sql in
                    try await CommentStore().comments(on: PollID(rawValue: String(path.dropFirst(11)))!, sql: sql)
                }.first)
            #expect(try await client.post(path + "/comments", [("comment", "Room 2."), ("reply_to", first.id)], as: coordinator).status == .seeOther)
            let page = try await client.get(path, as: sam)
            let question = try #require(page.text.range(of: "Which room?"))
            let answer = try #require(page.text.range(of: "Room 2."))
            #expect(question.lowerBound < answer.lowerBound && page.text.contains("The discussion is read-only"))
            #expect(!page.text.contains("id=\"comment-new\""))
            let before = try await comments(services)
            let long = try await client.post(path + "/comments", [("comment", String(repeating: "y", count: 2_001))], as: alex)
            #expect(long.status == .badRequest && long.text.contains("Write a comment of 1 to 2000 characters."))
            let outsider = try await client.post(path + "/comments", [("comment", "Me too")], as: sam)
            #expect(outsider.status == .forbidden)
            let deeper = try await client.post(path + "/comments", [("comment", "Deeper"), ("reply_to", "not-a-comment")], as: alex)
            #expect(deeper.status == .badRequest)
            #expect(try await client.post(path + "/close", [], as: coordinator).status == .seeOther)
            let closed = try await client.post(path + "/comments", [("comment", "Too late")], as: alex)
            #expect(closed.status == .conflict)
            #expect(try await comments(services) == before)
        }
    }
}
