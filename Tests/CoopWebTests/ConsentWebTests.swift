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

/// Consent rounds on the proposal page: objections with reasons, resolution by the author, an amended round.
@Suite struct ConsentWebTests {
    func polls(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in try await sql.select().column("id").from("polls").all().count }
    }

    @Test func objectionsAreResolvedAndAnAmendedRoundOpens() async throws {
        try await withApp { services, client in
            let author = try await Browser.member(services, roles: [.peerFacilitator])
            let objector = try await Browser.member(services, roles: [.peerFacilitator])
            let opened = try await client.post(
                "/proposals", [("title", "Evening hours"), ("body", "Open until 9 pm."), ("type", "policy-change"), ("kind", "proposal")], as: author)
            let path = try #require(opened.headers[.location])
            let noReason = try await client.post(path + "/vote", [("stance", "block")], as: objector)
            #expect(noReason.status == .badRequest)
            #expect(try await client.post(path + "/vote", [("stance", "block"), ("reason", "Nobody to lock up")], as: objector).status == .seeOther)
            #expect(try await client.post(path + "/vote", [("stance", "agree")], as: author).status == .seeOther)
            #expect(try await client.post(path + "/close", [], as: author).status == .seeOther)
            let page = try await client.get(path, as: author)
            #expect(page.text.contains("Consent rounds") && page.text.contains("Nobody to lock up") && page.text.contains("Mark integrated"))
            #expect(!(try await client.get(path, as: objector)).text.contains("Mark integrated"))
            let before = try await polls(services)
            let early = try await client.post(path + "/amend", [("amended", "Open until 8 pm.")], as: author)
            #expect(early.status == .conflict && early.text.contains("Resolve every objection"))
            #expect(try await polls(services) == before)
            let stranger = try await client.post(path + "/objections/0", [("resolution", "withdrawn")], as: objector)
            #expect(stranger.status == .forbidden)
            #expect(try await client.post(path + "/objections/0", [("resolution", "integrated")], as: author).status == .seeOther)
            let amended = try await client.post(path + "/amend", [("amended", "Open until 8 pm; the author locks up.")], as: author)
            let next = try #require(amended.headers[.location])
            #expect(amended.status == .seeOther && next != path)
            let round2 = try await client.get(next, as: objector)
            #expect(round2.text.contains("Open until 8 pm; the author locks up.") && round2.text.contains("href=\"\(path)\""))
            #expect(round2.text.contains("Integrated into the amended text"))
        }
    }
}
