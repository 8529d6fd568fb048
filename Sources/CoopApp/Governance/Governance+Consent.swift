import CoopData
import CoopDomain
import Foundation
import SQLKit

/// A consent process as a proposal's page shows it.
public struct ConsentView: Sendable {
    /// The process: rounds, objections and stage.
    public let process: ConsentProcess
    /// Whether the viewer (the first round's author or a coordinator) may resolve objections and put an amended text.
    public let mayManage: Bool
}

extension Governance {
    /// Whether a poll is a consent round: a proposal under a rule where a block is a veto, about general business or a
    /// setting (admissions and ratifications are decided once).
    static func isConsentRound(_ record: PollRecord) -> Bool {
        guard record.poll.kind == .proposal, record.rule.threshold.blockIsVeto else { return false }
        switch record.poll.subject {
        case .general, .settingChange: return true
        case .admission, .ratification: return false
        }
    }

    /// Records a closed consent round (in its settling transaction): its blocks become objections to resolve.
    func settleConsent(_ result: PollResult, record: PollRecord, ballots cast: [Ballot], sql: any SQLDatabase) async throws {
        guard Self.isConsentRound(record), result.status != .passed else { return }
        var stored = try await ConsentStore().process(containing: record.poll.id, sql: sql)
        if stored == nil {
            try await ConsentStore().addRound(process: record.poll.id, number: 1, poll: record.poll.id, proposal: record.body, sql: sql)
            stored = ConsentRecord(
                processID: record.poll.id, rounds: [ConsentRound(number: 1, pollID: record.poll.id, proposal: record.body)], objections: [])
        }
        guard let stored else { return }
        let start = stored.objections.count
        let round = stored.rounds.last?.number ?? 1
        let blocks = cast.filter { $0.choice == .stance(.block) }
        for (offset, ballot) in blocks.enumerated() {
            let objection = Objection(round: round, objector: record.poll.isAnonymous ? nil : ballot.voter, reason: ballot.reason ?? "")
            try await ConsentStore().addObjection(objection, process: stored.processID, position: start + offset, sql: sql)
        }
    }

    /// The consent process poll `id` belongs to, once a round has closed without consent; nil otherwise.
    public func consent(actor: Actor, poll id: PollID, origin: RequestOrigin) async throws -> ConsentView? {
        try await authorize(actor, .takePart, origin: origin)
        return try await services.database.read { sql in
            guard let stored = try await ConsentStore().process(containing: id, sql: sql) else { return nil }
            let first = try await polls.find(stored.processID, sql: sql)
            let process = Self.process(stored)
            let manager = first.map { GovernancePolicy.decide(actor, .writeOutcome(author: $0.poll.author)).isAllowed } ?? false
            return ConsentView(process: process, mayManage: manager && process.stage == .amendmentNeeded)
        }
    }

    /// The author (or a coordinator) marks an objection integrated or withdrawn.
    public func resolveObjection(actor: Actor, poll id: PollID, objection index: Int, as resolution: ObjectionResolution, origin: RequestOrigin)
        async throws
    {
        let stored = try await services.database.read { sql in try await ConsentStore().process(containing: id, sql: sql) }
        guard let stored else { throw ProposalError.pollNotFound }
        try await authorizeConsent(actor, stored, origin: origin)
        let now = self.now()
        try await services.database.transaction { sql in
            guard let current = try await ConsentStore().process(containing: id, sql: sql) else { throw ProposalError.pollNotFound }
            var process = Self.process(current)
            try process.resolve(objectionAt: index, as: resolution)
            try await ConsentStore().resolve(process: current.processID, position: index, as: resolution, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, action: .update, resourceType: "consent-objection", resourceID: current.processID.rawValue,
                    outcome: .success, detail: "objection=\(index) \(resolution.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// Puts an amended text to a new round (a new poll with the same question, rule and electorate rules); every
    /// objection must be resolved first. Returns the new round's poll.
    @discardableResult
    public func putAgain(actor: Actor, poll id: PollID, text: String, origin: RequestOrigin) async throws -> PollID {
        let stored = try await services.database.read { sql in try await ConsentStore().process(containing: id, sql: sql) }
        guard let stored else { throw ProposalError.pollNotFound }
        try await authorizeConsent(actor, stored, origin: origin)
        guard let author = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= ProposalDraft.longestBody else { throw ProposalError.bodyTooLong(maximum: ProposalDraft.longestBody) }
        let now = self.now()
        return try await services.database.transaction { sql in
            guard let current = try await ConsentStore().process(containing: id, sql: sql),
                let last = try await polls.find(current.rounds.last?.pollID ?? current.processID, sql: sql)
            else { throw ProposalError.pollNotFound }
            var process = Self.process(current)
            let rule = try await settings.load(sql: sql).bylaws.rule(for: last.poll.decisionType)
            let title = last.poll.title
            let poll = Poll(
                author: author, title: title, decisionType: last.poll.decisionType, kind: .proposal, subject: last.poll.subject, opensAt: now,
                closesAt: Poll.defaultClosingTime(opensAt: now, rule: rule), isAnonymous: last.poll.isAnonymous,
                resultsVisibility: last.poll.resultsVisibility, allowsVoteChange: last.poll.allowsVoteChange, voterClasses: last.poll.voterClasses
            )
            try process.putAgain(body, pollID: poll.id)
            try poll.validate(rule: rule)
            let electorate = try Electorate(for: poll, rule: rule, memberships: try await electorateMemberships(sql: sql))
            try await polls.insert(PollRecord(poll: poll, body: body, electorate: electorate, rule: rule, createdAt: now), sql: sql)
            try await ConsentStore().addRound(
                process: current.processID, number: process.currentRound.number, poll: poll.id, proposal: body, sql: sql)
            try await notify(.opened(title: poll.title, pollID: poll.id, closesAt: poll.closesAt), to: electorate.members, at: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: author.rawValue, action: .create, resourceType: "poll", resourceID: poll.id.rawValue, outcome: .success,
                    detail: "consent round=\(process.currentRound.number) process=\(current.processID.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
            return poll.id
        }
    }

    /// Only the first round's author or a coordinator runs the process.
    private func authorizeConsent(_ actor: Actor, _ stored: ConsentRecord, origin: RequestOrigin) async throws {
        let first = try await services.database.read { sql in try await polls.find(stored.processID, sql: sql) }
        guard let first else { throw ProposalError.pollNotFound }
        try await authorize(actor, .writeOutcome(author: first.poll.author), origin: origin)
    }

    /// The domain process from its stored rounds and objections; the stage follows from the last round's result.
    static func process(_ stored: ConsentRecord) -> ConsentProcess {
        let last = stored.rounds.last
        let stage: ConsentStage =
            switch last?.status {
            case nil: .voting
            case .passed?: .consented(round: last?.number ?? 1)
            default: .amendmentNeeded
            }
        return ConsentProcess(rounds: stored.rounds, objections: stored.objections, stage: stage)
    }
}
