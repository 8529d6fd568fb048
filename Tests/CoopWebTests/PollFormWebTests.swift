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

/// Score, dot-vote and meeting-time polls through the web forms, and class-limited elections.
@Suite struct PollFormWebTests {
    func ballots(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in try await sql.select().column("poll_id").from("vote_receipts").all().count }
    }

    func polls(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in try await sql.select().column("id").from("polls").all().count }
    }

    func open(_ client: any TestClientProtocol, as browser: Browser, _ fields: [(String, String)], type: String = "ordinary") async throws -> String {
        let response = try await client.post("/proposals", [("type", type)] + fields, as: browser)
        #expect(response.status == .seeOther, "\(response.text.prefix(2000))")
        return response.headers[.location] ?? ""
    }

    @Test func aScorePollTakesScoresWithinItsRangeAndShowsResults() async throws {
        try await withApp { services, client in
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let path = try await open(
                client, as: alex, [("title", "Rate the rooms"), ("kind", "score"), ("max_score", "3"), ("options", "Room A\nRoom B")]
            )
            let page = try await client.get(path, as: alex)
            #expect(page.text.contains("Give each option a score from 0 to 3") && page.text.contains("name=\"score-1\""))
            let outOfRange = try await client.post(path + "/vote", [("score-0", "4"), ("score-1", "1")], as: alex)
            #expect(outOfRange.status == .badRequest && outOfRange.text.contains("Each score must be a whole number"))
            #expect(try await ballots(services) == 0)
            #expect(try await client.post(path + "/vote", [("score-0", "3"), ("score-1", "1")], as: alex).status == .seeOther)
            let after = try await client.get(path, as: alex)
            #expect(after.text.contains("Room A") && after.text.contains("75.0"))
        }
    }

    @Test func aDotVoteRefusesMoreDotsThanTheAllowanceWithAClearMessage() async throws {
        try await withApp { services, client in
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let path = try await open(
                client, as: alex, [("title", "Where to spend"), ("kind", "dot-vote"), ("dots", "5"), ("options", "Books\nChairs\nPlants")])
            let page = try await client.get(path, as: alex)
            #expect(page.text.contains("Spread up to 5 dots over the options"))
            let over = try await client.post(path + "/vote", [("score-0", "3"), ("score-1", "3")], as: alex)
            #expect(over.status == .badRequest && over.text.contains("You placed 6 dots but have only 5."))
            let none = try await client.post(path + "/vote", [("score-0", "0")], as: alex)
            #expect(none.status == .badRequest && none.text.contains("Place at least one dot."))
            #expect(try await ballots(services) == 0)
            #expect(try await client.post(path + "/vote", [("score-0", "2"), ("score-2", "3")], as: alex).status == .seeOther)
            #expect(try await ballots(services) == 1)
        }
    }

    @Test func aMeetingTimePollAsksYesMaybeOrNoForEachTime() async throws {
        try await withApp { services, client in
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let bad = try await client.post(
                "/proposals", [("type", "ordinary"), ("title", "When"), ("kind", "meeting-time"), ("options", "next Tuesday\n2026-12-04 18:00")],
                as: alex
            )
            #expect(bad.status == .badRequest && bad.text.contains("Write each time as YYYY-MM-DD HH:MM"))
            #expect(try await polls(services) == 0)
            let path = try await open(
                client, as: alex,
                [
                    ("title", "General meeting"), ("kind", "meeting-time"), ("allows_maybe", "1"), ("duration", "90"),
                    ("options", "2026-12-03 18:00\n2026-12-04 18:00"),
                ]
            )
            let page = try await client.get(path, as: alex)
            #expect(page.text.contains("name=\"time-1\" value=\"maybe\"") && page.text.contains("2026-12-03 18:00"))
            let missing = try await client.post(path + "/vote", [("time-0", "yes")], as: alex)
            #expect(missing.status == .badRequest && missing.text.contains("Answer yes, maybe (where offered) or no for every time."))
            #expect(try await client.post(path + "/vote", [("time-0", "yes"), ("time-1", "maybe")], as: alex).status == .seeOther)
            let record = try #require(
                try await services.database.read { sql in try await PollStore().find(PollID(rawValue: String(path.dropFirst(11)))!, sql: sql) })
            #expect(record.poll.kind == .meetingTime(allowsMaybe: true) && record.poll.options.allSatisfy { $0.slot?.duration == 5400 })
        }
    }

    @Test func aClassElectionLimitsVotersAndCandidatesToTheClass() async throws {
        try await withApp { services, client in
            let worker = try await Browser.member(services, roles: [.peerFacilitator])
            let sam = try await Browser.member(services, roles: [.client])
            let robin = try await Browser.member(services, roles: [.client])
            let fields: [(String, String)] = [("type", "election"), ("title", "Service-user seat"), ("kind", "stv"), ("voter_class", "service-user")]
            let mixed = try await client.post(
                "/proposals", fields + [("candidate", sam.member!.id.rawValue), ("candidate", worker.member!.id.rawValue)], as: worker
            )
            #expect(mixed.status == .badRequest)
            #expect(try await polls(services) == 0)
            let path = try await open(
                client, as: worker,
                [
                    ("title", "Service-user seat"), ("kind", "stv"), ("voter_class", "service-user"), ("candidate", sam.member!.id.rawValue),
                    ("candidate", robin.member!.id.rawValue),
                ],
                type: "election"
            )
            let record = try #require(
                try await services.database.read { sql in try await PollStore().find(PollID(rawValue: String(path.dropFirst(11)))!, sql: sql) })
            #expect(record.poll.kind == .stv(STVSettings(seats: 1, candidateClasses: [.serviceUser])))
            #expect(
                record.electorate.members.sorted { $0.rawValue < $1.rawValue }
                    == [sam.member!.id, robin.member!.id].sorted { $0.rawValue < $1.rawValue })
        }
    }
}
