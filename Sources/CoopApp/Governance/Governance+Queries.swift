import CoopData
import CoopDomain
import Foundation
import SQLKit

/// A poll in a list, with whether the viewer has voted.
public struct ProposalSummary: Sendable {
    /// The stored poll.
    public let record: PollRecord
    /// Whether the viewer's vote is on record.
    public let hasVoted: Bool
    /// Whether the viewer is in its electorate.
    public let mayVote: Bool
}

/// One poll as its page shows it to the viewer.
public struct ProposalDetails: Sendable {
    /// The stored poll.
    public let record: PollRecord
    /// Display names of the members it mentions (author, candidates, voters), by id.
    public let names: [MemberID: String]
    /// Whether ballots are still accepted.
    public let isOpen: Bool
    /// Whether the viewer's vote is on record.
    public let hasVoted: Bool
    /// Whether the viewer is in its electorate.
    public let mayVote: Bool
    /// Whether the viewer may close it early.
    public let mayClose: Bool
    /// Whether the viewer may write its outcome statement.
    public let mayWriteOutcome: Bool
    /// The viewer's own ballot, in a named poll.
    public let ownBallot: Ballot?
    /// The counted result when the viewer may see it; provisional while open.
    public let result: PollResult?
    /// How many members have voted (receipts).
    public let votesCast: Int
    /// Whether the poll's rule allows proxies.
    public var proxiesAllowed = false
    /// The viewer's own standing proxy in this poll, if they gave one.
    public var givenProxy: Proxy?
    /// Whether the holder of that proxy has voted with it.
    public var givenProxyUsed = false
    /// Members whose standing proxies the viewer holds in this poll.
    public var proxiesHeld: [MemberID] = []
}

/// A closed decision in the public log.
public struct DecisionEntry: Sendable {
    /// The stored poll.
    public let record: PollRecord
    /// Its counted result.
    public let result: PollResult
    /// Display names of the members it mentions (author and candidates).
    public let names: [MemberID: String]
}

/// The governed settings in force and how each came to be.
public struct SettingsOverview: Sendable {
    /// The values in force, in key order.
    public let current: [GovernedSetting]
    /// Every change, oldest first.
    public let history: [SettingHistoryRecord]
}

extension Governance {
    /// The polls still open, soonest closing first, for a signed-in member.
    public func openProposals(actor: Actor, origin: RequestOrigin) async throws -> [ProposalSummary] {
        try await authorize(actor, .takePart, origin: origin)
        try await settleDue(origin: origin)
        let member = actor.memberID
        return try await services.database.read { sql in
            try await polls.unsettled(sql: sql).asyncMap { record in
                let voted = try await member.asyncMap { try await hasVoted($0, in: record.poll.id, sql: sql) } ?? false
                return ProposalSummary(record: record, hasVoted: voted, mayVote: member.map(record.electorate.contains) ?? false)
            }
        }
    }

    /// One poll for a signed-in member, with its result when the member may see it.
    public func proposal(actor: Actor, id: PollID, origin: RequestOrigin) async throws -> ProposalDetails {
        try await authorize(actor, .takePart, origin: origin)
        try await settleDue(origin: origin)
        let now = self.now()
        return try await services.database.read { sql in
            guard let record = try await polls.find(id, sql: sql) else { throw ProposalError.pollNotFound }
            let poll = record.poll
            let voted = try await actor.memberID.asyncMap { try await hasVoted($0, in: id, sql: sql) } ?? false
            let cast = try await ballots.ballots(of: id, sql: sql)
            let visible = poll.resultsVisible(hasVoted: voted, at: now)
            let result = visible ? try PollResult.evaluate(poll: poll, rule: record.rule, ballots: cast, electorate: record.electorate) : nil
            let own = poll.isAnonymous ? nil : actor.memberID.flatMap { member in cast.first { $0.voter == member } }
            let isOpen = poll.isOpen(at: now) && !record.isSettled
            let receipts = try await ballots.receipts(of: id, sql: sql)
            let standing = ProxyRegister(try await ProxyStore().proxies(for: id, sql: sql)).active(in: .poll(id), at: now)
            var details = ProposalDetails(
                record: record, names: try await names(sql: sql), isOpen: isOpen, hasVoted: voted,
                mayVote: actor.memberID.map(record.electorate.contains) ?? false,
                mayClose: isOpen && GovernancePolicy.decide(actor, .closePollEarly(author: poll.author)).isAllowed
                    && (!Self.isOwnAdmission(poll, actor) || GovernancePolicy.decide(actor, .manageMemberships).isAllowed),
                mayWriteOutcome: !isOpen && GovernancePolicy.decide(actor, .writeOutcome(author: poll.author)).isAllowed,
                ownBallot: own, result: result, votesCast: receipts.count
            )
            details.proxiesAllowed = record.rule.proxies.allowed
            if let member = actor.memberID {
                details.givenProxy = standing.first { $0.giver == member }
                details.givenProxyUsed =
                    details.givenProxy.map { proxy in
                        receipts.contains { $0.voter == member && $0.castByProxyHolder == proxy.holder }
                    } ?? false
                details.proxiesHeld = standing.filter { $0.holder == member }.map(\.giver)
            }
            return details
        }
    }

    /// The public decisions log: every closed poll, newest first, with its result (anonymous ones hold only totals).
    public func decisions(limit: Int = 200) async throws -> [DecisionEntry] {
        try await settleDue()
        return try await services.database.read { sql in
            let names = try await names(sql: sql)
            return try await polls.settled(limit: limit, sql: sql).asyncMap { record in
                let cast = try await ballots.ballots(of: record.poll.id, sql: sql)
                let result = try PollResult.evaluate(poll: record.poll, rule: record.rule, ballots: cast, electorate: record.electorate)
                return DecisionEntry(record: record, result: result, names: names)
            }
        }
    }

    /// The ballots of a closed STV election as a BLT file anyone can recount (`coopcare count`). Public, as the log is.
    public func ballotFile(poll id: PollID) async throws -> String {
        try await settleDue()
        return try await services.database.read { sql in
            guard let record = try await polls.find(id, sql: sql) else { throw ProposalError.pollNotFound }
            guard record.isSettled, case .stv(let settings) = record.poll.kind else { throw ProposalError.notAClosedElection }
            let ranked = try await ballots.ballots(of: id, sql: sql).compactMap { ballot -> RankedBallot? in
                guard case .ranking(let ranking) = ballot.choice, !ranking.isEmpty else { return nil }
                return RankedBallot(weight: ballot.weight, ranking: ranking)
            }
            let file = try BallotFile(
                title: Self.bltSafe(record.poll.title), candidates: record.poll.options.map { Self.bltSafe($0.name) }, seats: settings.seats,
                ballots: ranked
            )
            return file.bltText
        }
    }

    /// The governed settings and their history, for signed-in members. Nobody edits them here: only decisions do.
    public func settingsOverview(actor: Actor, origin: RequestOrigin) async throws -> SettingsOverview {
        try await authorize(actor, .takePart, origin: origin)
        try await settleDue(origin: origin)
        return try await services.database.read { sql in
            let current = try await settings.load(sql: sql)
            var keys: [GovernedSettingKey] = DecisionType.allCases.map { .decisionRule($0) }
            keys += [.cancellationWindow, .cancellationFees, .slidingScale, .sessionReminderLeads, .groupReminderLead, .waitlistOfferDuration]
            return SettingsOverview(current: keys.compactMap(current.value(of:)), history: try await settings.history(sql: sql))
        }
    }

    /// Active members who could stand in an election, by name, for the new-proposal form.
    public func candidates(actor: Actor, origin: RequestOrigin) async throws -> [(id: MemberID, name: String)] {
        try await authorize(actor, .startPoll, origin: origin)
        return try await services.database.read { sql in
            try await MemberStore().all(sql: sql).filter { $0.status == .active }.map { ($0.id, $0.displayName.value) }
        }
    }

    /// The settings in force (for other use cases that read them, such as the cancellation window).
    public func currentSettings() async throws -> GovernedSettings {
        try await services.database.read { sql in try await settings.load(sql: sql) }
    }

    /// Whether `member` has a vote on record in `poll`.
    func hasVoted(_ member: MemberID, in poll: PollID, sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("member_id").from("vote_receipts").where("poll_id", .equal, SQLBind(poll.rawValue))
            .where("member_id", .equal, SQLBind(member.rawValue)).first() != nil
    }

    /// Every member's display name by id.
    func names(sql: any SQLDatabase) async throws -> [MemberID: String] {
        Dictionary(try await MemberStore().all(sql: sql).map { ($0.id, $0.displayName.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Text a BLT file can carry in quotes (no double quotes or line breaks).
    static func bltSafe(_ text: String) -> String {
        let cleaned = text.replacingOccurrences(of: "\"", with: "'").components(separatedBy: .newlines).joined(separator: " ")
        return cleaned.isEmpty ? "-" : cleaned
    }
}

extension Sequence {
    /// Maps in order with an async transform.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
