import CoopData
import CoopDomain
import Foundation
import SQLKit

/// Use cases for proposals, votes, decisions and governed settings. Each verb asks ``GovernancePolicy`` first, checks
/// the domain rules, and writes its change with an audit entry in one transaction.
public struct Governance: Sendable {
    let services: CoopServices
    let polls = PollStore()
    let ballots = BallotStore()
    let settings = GovernedSettingStore()
    let audit = AuditStore()
    /// The words of notification emails; without them no email is queued.
    let messages: (any GovernanceMessages)?

    /// Creates the use cases over the shared services; `messages` turns on notification emails (through the outbox).
    public init(services: CoopServices, messages: (any GovernanceMessages)? = nil) {
        self.services = services
        self.messages = messages
    }

    // MARK: Open

    /// Opens a proposal or poll now; returns its id. A policy change carries the setting it would set.
    @discardableResult
    public func open(actor: Actor, draft: ProposalDraft, origin: RequestOrigin) async throws -> PollID {
        try await authorize(actor, .startPoll, origin: origin)
        guard let author = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let body = draft.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.count <= ProposalDraft.longestBody else { throw ProposalError.bodyTooLong(maximum: ProposalDraft.longestBody) }
        let now = self.now()
        let (current, memberships) = try await services.database.read { sql in
            (try await settings.load(sql: sql), try await electorateMemberships(sql: sql))
        }
        let rule = try current.bylaws.rule(for: draft.decisionType)
        if let period = draft.votingPeriod, !(DecisionRule.shortestVotingPeriod...DecisionRule.longestVotingPeriod).contains(period) {
            throw ProposalError.invalidField("closes")
        }
        if let setting = draft.setting { try setting.validate(knownClasses: current.bylaws.classIDs) }
        // A poll may open later (members read it first); a time a moment ago counts as now.
        if let opening = draft.opensAt, opening < now.addingTimeInterval(-60) || opening > now.addingTimeInterval(ProposalDraft.latestOpening) {
            throw ProposalError.invalidField("opens")
        }
        let opensAt = max(now, draft.opensAt ?? now)
        let poll = Poll(
            author: author, title: draft.title.trimmingCharacters(in: .whitespacesAndNewlines), decisionType: draft.decisionType, kind: draft.kind,
            options: draft.options, subject: draft.setting.map(DecisionSubject.settingChange) ?? .general, opensAt: opensAt,
            closesAt: opensAt.addingTimeInterval(draft.votingPeriod ?? rule.votingPeriod), isAnonymous: draft.isAnonymous,
            resultsVisibility: draft.isAnonymous ? .untilClosed : draft.resultsVisibility,
            // An anonymous ballot is stored without its voter, so there is nothing to replace: one vote each.
            allowsVoteChange: !draft.isAnonymous, voterClasses: draft.voterClasses
        )
        try poll.validate(rule: rule)
        try poll.validateCandidates(memberships: memberships)
        let electorate = try Electorate(for: poll, rule: rule, memberships: memberships)
        let record = PollRecord(poll: poll, body: body, electorate: electorate, rule: rule, createdAt: now)
        try await services.database.transaction { sql in
            try await polls.insert(record, sql: sql)
            try await notify(
                .opened(title: poll.title, pollID: poll.id, closesAt: poll.closesAt), to: electorate.members.filter { $0 != author }, at: now,
                deliverAt: poll.opensAt, sql: sql
            )
            try await audit.append(
                AuditEvent(
                    actor: author.rawValue, action: .create, resourceType: "poll", resourceID: poll.id.rawValue, outcome: .success,
                    detail: "type=\(poll.decisionType.rawValue) kind=\(poll.kind.name) anonymous=\(poll.isAnonymous) electorate=\(electorate.count)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
        return poll.id
    }

    // MARK: Vote

    /// Casts (or, where the poll allows, changes) the actor's own ballot, or the ballot of a member whose proxy the
    /// actor holds (`onBehalfOf`).
    public func vote(
        actor: Actor, poll id: PollID, choice: BallotChoice, reason: String?, onBehalfOf giver: MemberID? = nil, origin: RequestOrigin
    ) async throws {
        try await authorize(actor, .takePart, origin: origin)
        guard let voter = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = self.now()
        try await services.database.transaction { sql in
            guard let record = try await polls.findForUpdate(id, sql: sql) else { throw ProposalError.pollNotFound }
            let poll = record.poll
            var box: BallotBox
            if poll.isAnonymous {
                // The box needs to know who has voted; an anonymous poll knows that only from its receipts.
                let placeholders = try await ballots.receipts(of: id, sql: sql).map {
                    Ballot(voter: $0.voter, castBy: $0.castByProxyHolder ?? $0.voter, choice: .abstain, castAt: $0.castAt)
                }
                box = BallotBox(pollID: id, ballots: placeholders)
            } else {
                box = BallotBox(pollID: id, ballots: try await ballots.ballots(of: id, sql: sql))
            }
            let outcome = try box.cast(
                BallotSubmission(submittedBy: voter, onBehalfOf: giver, choice: choice, reason: reason), poll: poll, rule: record.rule,
                electorate: record.electorate, proxies: ProxyRegister(try await ProxyStore().proxies(for: id, sql: sql)), at: now
            )
            try await ballots.record(outcome.ballot, in: poll, sql: sql)
            try await ballots.recordReceipt(outcome.receipt, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: voter.rawValue, onBehalfOf: giver?.rawValue, action: outcome.replaced == nil ? .create : .update, resourceType: "ballot",
                    resourceID: id.rawValue,
                    outcome: .success, detail: outcome.replaced == nil ? "vote cast" : "vote changed"
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }

    // MARK: Close

    /// Closes a poll before its closing time (its author or a coordinator), counts it and applies what it decided.
    @discardableResult
    public func close(actor: Actor, poll id: PollID, origin: RequestOrigin) async throws -> DecisionStatus {
        let found = try await services.database.read { sql in try await polls.find(id, sql: sql) }
        guard let found else { throw ProposalError.pollNotFound }
        try await authorize(actor, .closePollEarly(author: found.poll.author), origin: origin)
        if Self.isOwnAdmission(found.poll, actor) { try await authorize(actor, .manageMemberships, origin: origin) }
        let now = self.now()
        return try await services.database.transaction { sql in
            guard var record = try await polls.findForUpdate(id, sql: sql) else { throw ProposalError.pollNotFound }
            try record.poll.closeEarly(at: now)
            return try await settle(record, closedEarlyAt: now, by: actor.memberID, origin: origin, at: now, sql: sql)
        }
    }

    /// Records the close of every poll whose closing time has passed (run before any page that shows polls).
    public func settleDue(origin: RequestOrigin = .system, at date: Date? = nil) async throws {
        let now = date ?? self.now()
        // The clock ends an emergency change first: a ratification counted after expiry would come too late.
        try await expireDueEmergencies(origin: origin, at: now)
        let unsettled = try await services.database.read { sql in try await polls.unsettled(sql: sql) }
        for record in unsettled where messages != nil && ClosingReminder.isDue(for: record.poll, at: now) {
            try await remind(record.poll.id, at: now)
        }
        let due = unsettled.filter { $0.poll.isClosed(at: now) }
        for candidate in due {
            try await services.database.transaction { sql in
                guard let record = try await polls.findForUpdate(candidate.poll.id, sql: sql), !record.isSettled else { return }
                _ = try await settle(record, closedEarlyAt: nil, by: nil, origin: origin, at: now, sql: sql)
            }
        }
    }

    /// Counts a closed poll, stores its result and, when a policy change passed, puts the setting in force with its history.
    private func settle(
        _ record: PollRecord, closedEarlyAt: Date?, by closer: MemberID?, origin: RequestOrigin, at now: Date, sql: any SQLDatabase
    ) async throws -> DecisionStatus {
        let poll = record.poll
        let cast = try await ballots.ballots(of: poll.id, sql: sql)
        let result = try PollResult.evaluate(poll: poll, rule: record.rule, ballots: cast, electorate: record.electorate)
        try await polls.settle(poll.id, closedEarlyAt: closedEarlyAt, result: result.status, sql: sql)
        try await notify(.closed(title: poll.title, pollID: poll.id, status: result.status), to: record.electorate.members, at: now, sql: sql)
        try await audit.append(
            AuditEvent(
                actor: closer?.rawValue, action: .update, resourceType: "poll", resourceID: poll.id.rawValue, outcome: .success,
                detail:
                    "closed \(closedEarlyAt == nil ? "on time" : "early") result=\(result.status.rawValue) ballots=\(result.tally.accounting.cast)"
            ),
            origin: origin, at: now, sql: sql
        )
        try await settleAdmission(result, poll: poll, by: closer, origin: origin, at: now, sql: sql)
        try await settleRatification(result, poll: poll, origin: origin, at: now, sql: sql)
        try await settleConsent(result, record: record, ballots: cast, sql: sql)
        if case .settingChange(let setting) = poll.subject, result.status == .passed {
            var current = try await settings.load(sql: sql)
            try current.apply(result.record, at: now)
            try await settings.record(setting, decidedBy: poll.id, at: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: closer?.rawValue, action: .update, resourceType: "governed-setting", resourceID: setting.key.name, outcome: .success,
                    detail: "decided by poll \(poll.id.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
        return result.status
    }

    // MARK: Outcome

    /// The author (or a coordinator) writes what was decided, once the poll has closed.
    public func writeOutcome(actor: Actor, poll id: PollID, text: String, origin: RequestOrigin) async throws {
        try await settleDue(origin: origin)
        let found = try await services.database.read { sql in try await polls.find(id, sql: sql) }
        guard let found else { throw ProposalError.pollNotFound }
        try await authorize(actor, .writeOutcome(author: found.poll.author), origin: origin)
        guard let writer = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = self.now()
        var poll = found.poll
        let statement = OutcomeStatement(author: writer, text: text.trimmingCharacters(in: .whitespacesAndNewlines), writtenAt: now)
        try poll.recordOutcome(statement)
        try await services.database.transaction { sql in
            try await polls.setOutcome(id, statement, sql: sql)
            try await audit.append(
                AuditEvent(actor: writer.rawValue, action: .update, resourceType: "poll-outcome", resourceID: id.rawValue, outcome: .success),
                origin: origin, at: now, sql: sql
            )
        }
    }

    // MARK: Shared

    /// The time, at the millisecond precision it is stored with, so a poll read back opens exactly when it was opened.
    func now() -> Date { Clock.date(Clock.milliseconds(services.now())) }

    /// Throws `AccessDenied` (after auditing it) unless ``GovernancePolicy`` allows `action`.
    func authorize(_ actor: Actor, _ action: GovernanceAction, origin: RequestOrigin) async throws {
        guard case .deny(let reason) = GovernancePolicy.decide(actor, action) else { return }
        let now = self.now()
        try await services.database.transaction { sql in
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, action: .accessDenied, resourceType: "governance", resourceID: String(describing: action),
                    outcome: .denied, detail: reason.rawValue
                ),
                origin: origin, at: now, sql: sql
            )
        }
        throw AccessDenied(reason)
    }
}
