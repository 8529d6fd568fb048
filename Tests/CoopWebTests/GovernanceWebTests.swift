import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// Proposals, votes and the decisions log through the real router.
@Suite struct GovernanceWebTests {
    /// Opens a proposal through the form and returns its path.
    func open(_ client: any TestClientProtocol, as browser: Browser, _ fields: [(String, String)]) async throws -> String {
        let response = try await client.post("/proposals", fields, as: browser)
        #expect(response.status == .seeOther, "\(response.text.prefix(2000))")
        return response.headers[.location] ?? ""
    }

    static let proposal: [(String, String)] = [
        ("title", "Open on Saturdays"), ("body", "We open 9–13 on Saturdays."), ("type", "ordinary"), ("kind", "proposal"),
    ]

    @Test func aProposalIsOpenedVotedClosedAndLoggedPublicly() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let sam = try await Browser.member(services, roles: [.client])
            let path = try await open(client, as: coordinator, Self.proposal)
            #expect(path.hasPrefix("/proposals/"))
            let list = try await client.get("/proposals", as: alex)
            #expect(list.status == .ok && list.text.contains("Open on Saturdays"))
            let page = try await client.get(path, as: alex)
            #expect(page.text.contains("<legend>Your position</legend>") && page.text.contains("We open 9–13 on Saturdays."))
            for browser in [coordinator, alex] {
                let vote = try await client.post(path + "/vote", [("stance", "agree")], as: browser)
                #expect(vote.status == .seeOther)
            }
            let voted = try await client.post(path + "/vote", [("stance", "disagree"), ("reason", "Weekends are for rest")], as: sam)
            #expect(voted.status == .seeOther)
            let after = try await client.get(path + "?voted=1", as: sam)
            #expect(after.text.contains("Your vote has been recorded."))
            #expect(!after.text.contains("Close voting now"))
            let close = try await client.post(path + "/close", [], as: coordinator)
            #expect(close.status == .seeOther)
            let closed = try await client.get(path, as: alex)
            #expect(closed.text.contains("Passed") && closed.text.contains("Quorum met: 3 took part; 2 of 3 eligible needed (50%)."))
            let visitor = try await Browser.anonymous(client)
            let log = try await client.get("/decisions", as: visitor)
            #expect(log.status == .ok && log.text.contains("Open on Saturdays") && log.text.contains("Passed"))
            #expect(!log.text.contains("Weekends are for rest"))
            let feed = try await client.get("/decisions.atom", as: visitor)
            #expect(feed.status == .ok && feed.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
            #expect(feed.text.contains("<title>Open on Saturdays</title>") && feed.text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""))
        }
    }

    @Test func badIdsAreAClearNotFound() async throws {
        try await withApp { services, client in
            let member = try await Browser.member(services, roles: [.peerFacilitator])
            for path in ["/proposals/12345", "/proposals/" + UUID().uuidString.lowercased(), "/proposals/x'%20OR%201=1"] {
                let response = try await client.get(path, as: member)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.text.contains("We could not find that proposal."))
            }
            let vote = try await client.post("/proposals/not-a-poll/vote", [("stance", "agree")], as: member)
            #expect(vote.status == .notFound)
            let blt = try await client.get("/proposals/\(UUID().uuidString)/ballots.blt", as: member)
            #expect(blt.status == .notFound)
        }
    }

    @Test func badVotesGetClearMessagesAndChangeNothing() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { services, client in
            let member = try await Browser.member(services, roles: [.peerFacilitator])
            let path = try await open(client, as: member, Self.proposal + [("days", "1")])
            let long = try await client.post(path + "/vote", [("stance", "agree"), ("reason", String(repeating: "r", count: 600))], as: member)
            #expect(long.status == .badRequest && long.text.contains("A reason can be at most 500 characters."))
            #expect(long.text.contains("role=\"alert\""))
            let block = try await client.post(path + "/vote", [("stance", "block")], as: member)
            #expect(block.status == .badRequest && block.text.contains("A block needs a reason"))
            let nonsense = try await client.post(path + "/vote", [("stance", "maybe")], as: member)
            #expect(nonsense.status == .badRequest && nonsense.text.contains("Choose agree, abstain, disagree or block."))
            let forged = try await client.post(path + "/vote", [("stance", "agree")], as: member, csrf: "forged")
            #expect(forged.status == .forbidden)
            let count = try await services.database.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM ballots").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
            clock.advance(86400 + 1)
            // A day later the old session has timed out: the member signs in again.
            let (token, record) = try await services.database.transaction { sql in
                try await SessionStore().create(
                    memberID: member.member!.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let again = Browser(cookie: "coopcare_session=\(token)", csrf: record.csrfToken, member: member.member)
            let late = try await client.post(path + "/vote", [("stance", "agree")], as: again)
            #expect(late.status == .conflict && late.text.contains("Voting on this has closed. Your vote was not recorded."))
        }
    }

    @Test func badProposalFormsAreRefusedInTheViewersLanguage() async throws {
        try await withApp { services, client in
            let member = try await Browser.member(services, roles: [.peerFacilitator], language: .spanish)
            let noTitle = try await client.post("/proposals", [("title", " "), ("type", "ordinary"), ("kind", "proposal")], as: member)
            #expect(noTitle.status == .badRequest && noTitle.text.contains("Escriba un título de 1 a 300 caracteres."))
            let kind = try await client.post("/proposals", [("title", "T"), ("type", "ordinary"), ("kind", "lottery")], as: member)
            #expect(kind.status == .badRequest && kind.text.contains("Elija de la lista un tipo de votación."))
            let days = try await client.post("/proposals", Self.proposal + [("days", "soon")], as: member)
            #expect(days.status == .badRequest)
            let options = try await client.post(
                "/proposals", [("title", "T"), ("type", "ordinary"), ("kind", "single-choice"), ("options", "Only one")], as: member)
            #expect(options.status == .badRequest && options.text.contains("al menos 2 opciones"))
            let polls = try await services.database.read { sql in try await PollStore().unsettled(sql: sql) }
            #expect(polls.isEmpty)
        }
    }

    @Test func aPolicyChangeThroughTheFormChangesTheSettingsPage() async throws {
        try await withApp { services, client in
            let one = try await Browser.member(services, roles: [.peerFacilitator])
            let two = try await Browser.member(services, roles: [.peerFacilitator])
            let path = try await open(
                client, as: one,
                [
                    ("title", "Two-day window"), ("type", "policy-change"), ("kind", "proposal"), ("setting", "cancellation-window"),
                    ("cancellation_hours", "48"),
                ]
            )
            let page = try await client.get(path, as: two)
            #expect(page.text.contains("If it passes: Cancellation window becomes 48 hours."))
            _ = try await client.post(path + "/vote", [("stance", "agree")], as: one)
            _ = try await client.post(path + "/vote", [("stance", "agree")], as: two)
            _ = try await client.post(path + "/close", [], as: one)
            let settings = try await client.get("/settings", as: two)
            #expect(settings.status == .ok)
            #expect(settings.text.contains("<th scope=\"row\">Cancellation window</th><td>48 hours</td>"))
            #expect(settings.text.contains("A decision of the members") && settings.text.contains("Founding bylaws"))
            #expect(!settings.text.contains("<form method=\"post\" action=\"/settings"))
        }
    }

    @Test func aBylawsAmendmentThroughTheFormChangesADecisionTypesRule() async throws {
        try await withApp { services, client in
            let one = try await Browser.member(services, roles: [.peerFacilitator])
            let two = try await Browser.member(services, roles: [.peerFacilitator])
            let change: [(String, String)] = [
                ("setting", "decision-rule"), ("rule_type", "ordinary"), ("rule_quorum", "60"), ("rule_threshold", "two-thirds"),
                ("rule_proxies", "2"), ("rule_days", "10"),
            ]
            // A rule change is a bylaws amendment: as an ordinary proposal it is refused, and so are bad values.
            let before = try await services.database.read { sql in try await PollStore().unsettled(sql: sql) }.count
            let wrongType = try await client.post("/proposals", [("title", "Quorum"), ("type", "ordinary"), ("kind", "proposal")] + change, as: one)
            #expect(wrongType.status == .badRequest)
            for (field, value) in [("rule_quorum", "101"), ("rule_threshold", "most"), ("rule_proxies", "21"), ("rule_days", "0"), ("rule_type", "x")] {
                let fields = [("title", "Quorum"), ("type", "bylaws-amendment"), ("kind", "proposal")] + change.filter { $0.0 != field } + [(field, value)]
                let bad = try await client.post("/proposals", fields, as: one)
                #expect(bad.status == .badRequest && bad.text.contains("To change a decision type&#39;s rule"), "\(field)=\(value)")
            }
            #expect(try await services.database.read { sql in try await PollStore().unsettled(sql: sql) }.count == before)

            let path = try await open(client, as: one, [("title", "Higher quorum"), ("type", "bylaws-amendment"), ("kind", "proposal")] + change)
            _ = try await client.post(path + "/vote", [("stance", "agree")], as: one)
            _ = try await client.post(path + "/vote", [("stance", "agree")], as: two)
            _ = try await client.post(path + "/close", [], as: one)
            let rule = try await services.database.read { sql in try await GovernedSettingStore().load(sql: sql) }.bylaws.rule(for: .ordinary)
            #expect(rule.quorumPercent == 60 && rule.threshold == .twoThirds && rule.proxies == .upTo(2) && rule.votingPeriod == 10 * 86400)
            let settings = try await client.get("/settings", as: two)
            #expect(settings.text.contains("quorum 60%, at least two thirds") || settings.text.contains("quorum 60%"))
            #expect(settings.text.contains("A decision of the members"))
        }
    }

    @Test func aProposalCanOpenLaterAndAnnouncesItselfWhenItOpens() async throws {
        let clock = TestClock(CareTestData.monday)
        try await withApp(clock: clock) { services, client in
            let author = try await Browser.member(services, roles: [.peerFacilitator])
            let voter = try await Browser.member(services, roles: [.peerFacilitator])
            // In the past, not a time, more than 90 days ahead, and a time the clocks skip in Los Angeles.
            for bad in ["2026-01-04T10:00", "tomorrow", "2026-06-01T10:00", "2026-03-08T02:30"] {
                let response = try await client.post("/proposals", Self.proposal + [("opens", bad)], as: author)
                #expect(response.status == .badRequest && response.text.contains("Enter when voting opens"), "\(bad)")
            }
            #expect(try await services.database.read { sql in try await PollStore().unsettled(sql: sql) }.isEmpty)
            let path = try await open(client, as: author, Self.proposal + [("opens", "2026-01-07T09:30"), ("days", "3")])
            let early = try await client.post(path + "/vote", [("stance", "agree")], as: voter)
            #expect(early.status == .conflict && early.text.contains("has not opened yet"))
            let id = try #require(PollID(rawValue: String(path.split(separator: "/").last ?? "")))
            let record = try #require(try await services.database.read { sql in try await PollStore().find(id, sql: sql) })
            let opens = CareTestData.instant("2026-01-07", "09:30")
            #expect(record.poll.opensAt == opens && record.poll.closesAt == opens.addingTimeInterval(3 * 86400))
            // The announcement waits in the outbox until voting opens.
            let queued = try await services.database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            #expect(queued.count == 1 && queued.allSatisfy { $0.nextAttemptAt == opens })
            clock.advance(opens.timeIntervalSince(clock.now) + 1)
            // Two days on, the voter signs in again (sessions last 12 hours at most).
            let memberID = try #require(voter.member?.id)
            let session = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: memberID, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let again = Browser(cookie: "coopcare_session=\(session.0)", csrf: session.1.csrfToken, member: voter.member)
            let vote = try await client.post(path + "/vote", [("stance", "agree")], as: again)
            #expect(vote.status == .seeOther)
        }
    }

    @Test func aRankedElectionIsVotedAndItsBallotsDownloaded() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            var people: [Browser] = []
            for _ in 0..<3 { people.append(try await Browser.member(services, roles: [.peerFacilitator])) }
            let path = try await open(
                client, as: coordinator,
                [("title", "Board"), ("type", "election"), ("kind", "stv"), ("seats", "1"), ("anonymous", "1")]
                    + people.map { ("candidate", $0.member!.id.rawValue) }
            )
            let page = try await client.get(path, as: people[0])
            #expect(page.text.contains("<legend>Rank the options</legend>"))
            let duplicate = try await client.post(path + "/vote", [("rank-0", "1"), ("rank-1", "1")], as: people[0])
            #expect(duplicate.status == .badRequest)
            for (index, browser) in people.enumerated() {
                let vote = try await client.post(path + "/vote", [("rank-\(index % 2)", "1"), ("rank-2", "2")], as: browser)
                #expect(vote.status == .seeOther)
            }
            let again = try await client.post(path + "/vote", [("rank-0", "1")], as: people[0])
            #expect(again.status == .conflict)
            let early = try await client.get(path + "/ballots.blt", as: people[0])
            #expect(early.status == .notFound)
            _ = try await client.post(path + "/close", [], as: coordinator)
            let blt = try await client.get(path + "/ballots.blt", as: Browser.anonymous(client))
            #expect(blt.status == .ok && blt.text.hasPrefix("3 1\n"))
        }
    }

    @Test func theAuthorWritesTheOutcomeOnceClosedAndItIsPublic() async throws {
        try await withApp { services, client in
            let author = try await Browser.member(services, roles: [.peerFacilitator])
            let other = try await Browser.member(services, roles: [.peerFacilitator])
            let path = try await open(client, as: author, Self.proposal)
            let tooEarly = try await client.post(path + "/outcome", [("outcome", "Decided")], as: author)
            #expect(tooEarly.status == .conflict && tooEarly.text.contains("Voting is still open"))
            _ = try await client.post(path + "/close", [], as: author)
            let stranger = try await client.post(path + "/outcome", [("outcome", "Mine now")], as: other)
            #expect(stranger.status == .forbidden)
            let empty = try await client.post(path + "/outcome", [("outcome", "  ")], as: author)
            #expect(empty.status == .badRequest && empty.text.contains("Write the outcome in 1 to 10000 characters."))
            let written = try await client.post(path + "/outcome", [("outcome", "Saturday opening starts in March.")], as: author)
            #expect(written.status == .seeOther)
            let log = try await client.get("/decisions", as: Browser.anonymous(client))
            #expect(log.text.contains("Saturday opening starts in March."))
        }
    }

    @Test func anOverlongProposalTextIsRefused() async throws {
        try await withApp { services, client in
            let member = try await Browser.member(services, roles: [.peerFacilitator])
            let response = try await client.post(
                "/proposals", [("title", "Long"), ("body", String(repeating: "b", count: 20_001)), ("type", "ordinary"), ("kind", "proposal")],
                as: member
            )
            #expect(response.status == .badRequest && response.text.contains("The proposal text can be at most 20000 characters."))
        }
    }

    @Test func aProxyIsGivenAndUsedThroughThePages() async throws {
        try await withApp { services, client in
            let author = try await Browser.member(services, roles: [.peerFacilitator])
            let giver = try await Browser.member(services, roles: [.peerFacilitator])
            let holder = try await Browser.member(services, roles: [.client])
            let path = try await open(client, as: author, Self.proposal)
            let page = try await client.get(path, as: giver)
            #expect(page.text.contains("<label for=\"proxy-holder\">Give my vote on this to</label>"))
            let bad = try await client.post(path + "/proxy", [("holder", "nobody")], as: giver)
            #expect(bad.status == .badRequest && bad.text.contains("Choose a member from the list."))
            let given = try await client.post(path + "/proxy", [("holder", holder.member!.id.rawValue)], as: giver)
            #expect(given.status == .seeOther)
            let holderPage = try await client.get(path, as: holder)
            #expect(holderPage.text.contains("<label for=\"vote-for\">Vote for</label>"))
            let vote = try await client.post(path + "/vote", [("stance", "agree"), ("on_behalf_of", giver.member!.id.rawValue)], as: holder)
            #expect(vote.status == .seeOther)
            let giverPage = try await client.get(path, as: giver)
            #expect(giverPage.text.contains("has voted for you with your proxy."))
            #expect(!giverPage.text.contains("Cast vote"))
            let own = try await client.post(path + "/vote", [("stance", "disagree")], as: giver)
            #expect(own.status == .conflict && own.text.contains("Your proxy holder has already voted for you"))
        }
    }

    @Test func openingAProposalEmailsTheElectorateInTheirLanguage() async throws {
        try await withApp { services, client in
            let author = try await Browser.member(services, roles: [.peerFacilitator])
            let reader = try await Browser.member(services, roles: [.client], language: .spanish)
            let path = try await open(client, as: author, Self.proposal)
            let mail = try await services.database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            #expect(mail.count == 1)
            #expect(mail.first?.recipient == reader.member?.email.value)
            #expect(mail.first?.subject == "Nueva propuesta para votar: Open on Saturdays")
            #expect(mail.first?.body.contains("http://coop.test\(path)") == true)
        }
    }

    @Test func coordinatorsSeeTheMemberRegisterAndItsCSV() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator], language: .spanish)
            _ = try await TestServices.member(services, roles: [.client])
            let page = try await client.get("/register", as: coordinator)
            #expect(page.status == .ok && page.text.contains("Personas usuarias") && page.text.contains("Socios trabajadores"))
            let csv = try await client.get("/register.csv", as: coordinator)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "name,class,status,admitted_at,probation_until" && lines.count == 3)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("Test Person,") && $0.contains(",active,") })
            let member = try await Browser.member(services, roles: [.peerFacilitator])
            #expect(try await client.get("/register.csv", as: member).status == .forbidden)
            #expect(GovernanceController.csvField("=SUM(A1)") == "'=SUM(A1)")
            #expect(GovernanceController.csvField("a, \"b\"") == "\"a, \"\"b\"\"\"")
        }
    }
}
