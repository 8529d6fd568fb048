import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Governance stores on a real database (SQLite here; PostgreSQL too when COOPCARE_TEST_POSTGRES_URL is set).
@Suite struct GovernanceStoreTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    func member(_ database: Database) async throws -> MemberID {
        let member = Member(
            id: .make(), email: try EmailAddress("m-\(UUID().uuidString.prefix(8))@example.org"), displayName: try DisplayName("Store Person"),
            roles: [.peerFacilitator], status: .active, language: .english, mfaEnabled: false, createdAt: start
        )
        try await database.transaction { sql in try await MemberStore().insert(member, passwordHash: nil, sql: sql) }
        return member.id
    }

    @Test func theMigrationSeedsTheSampleBylawsAndStartingSettings() async throws {
        try await withDatabase { database in
            let settings = try await database.read { sql in try await GovernedSettingStore().load(sql: sql) }
            #expect(settings.bylaws == Bylaws.sample)
            #expect(settings.cancellationWindow == .hours(24))
            #expect(settings.slidingScale.tiers.count == 3)
            let history = try await database.read { sql in try await GovernedSettingStore().history(sql: sql) }
            // M002's rules, cancellation window and sliding scale, and M010's reminder lead times and waitlist offer duration.
            #expect(history.count == DecisionType.allCases.count + 5 && history.allSatisfy { $0.cause == "founding" && $0.decidedBy == nil })
            #expect(settings.sessionReminderLeads == .standard && settings.groupReminderLead == .standard && settings.waitlistOfferDuration == .standard)
        }
    }

    @Test func aPollComesBackAsItWasStored() async throws {
        try await withDatabase { database in
            let author = try await member(database)
            let candidates = [try await member(database), try await member(database), try await member(database)]
            let poll = Poll(
                author: author, title: "Board — 2027", decisionType: .election,
                kind: .stv(STVSettings(seats: 2, method: .meek, candidateClasses: [.workerOwner])),
                options: candidates.enumerated().map { PollOption("Candidate \($0.offset)", candidate: $0.element) },
                opensAt: start, closesAt: start.addingTimeInterval(86400), isAnonymous: true, resultsVisibility: .untilClosed,
                allowsVoteChange: false, reasonPolicy: .requiredForBlock, reasonMaximumLength: 300, voterClasses: [.workerOwner, .serviceUser]
            )
            let rule = Bylaws.sample.decisionRules[.election]!
            let electorate = Electorate(asOf: start, weights: [author: 1, candidates[0]: 2])
            let record = PollRecord(poll: poll, body: "Two seats.\n\nVote by rank.", electorate: electorate, rule: rule, createdAt: start)
            try await database.transaction { sql in try await PollStore().insert(record, sql: sql) }
            let found = try await database.read { sql in try await PollStore().find(poll.id, sql: sql) }
            #expect(found == record)
            let unsettled = try await database.read { sql in try await PollStore().unsettled(sql: sql) }
            #expect(unsettled.map(\.poll.id) == [poll.id])
            try await database.transaction { sql in
                try await PollStore().settle(poll.id, closedEarlyAt: start.addingTimeInterval(60), result: .passed, sql: sql)
                try await PollStore().setOutcome(
                    poll.id, OutcomeStatement(author: author, text: "Elected.", writtenAt: start.addingTimeInterval(120)), sql: sql)
            }
            let settled = try #require(try await database.read { sql in try await PollStore().settled(limit: 10, sql: sql) }.first)
            #expect(settled.isSettled && settled.result == .passed)
            #expect(settled.poll.closingTime == start.addingTimeInterval(60) && settled.poll.outcome?.text == "Elected.")
        }
    }

    @Test func aPolicyChangeSubjectAndEveryBallotChoiceRoundTrip() async throws {
        let subjects: [DecisionSubject] = [
            .general, .admission(.make()), .settingChange(.cancellationWindow(.hours(48))),
            .settingChange(.decisionRule(.budget, Bylaws.sample.decisionRules[.budget]!)), .ratification(.make()),
        ]
        for subject in subjects {
            #expect(try GovernanceJSON.decodeSubject(GovernanceJSON.encode(subject)) == subject)
        }
        let choices: [BallotChoice] = [
            .abstain, .stance(.block), .selection([2, 0]), .scores([1, 5]), .ranking([2, 0, 1]), .availability([.yes, .maybe]),
        ]
        for choice in choices {
            #expect(try GovernanceJSON.decodeChoice(GovernanceJSON.encode(choice)) == choice)
        }
        #expect(throws: GovernanceDecodingError.self) { try GovernanceJSON.decodeChoice("{\"type\":\"nonsense\"}") }
    }

    @Test func namedBallotsReplaceAndAnonymousOnesAreSealed() async throws {
        try await withDatabase { database in
            let author = try await member(database)
            let voter = try await member(database)
            for anonymous in [false, true] {
                let poll = Poll(
                    author: author, title: "Ballots", decisionType: .ordinary, kind: .proposal, opensAt: start,
                    closesAt: start.addingTimeInterval(3600), isAnonymous: anonymous, resultsVisibility: anonymous ? .untilClosed : .shown
                )
                let record = PollRecord(
                    poll: poll, body: "", electorate: Electorate(asOf: start, weights: [voter: 1]), rule: Bylaws.sample.decisionRules[.ordinary]!,
                    createdAt: start
                )
                let first = Ballot(voter: voter, castBy: voter, choice: .stance(.agree), castAt: start)
                let second = Ballot(voter: voter, castBy: voter, choice: .stance(.disagree), reason: "no", castAt: start.addingTimeInterval(5))
                try await database.transaction { sql in
                    try await PollStore().insert(record, sql: sql)
                    try await BallotStore().record(first, in: poll, sql: sql)
                    try await BallotStore().recordReceipt(VoteReceipt(pollID: poll.id, voter: voter, castByProxyHolder: nil, castAt: start), sql: sql)
                    if !anonymous { try await BallotStore().record(second, in: poll, sql: sql) }
                }
                let stored = try await database.read { sql in try await BallotStore().ballots(of: poll.id, sql: sql) }
                let receipts = try await database.read { sql in try await BallotStore().receipts(of: poll.id, sql: sql) }
                #expect(stored == (anonymous ? [first.sealed()] : [second]))
                #expect(receipts.map(\.voter) == [voter])
            }
        }
    }

    @Test func recordingASettingKeepsItsHistory() async throws {
        try await withDatabase { database in
            let author = try await member(database)
            let poll = Poll(
                author: author, title: "Window", decisionType: .policyChange, kind: .proposal,
                subject: .settingChange(.cancellationWindow(.hours(12))),
                opensAt: start, closesAt: start.addingTimeInterval(3600)
            )
            try await database.transaction { sql in
                try await PollStore().insert(
                    PollRecord(
                        poll: poll, body: "", electorate: Electorate(asOf: start, weights: [:]), rule: Bylaws.sample.decisionRules[.policyChange]!,
                        createdAt: start),
                    sql: sql
                )
                try await GovernedSettingStore().record(
                    .cancellationWindow(.hours(12)), decidedBy: poll.id, at: start.addingTimeInterval(3600), sql: sql)
            }
            let settings = try await database.read { sql in try await GovernedSettingStore().load(sql: sql) }
            #expect(settings.cancellationWindow == .hours(12))
            let entry = try #require(settings.history(of: .cancellationWindow).first)
            #expect(entry.previous == .cancellationWindow(.hours(24)) && entry.cause == .decision(poll.id))
        }
    }
}
